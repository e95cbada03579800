// Remakes the README's screenshots from a scorecard page (see
// docs/screenshots.sh): the summary at the top of the page at 1366x768, and
// one indicator's detail view opened.
// Usage: node screenshots.mjs PAGE.html OUT_DIR [REF]
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const [page_path, out_dir, ref = 'CIN8'] = process.argv.slice(2);
if (!page_path || !out_dir) {
  console.error('usage: node screenshots.mjs PAGE.html OUT_DIR [REF]');
  process.exit(2);
}
const executablePath = process.env.SCORECARD_CHROMIUM || '/usr/bin/chromium';
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(pathToFileURL(path.resolve(page_path)).href);
  await page.screenshot({ path: path.join(out_dir, 'summary.png') });
  const row = page.locator(`#row-${ref}`);
  await row.locator('summary').click();
  await row.scrollIntoViewIfNeeded();
  await row.screenshot({ path: path.join(out_dir, 'detail.png') });
} finally {
  await browser.close();
}
