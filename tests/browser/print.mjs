// Prints web pages to PDF in headless Chromium (Debian's /usr/bin/chromium),
// as a reader's "Print" would, with the pages' own print stylesheet and
// their `@page` size and margin boxes, one browser for every page:
//
//   node tests/browser/print.mjs [--tipping] OUT_DIR PAGE.html...
//
// Writes OUT_DIR/<page name>.pdf for each page and prints one JSON line per
// page ({"page", "pdf", "pages"}); exits 1 if a page cannot be printed.
//
// With --tipping, each page is printed as it would be with just enough more
// content to need one more sheet of paper: a blank block grows at the end of
// <main> (found by halving, to a tenth of a millimetre) until the page count
// goes up, and the page is printed at that height ({"spacer_mm"} says which).
// That is where the last thing in the page (the closing band) is the first
// to spill onto a page of its own, unless the stylesheet keeps it with what
// comes before.

import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const args = process.argv.slice(2);
const tipping = args[0] === "--tipping";
const [out, ...pages] = tipping ? args.slice(1) : args;
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
      const print = async () => {
        const bytes = await page.pdf({ preferCSSPageSize: true, printBackground: true });
        return { bytes, pages: countPages(bytes) };
      };
      let spacer_mm = null;
      if (tipping) {
        const grow = (mm) => page.evaluate((mm) => {
          let block = document.getElementById("print-spacer");
          if (!block) {
            block = document.createElement("div");
            block.id = "print-spacer";
            document.querySelector("main").append(block);
          }
          block.style.height = `${mm}mm`;
        }, mm);
        await grow(0);
        const base = (await print()).pages;
        // A4 less its margins is under 270 mm: one more page within that.
        let [low, high] = [0, 270];
        while (high - low > 0.1) {
          const mid = (low + high) / 2;
          await grow(mid);
          if ((await print()).pages > base) high = mid; else low = mid;
        }
        spacer_mm = Math.round(high * 10) / 10;
        await grow(high);
      }
      const { bytes, pages } = await print();
      writeFileSync(pdf, bytes);
      console.log(JSON.stringify({ page: file, pdf, pages, spacer_mm }));
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

// The number of pages of a PDF Chromium wrote: its page objects.
function countPages(bytes) {
  return (Buffer.from(bytes).toString("latin1").match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
}
