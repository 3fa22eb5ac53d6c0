// The report's own inline script (plain ES5-style JavaScript, no framework): renders every chart from
// its embedded spec with vega-embed, and filters the differences table. Kept as a string so the
// report stays one file; it must never fetch anything.
export const RUNTIME = `
(function () {
  'use strict';
  var dataNode = document.getElementById('result-data');
  var result = dataNode ? JSON.parse(dataNode.textContent) : {};
  var specs = document.querySelectorAll('script[type="application/json"][data-chart]');
  Array.prototype.forEach.call(specs, function (node) {
    var target = document.getElementById(node.getAttribute('data-chart'));
    if (!target) return;
    if (typeof vegaEmbed !== 'function') { console.error('vega-embed is not loaded'); return; }
    var spec = JSON.parse(node.textContent);
    // Datasets the spec takes from the embedded result instead of carrying a copy.
    var from = (spec.usermeta && spec.usermeta.fromResult) || [];
    spec.datasets = spec.datasets || {};
    from.forEach(function (key) { spec.datasets[key] = result[key] || []; });
    vegaEmbed(target, spec, { actions: false, renderer: 'svg', tooltip: true })
      .then(function () { target.setAttribute('data-rendered', 'true'); })
      .catch(function (err) { target.textContent = 'This chart failed to render: ' + err.message; console.error(err); });
  });

  var text = document.getElementById('diff-text');
  var cause = document.getElementById('diff-cause');
  var engine = document.getElementById('diff-engine');
  var count = document.getElementById('diff-count');
  var rows = document.querySelectorAll('#differences tbody tr');
  function filter() {
    var q = text.value.trim().toLowerCase(), c = cause.value, e = engine.value, shown = 0;
    Array.prototype.forEach.call(rows, function (tr) {
      var ok = (!q || tr.getAttribute('data-text').indexOf(q) >= 0) &&
        (!c || (' ' + tr.getAttribute('data-causes') + ' ').indexOf(' ' + c + ' ') >= 0) &&
        (!e || (' ' + tr.getAttribute('data-engines') + ' ').indexOf(' ' + e + ' ') >= 0);
      tr.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = shown + ' of ' + rows.length + ' windows';
  }
  if (text && cause && engine && count) {
    text.addEventListener('input', filter);
    cause.addEventListener('change', filter);
    engine.addEventListener('change', filter);
  }
})();
`;
