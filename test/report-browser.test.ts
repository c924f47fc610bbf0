// dcsim report opened where people open it: headless Chromium (Debian's chromium-headless-shell via
// playwright-core, no browser download). No console message of type error or warning, no request
// beyond the file itself, every PY's settlement on the page, >= 3 SVG charts, < 5 MB, and on paper
// (print media, A4 and Letter) no chart wider than the page or taller than one page.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dcsimInProcess } from './helpers.js';
import { CHROMIUM, HAVE_CHROMIUM, needs, OUT, requireProgram } from './report-tools.js';

const FILE = join(OUT, 'report.html');
let browser: Browser | undefined;
let settlements: string[] = [];

describe.runIf(needs('chromium-headless-shell', HAVE_CHROMIUM, 'apt-get install chromium-headless-shell'))('dcsim report in headless Chromium', () => {
  beforeAll(async () => {
    requireProgram('chromium-headless-shell', HAVE_CHROMIUM);
    const r = await dcsimInProcess(['report', '--by', 'dual_status', '-o', FILE]);
    expect(r.code, r.stderr).toBe(0);
    const run = await dcsimInProcess(['run', '-O', 'json']);
    settlements = (JSON.parse(run.stdout) as { years: { settlement: string }[] }).years.map((y) => y.settlement);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('opens with no console error or warning, loads nothing else, shows every PY\'s settlement and >= 3 charts', async () => {
    const page = await browser!.newPage({ viewport: { width: 1000, height: 1200 } });
    const messages: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') messages.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`));
    page.on('request', (q) => requests.push(q.url()));
    const url = pathToFileURL(FILE).href;
    await page.goto(url, { waitUntil: 'load' });
    expect(messages).toEqual([]);
    expect(requests).toEqual([url]);
    expect(statSync(FILE).size).toBeLessThan(5 * 1024 * 1024);

    // the settlement row of the table: one cell per PY (then the total), as the CSV prints them
    const row = await page.locator('tr[data-line="settlement"] td').allInnerTexts();
    expect(settlements.length).toBe(5);
    expect(row.slice(0, settlements.length).map((t) => t.replace(/,/g, ''))).toEqual(settlements);
    const text = (await page.locator('body').innerText()).replace(/,/g, '');
    for (const s of settlements) expect(text).toContain(s);

    const charts = await page.locator('svg').evaluateAll((svgs) => svgs.map((s) => ({
      title: s.querySelector('title')?.textContent ?? '', desc: s.querySelector('desc')?.textContent ?? '', label: s.getAttribute('aria-labelledby'),
      width: s.getBoundingClientRect().width,
    })));
    expect(charts.length).toBeGreaterThanOrEqual(3);
    for (const c of charts) {
      expect(c.title.length).toBeGreaterThan(5);
      expect(c.desc).toMatch(/dollars/);
      expect(c.label).toBeTruthy();
      expect(c.width).toBeGreaterThan(200);
    }
    const sources = await page.locator('[src], [href]').evaluateAll((els) => els.map((e) => e.getAttribute('src') ?? e.getAttribute('href')));
    expect(sources.filter((s) => /^https?:/i.test(s ?? ''))).toEqual([]);
    expect(readFileSync(FILE, 'utf8')).not.toMatch(/https?:\/\//);
    await page.screenshot({ path: join(OUT, 'report.png'), fullPage: true });
    await page.close();
  });

  // Printable area at 96 px per inch less the 12 mm x 14 mm margins of the print CSS:
  // A4 210 x 297 mm -> 186 x 269 mm = 703 x 1017 px; Letter 8.5 x 11 in -> 191.9 x 251.4 mm = 725 x 950 px.
  it.each([
    ['A4', 703, 1017],
    ['Letter', 725, 950],
  ] as const)('prints on %s: every chart fits the page width and one page\'s height', async (format, width, height) => {
    const page = await browser!.newPage({ viewport: { width, height } });
    await page.emulateMedia({ media: 'print' });
    await page.goto(pathToFileURL(FILE).href);
    const boxes = await page.locator('figure').evaluateAll((fs) => fs.map((f) => {
      const r = f.querySelector('svg')!.getBoundingClientRect();
      return { w: r.width, h: r.height, right: r.right };
    }));
    expect(boxes.length).toBeGreaterThanOrEqual(3);
    for (const b of boxes) {
      expect(b.right).toBeLessThanOrEqual(width + 0.5);
      expect(b.h).toBeLessThan(height);
    }
    const pdf = await page.pdf({ path: join(OUT, `report-${format}.pdf`), format, printBackground: true });
    expect(pdf.length).toBeGreaterThan(10_000);
    await page.close();
  });
});
