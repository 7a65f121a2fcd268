// The page of `briefing serve` in headless Chromium (Debian's /usr/bin/chromium,
// driven by puppeteer-core). Run by tests/integration/serve.rs as
//   node serve.mjs URL PROJECT_DIR SCREENSHOT_DIR
// against `briefing serve --scope air --lang en --kind factsheet,deck --out out`
// in PROJECT_DIR. It edits PROJECT_DIR/data/figures.toml itself. Every wait
// is a poll with a generous deadline; the delays seen are printed, never
// asserted. Exits non-zero, with the reason, on the first failed check.
import fs from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const [url, project, shots] = process.argv.slice(2);
const figures = path.join(project, 'data', 'figures.toml');
const FIGURE = 'id = "bap-rotations"\nvalue = 16\n';
const CHANGED = 'id = "bap-rotations"\nvalue = 17\n';
const BROKEN = 'id = "bap-rotations"\nvalu = 17\n';
const DEADLINE = 60_000;

function check(ok, what) {
  if (!ok) throw new Error('check failed: ' + what);
}

function edit(from, to) {
  const text = fs.readFileSync(figures, 'utf8');
  check(text.includes(from), `figures.toml holds ${JSON.stringify(from)}`);
  fs.writeFileSync(figures, text.replace(from, to));
}

// Polls `fn` in the page until it returns something truthy; returns it and the time taken.
async function until(page, what, fn, ...args) {
  const started = Date.now();
  try {
    const handle = await page.waitForFunction(fn, { timeout: DEADLINE, polling: 50 }, ...args);
    return { value: await handle.jsonValue(), ms: Date.now() - started };
  } catch (e) {
    const status = await page.$eval('#status', (s) => s.textContent);
    const images = await page.$$eval('img', (imgs) =>
      imgs.map((i) => `${i.id || i.alt}: ${i.getAttribute('src')} ${i.complete} ${i.naturalWidth}`).join('\n'));
    // Whether the server still answers, from outside the browser.
    const pending = await page.$$eval('img', (imgs) => imgs.filter((i) => !i.complete).map((i) => i.src));
    const probes = pending.map((u) => `${u} in the browser: ${(network.get(u) || ['never asked for']).join(', ')}`);
    for (const u of [url + 'api/state', ...pending]) {
      try {
        const r = await fetch(u, { signal: AbortSignal.timeout(5000) });
        probes.push(`${u}: ${r.status} ${(await r.arrayBuffer()).byteLength} bytes`);
      } catch (err) {
        probes.push(`${u}: ${err.message}`);
      }
    }
    throw new Error(`waiting for ${what}: ${e.message}\nstatus: ${status}\nimages:\n${images}\nfrom outside:\n${probes.join('\n')}`);
  }
}

const imagesLoaded = (selector) => {
  const imgs = [...document.querySelectorAll(selector)];
  return imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0) && imgs.length;
};

const browser = await puppeteer.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const report = {};
// What the browser did with each request (for the message of a failed wait).
const network = new Map();
const note = (u, what) => network.set(u, [...(network.get(u) || []), what]);
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const failed = [];
  page.on('request', (r) => note(r.url(), 'sent'));
  page.on('response', (r) => note(r.url(), 'answered ' + r.status()));
  page.on('requestfinished', (r) => note(r.url(), 'finished'));
  page.on('requestfailed', (r) => note(r.url(), 'failed ' + r.failure()?.errorText));
  page.on('pageerror', (e) => failed.push('page error: ' + e.message));
  page.on('requestfailed', (r) => failed.push('request failed: ' + r.url() + ' ' + r.failure()?.errorText));
  page.on('response', (r) => { if (r.status() >= 400) failed.push(r.status() + ' for ' + r.url()); });

  // The index lists the selection's documents, with their thumbnails.
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await until(page, 'two thumbnails', imagesLoaded, '#index li[data-name] img');
  const names = await page.$$eval('#index li[data-name]', (cards) => cards.map((c) => c.dataset.name));
  check(JSON.stringify(names) === '["factsheet-air-en","deck-air-en"]', 'the index lists both documents: ' + names);
  const headings = await page.$$eval('#index h2', (h) => h.map((x) => x.textContent));
  check(JSON.stringify(headings) === '["Fact sheets","Decks"]', 'grouped by kind: ' + headings);
  await page.screenshot({ path: path.join(shots, 'index.png') });

  // A document's pages, at screen size, with a link to its PDF.
  await page.goto(url + '#doc/factsheet-air-en', { waitUntil: 'domcontentloaded' });
  const sheetPages = (await until(page, 'the fact sheet pages', imagesLoaded, '#pages img')).value;
  check(sheetPages === 2, 'the fact sheet shows 2 pages, not ' + sheetPages);
  const pdf = await page.$eval('#document-pdf', (a) => a.href);
  check(/\/files\/factsheet-air-en\.pdf\?v=/.test(pdf), 'the PDF link: ' + pdf);
  const pdfReply = await page.evaluate(async (u) => {
    const r = await fetch(u);
    const head = new Uint8Array(await r.arrayBuffer()).slice(0, 5);
    return r.headers.get('content-type') + ' ' + String.fromCharCode(...head);
  }, pdf);
  check(pdfReply === 'application/pdf %PDF-', 'the PDF is served: ' + pdfReply);
  const cssWidth = await page.$eval('#pages img', (i) => i.getBoundingClientRect().width);
  check(Math.abs(cssWidth - 794) < 2, 'an A4 page shows at screen size (794 px), not ' + cssWidth);
  await page.screenshot({ path: path.join(shots, 'document.png') });

  // The deck's view: an edit to a figure fetches again only the slides it changed.
  await page.goto(url + '#doc/deck-air-en', { waitUntil: 'domcontentloaded' });
  const slides = (await until(page, 'the deck slides', imagesLoaded, '#pages img')).value;
  check(slides > 2, 'the deck shows its slides: ' + slides);
  await page.$$eval('#pages img', (imgs) => imgs.forEach((img, i) => { img.dataset.before = img.dataset.sha; img.briefingMark = i; }));
  edit(FIGURE, CHANGED);
  const changed = await until(page, 'the edited slides', () => {
    const imgs = [...document.querySelectorAll('#pages img')];
    const moved = imgs.filter((i) => i.dataset.sha !== i.dataset.before);
    return moved.length > 0 && moved.every((i) => i.complete && i.naturalWidth > 0) && moved.length;
  });
  report.edit_to_updated_deck_view_ms = changed.ms;
  const kept = await page.$$eval('#pages img', (imgs) =>
    imgs.filter((i) => i.dataset.sha === i.dataset.before && i.briefingMark !== undefined).length);
  check(kept > 0 && kept + changed.value === slides,
    `only the changed slides were fetched again: ${changed.value} changed, ${kept} kept of ${slides}`);
  report.slides_changed = changed.value;
  report.slides_kept = kept;

  // The presenter view: the slide, the next one, its notes (those of the .pdfpc), a timer.
  const pdfpc = JSON.parse(fs.readFileSync(path.join(project, 'out', 'deck-air-en.pdfpc'), 'utf8'));
  await page.goto(url + '#present/deck-air-en/2', { waitUntil: 'domcontentloaded' });
  await until(page, 'the presenter view', imagesLoaded, '#presenter img');
  const notes = await page.$eval('#notes', (n) => n.innerText);
  const squash = (s) => s.replace(/\s+/g, ' ').trim();
  check(squash(notes) === squash(pdfpc.pages[1].note), `slide 2's notes are the pdfpc's: ${notes}`);
  check((await page.$eval('#presenter-count', (c) => c.textContent)) === `Slide 2 of ${slides}`, 'the slide count');
  await page.keyboard.press('ArrowRight');
  await until(page, 'the next slide', () => document.querySelector('#presenter-count').textContent.startsWith('Slide 3 '));
  const current = await page.$eval('#slide-current', (i) => i.src);
  check(/deck-air-en-03\.png/.test(current), 'the current slide is slide 3: ' + current);
  const next = await page.$eval('#slide-next', (i) => i.src);
  check(/deck-air-en-04\.png/.test(next), 'the next slide is slide 4: ' + next);
  await until(page, 'the timer', () => /^\d\d:\d\d$/.test(document.querySelector('#timer').textContent) &&
    document.querySelector('#timer').textContent !== '00:00');
  await page.screenshot({ path: path.join(shots, 'presenter.png') });

  // A broken data file: the located error in the page, the last good pages under it.
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await until(page, 'the index', imagesLoaded, '#index li[data-name] img');
  const before = await page.$$eval('#index img', (imgs) => imgs.map((i) => i.src));
  edit(CHANGED, BROKEN);
  const shown = await until(page, 'the error', () => !document.querySelector('#problems').hidden &&
    document.querySelector('#problems').innerText);
  report.break_to_error_shown_ms = shown.ms;
  const problem = shown.value;
  // The broken key's own line, wherever the data file has it.
  const line = fs.readFileSync(figures, 'utf8').split('\n').indexOf('valu = 17') + 1;
  for (const part of [`data/figures.toml:${line}:1`, 'valu = 17', 'unknown field `valu`', 'hint: did you mean `value`?']) {
    check(problem.includes(part), `the error shows ${JSON.stringify(part)}:\n${problem}`);
  }
  const caret = await page.$eval('#problems .caret', (c) => c.textContent);
  check(/^ +\^{4}$/.test(caret), 'a caret under `valu`: ' + JSON.stringify(caret));
  const after = await page.$$eval('#index img', (imgs) => imgs.map((i) => i.src));
  check(JSON.stringify(after) === JSON.stringify(before), 'the last good thumbnails stay');
  check((await until(page, 'the thumbnails', imagesLoaded, '#index img')).value === 2, 'and show');
  await page.screenshot({ path: path.join(shots, 'error.png') });

  // Fixed: the error goes away.
  edit(BROKEN, CHANGED);
  const fixed = await until(page, 'the error to go', () => document.querySelector('#problems').hidden &&
    document.body.dataset.building === 'false');
  report.fix_to_error_gone_ms = fixed.ms;
  const real = failed.filter((f) => !(f.startsWith('request failed') && f.includes('net::ERR_ABORTED')));
  check(real.length === 0, 'no script errors or failed requests: ' + real.join('; '));
  console.log('serve.mjs: every check passed ' + JSON.stringify(report));
} finally {
  await browser.close();
}
