import { chromium } from 'playwright-core';
const file = process.argv[2]; const out = process.argv[3]; const hash = process.argv[4] ?? '';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const page = await b.newPage({ viewport: { width: 1280, height: 900 } });
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log('console', m.type(), m.text()); });
page.on('pageerror', (e) => console.log('pageerror', e.message));
page.on('request', (r) => { if (!/^(file|data|about):/.test(r.url())) console.log('request', r.url()); });
await page.goto('file://' + file + hash);
await page.waitForFunction(() => Number(document.body.dataset.renders ?? 0) > 0, null, { timeout: 20000 });
const steps = Number(process.argv[5] ?? 0);
for (let i = 0; i < steps; i++) { await page.click('#step'); }
await page.waitForTimeout(800);
await page.screenshot({ path: out, fullPage: true });
console.log(await page.evaluate(() => location.hash));
await b.close();
