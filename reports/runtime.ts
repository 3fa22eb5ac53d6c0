// The report's own inline script (plain ES5-style JavaScript, no framework): renders every chart from
// its embedded spec with vega-embed, links the event-time panels to the overview's brush (zoom and pan),
// lets a panel's row be hidden, and filters the differences table. Kept as a string so the
// report stays one file; it must never fetch anything.
export const RUNTIME = `
(function () {
  'use strict';
  var dataNode = document.getElementById('result-data');
  var result = dataNode ? JSON.parse(dataNode.textContent) : {};
  var engines = result.engines || [];
  // Every rendered view by figure id, for the links between views (and for anyone re-plotting).
  var views = {};
  window.streamlabViews = views;
  function engineById(id) {
    for (var i = 0; i < engines.length; i++) if (engines[i].id === id) return engines[i];
    return null;
  }
  function seriesOf(id, key) {
    var e = engineById(id);
    var s = (e && e.series) || {};
    // A result from before windowResults: one point per sampled emission.
    if (key === 'windowResults' && !s.windowResults) {
      return (s.emissions || []).filter(function (x) { return x.window; }).map(function (x) {
        return { t: x.t, start: x.window.start, end: x.window.end, results: 1 };
      });
    }
    return s[key] || [];
  }
  // A linked panel follows its main view's brush: zx, zy are the brushed ranges (null: the whole run).
  function link(figure) {
    var main = views[figure.getAttribute('data-linked')];
    var panel = views[figure.id];
    if (!main || !panel || figure.getAttribute('data-link') === 'on') return;
    figure.setAttribute('data-link', 'on');
    main.addSignalListener('brush', function (_, value) {
      var x = value && value.t ? [+value.t[0], +value.t[1]] : null;
      var y = value && value.y ? [+value.y[0], +value.y[1]] : null;
      panel.signal('zx', x).signal('zy', y).runAsync().then(function () {
        figure.setAttribute('data-zoom', x ? x.join(',') + ';' + (y ? y.join(',') : '') : '');
      });
    });
  }
  function linkAll() {
    Array.prototype.forEach.call(document.querySelectorAll('figure[data-linked]'), link);
  }
  var specs = document.querySelectorAll('script[type="application/json"][data-chart]');
  Array.prototype.forEach.call(specs, function (node) {
    var target = document.getElementById(node.getAttribute('data-chart'));
    if (!target) return;
    if (typeof vegaEmbed !== 'function') { console.error('vega-embed is not loaded'); return; }
    var spec = JSON.parse(node.textContent);
    // Datasets the spec takes from the embedded result instead of carrying a copy.
    var meta = spec.usermeta || {};
    spec.datasets = spec.datasets || {};
    (meta.fromResult || []).forEach(function (key) { spec.datasets[key] = result[key] || []; });
    if (meta.fromEngine) meta.fromEngine.series.forEach(function (key) { spec.datasets[key] = seriesOf(meta.fromEngine.id, key); });
    if (meta.lateOf) spec.datasets.late = [].concat.apply([], meta.lateOf.map(function (id) { return seriesOf(id, 'late'); }));
    // Expressions parsed to an AST and interpreted (vega's CSP-safe interpreter): the CSP needs no unsafe-eval.
    vegaEmbed(target, spec, { actions: false, renderer: 'svg', tooltip: true, ast: true, expr: vega.expressionInterpreter })
      .then(function (res) {
        views[target.id] = res.view;
        target.setAttribute('data-rendered', 'true');
        linkAll();
      })
      .catch(function (err) { target.textContent = 'This chart failed to render: ' + err.message; console.error(err); });
  });
  // A row of linked panels can be hidden (and shown again) from its checkbox.
  Array.prototype.forEach.call(document.querySelectorAll('input[data-panel]'), function (box) {
    box.addEventListener('change', function () {
      var figure = document.getElementById(box.getAttribute('data-panel'));
      if (figure) figure.hidden = !box.checked;
    });
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
