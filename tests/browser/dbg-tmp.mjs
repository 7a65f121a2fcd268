import puppeteer from 'puppeteer-core';
const [url, consume] = process.argv.slice(2);
const browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
for (let round = 0; round < 4; round++) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(url + '#doc/factsheet-air-en');
  await page.waitForFunction(() => document.querySelectorAll('#pages img').length === 2 && [...document.querySelectorAll('#pages img')].every(i => i.complete && i.naturalWidth));
  const pdf = await page.$eval('#document-pdf', (a) => a.href);
  await page.evaluate(async (u, c) => { const r = await fetch(u); if (c === 'yes') await r.arrayBuffer(); return r.status; }, pdf, consume);
  await page.goto(url + '#doc/deck-air-en');
  const t = Date.now();
  try {
    await page.waitForFunction(() => document.querySelectorAll('#pages img').length === 14 && [...document.querySelectorAll('#pages img')].every(i => i.complete && i.naturalWidth), { timeout: 10000 });
    console.log(round, 'ok', Date.now() - t);
  } catch (e) {
    console.log(round, 'STUCK', await page.evaluate(() => [...document.querySelectorAll('#pages img')].filter(i => !i.complete).length));
  }
  await page.close();
}
await browser.close();
