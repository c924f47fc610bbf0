// `npm run docs:screenshot`: render the bundled sample's report (dcsim report) in headless Chromium
// (Debian's chromium-headless-shell, driven by playwright-core; no browser download) and save
// docs/report.png for the README: the top of the report, where its key figures and charts are.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium-headless-shell';
const out = process.argv[2] ?? 'docs/report.png';
const dir = mkdtempSync(join(tmpdir(), 'dcsim-report-'));
try {
  const html = join(dir, 'report.html');
  execFileSync(process.execPath, ['bin/dcsim.js', 'report', '-o', html], { stdio: ['ignore', 'inherit', 'inherit'] });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 960, height: 1400 }, deviceScaleFactor: 1 });
    await page.goto(pathToFileURL(html).href);
    // The key figures, the parameters, the options compared and the first waterfall.
    const top = await page.locator('#waterfalls figure').first().boundingBox();
    const height = Math.ceil((top?.y ?? 1400) + (top?.height ?? 0) + 16);
    await page.screenshot({ path: out, fullPage: true, clip: { x: 0, y: 0, width: 960, height }, type: 'png' });
    console.error(`wrote ${out} (960 x ${height})`);
  } finally {
    await browser.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
