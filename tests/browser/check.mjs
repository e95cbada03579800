// Checks a scorecard page in Debian's Chromium (headless, through
// playwright-core): axe-core's WCAG 2.0/2.1 A and AA rules, and whether the
// page scrolls sideways at each viewport width given. Prints one JSON object:
//   { "violations": [{ id, impact, help, nodes: [html...] }],
//     "widths": [{ width, scrollWidth, innerWidth }] }
// Usage: node check.mjs PAGE.html [WIDTH ...]   (default 1366)
// With --pdf OUT.pdf instead, prints the page to PDF from its print styles.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const page_path = args.shift();
if (!page_path) {
  console.error('usage: node check.mjs PAGE.html [WIDTH ...]');
  process.exit(2);
}
const widths = args.length ? args.map(Number) : [1366];
const executablePath = process.env.SCORECARD_CHROMIUM || '/usr/bin/chromium';
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
try {
  const url = pathToFileURL(path.resolve(page_path)).href;
  const result = { violations: [], widths: [] };
  for (const width of widths) {
    const page = await browser.newPage({ viewport: { width, height: 768 } });
    await page.goto(url);
    const m = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    result.widths.push({ width, ...m });
    if (width === widths[0]) {
      await page.addScriptTag({ content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
      const axe = await page.evaluate(async () =>
        // eslint-disable-next-line no-undef
        await axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        }));
      result.violations = axe.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.html),
      }));
      result.passes = axe.passes.length;
    }
    await page.close();
  }
  console.log(JSON.stringify(result, null, 1));
} finally {
  await browser.close();
}
