import { chromium } from 'playwright-core';
const [url, out] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
page.on('console', (m) => console.log('console:', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(url);
try { await page.waitForSelector('[data-map-state="idle"], [data-remote-state="error"], [data-testid="layer-count"]', { timeout: 30000 }); } catch (e) { console.log('timeout', e.message); }
await page.waitForTimeout(500);
await page.screenshot({ path: out });
console.log(await page.evaluate(() => document.body.innerText.slice(0, 300)));
await browser.close();
