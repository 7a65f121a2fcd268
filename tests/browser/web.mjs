// Checks web fact sheets in headless Chromium (Debian's /usr/bin/chromium),
// one browser for every page:
//
//   node tests/browser/web.mjs SHOTS_DIR DIR...
//
// For every `*.html` in each DIR: axe-core finds no WCAG 2.1 AA violation;
// at 375 px and 1280 px the page does not scroll sideways; a fact sheet
// requests nothing but itself and data: URLs (the index may load the
// thumbnails beside it); no script element is in the page; the four Inter
// faces embedded in the page load, and the headings, the text and the
// charts' labels are drawn with them (the browser's own account, over the
// DevTools protocol), not with a system font; each chart's table of values is
// shown, beside the chart at 1280 px (a timeline's under it) and under it at
// 375 px, overlapping it nowhere. Writes a
// screenshot of the first fact sheet and the index of each DIR at both widths
// into SHOTS_DIR. Prints one JSON line per page checked, then exits 1 if any
// check failed, listing each failure.

import { readFileSync, readdirSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const here = dirname(fileURLToPath(import.meta.url));
const axeSource = readFileSync(join(here, "node_modules/axe-core/axe.min.js"), "utf8");
const [shots, ...dirs] = process.argv.slice(2);
if (!shots || dirs.length === 0) {
  console.error("usage: node web.mjs SHOTS_DIR DIR...");
  process.exit(2);
}

const widths = [375, 1280];
const failures = [];
const browser = await puppeteer.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--font-render-hinting=none"],
});
try {
  for (const dir of dirs.map((d) => resolve(d))) {
    const pages = readdirSync(dir).filter((f) => f.endsWith(".html")).sort();
    const firstSheet = pages.find((f) => f !== "index.html");
    for (const file of pages) {
      const result = await check(dir, file, file === "index.html" || file === firstSheet);
      console.log(JSON.stringify(result));
      for (const f of result.failures) failures.push(`${join(dir, file)}: ${f}`);
    }
  }
} finally {
  await browser.close();
}
if (failures.length > 0) {
  console.error(failures.join("\n"));
  process.exit(1);
}

async function check(dir, file, screenshot) {
  const url = pathToFileURL(join(dir, file)).href;
  const isIndex = file === "index.html";
  const page = await browser.newPage();
  const problems = [];
  const requested = [];
  await page.setRequestInterception(true);
  page.on("request", (req) => {
    const u = req.url();
    const sibling = isIndex && u.startsWith(pathToFileURL(dir).href + "/");
    if (u === url || u.startsWith("data:") || sibling) {
      req.continue();
    } else {
      requested.push(u);
      req.abort();
    }
  });
  await page.setViewport({ width: widths[1], height: 900 });
  await page.goto(url, { waitUntil: "load" });
  const scripts = await page.evaluate(() => document.querySelectorAll("script").length);
  if (scripts > 0) problems.push(`${scripts} script element(s) in the page`);
  // Evaluated, not added as a script element, so the count above stays meaningful.
  await page.evaluate(axeSource);
  const axe = await page.evaluate(() =>
    globalThis.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    }),
  );
  for (const v of axe.violations) {
    const where = v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ");
    problems.push(`axe ${v.id} (${v.impact}): ${v.help} at ${where}`);
  }
  const scroll = {};
  const chartPlaces = {};
  for (const width of widths) {
    await page.setViewport({ width, height: 900 });
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    scroll[width] = scrollWidth;
    if (scrollWidth > innerWidth) {
      problems.push(`scrolls sideways at ${width} px (${scrollWidth} px wide)`);
    }
    // Each chart's values are shown, never hidden, and never over the drawing:
    // beside it on a wide screen (where the figure says so), under it otherwise.
    const charts = await page.evaluate(() => [...document.querySelectorAll("figure.chart")].map((f) => {
      const d = f.querySelector(".drawing").getBoundingClientRect();
      const v = f.querySelector(".chart-values");
      const r = v ? v.getBoundingClientRect() : null;
      const shown = Boolean(v && v.checkVisibility() && r.height > 0 &&
        v.querySelector("table caption, .values-heading"));
      const place = !r ? "none"
        : r.left >= d.right - 0.5 ? "beside"
        : r.top >= d.bottom - 0.5 ? "under" : "overlapping";
      return { id: f.id, shown, place, beside: f.classList.contains("chart-beside") };
    }));
    chartPlaces[width] = charts.map((c) => c.place);
    for (const c of charts) {
      const want = width >= 1024 && c.beside ? "beside" : "under";
      if (!c.shown) problems.push(`${c.id}: its values are not shown at ${width} px`);
      if (c.place !== want) problems.push(`${c.id}: its values are ${c.place}, not ${want}, at ${width} px`);
    }
    if (screenshot) {
      const name = `${basename(dir)}-${file.replace(/\.html$/, "")}-${width}.png`;
      await page.screenshot({ path: join(shots, name), fullPage: true });
    }
  }
  for (const u of requested) problems.push(`requested ${u}`);
  const fonts = await embeddedFonts(page);
  problems.push(...fonts.problems);
  const text = await page.evaluate(() => document.body.innerText);
  await page.close();
  return {
    page: join(dir, file),
    violations: axe.violations.length,
    passes: axe.passes.length,
    scroll,
    chart_values: chartPlaces,
    requests: requested.length,
    scripts,
    text_has_script_tag: text.includes("<script>alert(1)</script>"),
    fonts_loaded: fonts.loaded,
    drawn_with: fonts.drawn,
    failures: problems,
  };
}

// Whether the page's embedded faces load, and which fonts the browser drew
// a few elements' text with.
async function embeddedFonts(page) {
  const problems = [];
  const loaded = await page.evaluate(async () => {
    await document.fonts.ready;
    const out = {};
    for (const face of ["400 16px Inter", "600 16px Inter", "700 16px Inter", "italic 400 16px Inter"]) {
      try {
        const got = await document.fonts.load(face, "A");
        out[face] = got.length > 0 && got.every((f) => f.status === "loaded");
      } catch (e) {
        out[face] = false;
      }
    }
    return out;
  });
  for (const [face, ok] of Object.entries(loaded)) {
    if (!ok) problems.push(`the embedded face ${face} does not load`);
  }
  const cdp = await page.createCDPSession();
  await cdp.send("DOM.enable");
  await cdp.send("CSS.enable");
  // The first element of each kind that holds text itself and is laid out (a closed
  // <details> is not: checkVisibility), marked for the query below.
  const selectors = ["h1", "h2", "main p", "svg text", "th", "em"];
  const marked = await page.evaluate((selectors) => selectors.map((selector, i) => {
    const el = [...document.querySelectorAll(selector)]
      .find((e) => e.checkVisibility() &&
        [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim()));
    if (el) el.dataset.fontProbe = String(i);
    return Boolean(el);
  }), selectors);
  const { root } = await cdp.send("DOM.getDocument", { depth: -1 });
  const drawn = {};
  for (const [i, selector] of selectors.entries()) {
    if (!marked[i]) continue;
    const probe = `[data-font-probe="${i}"]`;
    const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector: probe });
    const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
    drawn[selector] = fonts.map((f) => `${f.postScriptName}${f.isCustomFont ? "" : " (system)"}`);
    if (fonts.length === 0 || !fonts.every((f) => f.isCustomFont && f.postScriptName.startsWith("Inter"))) {
      problems.push(`${selector} is drawn with ${drawn[selector].join(", ") || "nothing"}, not the embedded Inter`);
    }
  }
  await cdp.detach();
  return { loaded, drawn, problems };
}
