// Prints web pages to PDF in headless Chromium (Debian's /usr/bin/chromium),
// as a reader's "Print" would, with the pages' own print stylesheet and
// their `@page` size and margin boxes, one browser for every page:
//
//   node tests/browser/print.mjs OUT_DIR PAGE.html...
//
// Writes OUT_DIR/<page name>.pdf for each page and prints one JSON line per
// page ({"page", "pdf"}); exits 1 if a page cannot be printed.

import { mkdirSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const [out, ...pages] = process.argv.slice(2);
if (!out || pages.length === 0) {
  console.error("usage: node print.mjs OUT_DIR PAGE.html...");
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const browser = await puppeteer.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--font-render-hinting=none"],
});
let failed = false;
try {
  for (const file of pages.map((p) => resolve(p))) {
    const page = await browser.newPage();
    try {
      await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
      await page.evaluate(() => document.fonts.ready);
      const pdf = join(resolve(out), basename(file, ".html") + ".pdf");
      // The page's own @page rule decides size and margins; no browser header
      // or footer (the page's margin boxes are its own).
      await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
      console.log(JSON.stringify({ page: file, pdf }));
    } catch (e) {
      console.error(`${file}: ${e.message}`);
      failed = true;
    } finally {
      await page.close();
    }
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
