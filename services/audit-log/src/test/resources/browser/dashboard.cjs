// Drives the dashboard in Debian's chromium through playwright-core.
// usage: node dashboard.cjs TOOLS_DIR URL SCREENSHOT LIVE_STORE [REGION LABEL FILTERED_SCREENSHOT]
// Prints "loaded" once the first data is in, then waits for LIVE_STORE to appear (pushed via SSE; the Java test
// records it after reading "loaded"), then prints one JSON line of what the page shows and saves a screenshot.
const path = require('path');
const [tools, url, screenshot, liveStore, region, label, filteredShot] = process.argv.slice(2);
const { chromium } = require(path.join(tools, 'node_modules', 'playwright-core'));

(async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => console.error('[page] ' + m.text()));
    await page.goto(url);
    await page.waitForSelector('body[data-loaded="true"]', { timeout: 30000 });
    await page.waitForSelector('#live.on', { timeout: 30000 });
    console.log('loaded');
    await page.waitForSelector(`tr[data-store="${liveStore}"]`, { timeout: 30000 });
    const rows = await page.$$eval('#grid tbody tr', (trs) => trs.map((tr) => tr.innerText.replace(/\s+/g, ' ').trim()));
    const summary = await page.$eval('#summary', (e) => e.innerText.replace(/\s+/g, ' ').trim());
    const versions = await page.$eval('#versions', (e) => e.innerText.replace(/\s+/g, ' ').trim());
    await page.selectOption('#state', 'ErrApplied');
    await page.waitForFunction(() => [...document.querySelectorAll('#grid tbody tr td:nth-child(2)')]
      .every((td) => td.innerText === 'ErrApplied'), null, { timeout: 15000 });
    const errRows = await page.$$eval('#grid tbody tr', (trs) => trs.map((tr) => tr.dataset.store));
    await page.selectOption('#state', '');
    await page.waitForFunction((n) => document.querySelectorAll('#grid tbody tr').length === n, rows.length, { timeout: 15000 });
    await page.screenshot({ path: screenshot, fullPage: true });
    const rollouts = await page.$$eval('#rollouts tbody tr', (trs) => trs.map((tr) => tr.innerText.replace(/\s+/g, ' ').trim()));
    let regionRows = null;
    let labelRows = null;
    if (region) {
      // the region list comes from the streamed inventory, with counts
      await page.waitForSelector(`#region option[value="${region}"]`, { state: "attached", timeout: 15000 });
      await page.selectOption('#region', region);
      await page.waitForFunction((r) => [...document.querySelectorAll('#grid tbody tr td.labels')]
        .every((td) => td.innerText.startsWith(r)), region, { timeout: 15000 });
      regionRows = await page.$$eval('#grid tbody tr', (trs) => trs.map((tr) => tr.dataset.store));
      await page.fill('#label', label);
      await page.waitForFunction((n) => document.querySelectorAll('#grid tbody tr').length < n, regionRows.length, { timeout: 15000 });
      labelRows = await page.$$eval('#grid tbody tr', (trs) => trs.map((tr) => tr.dataset.store));
      await page.screenshot({ path: filteredShot, fullPage: true });
    }
    console.log(JSON.stringify({ rows, summary, versions, errRows, rollouts, regionRows, labelRows,
      live: await page.$eval('#live', (e) => e.innerText) }));
  } finally {
    await browser.close();
  }
})().catch((e) => { console.error(e); process.exit(1); });
