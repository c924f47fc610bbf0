// dcsim report: the model (each PY's waterfall adds up to the published lines), the sections that
// come from hand-made models (risk, heatmap), the HTML's self-containment, and usage errors.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dec } from './decimal-oracle.js';
import { formatCents } from '../src/domain/exact.js';
import type { YearSettlement } from '../src/engines/settlement.js';
import { boardReport, waterfall, type Heatmap, type RiskYear } from '../src/report/board.js';
import { YEAR_COLUMNS, type SettlementReport } from '../src/report/settlement.js';
import { renderHtml } from '../src/render/html.js';
import { dcsimInProcess } from './helpers.js';
import { OUT } from './report-tools.js';

const d = (s: string) => new Dec(s);

/** A year with just the money lines the waterfall reads, in integer cents as the kernel gives them
 *  (the rest of YearSettlement is not used). */
function year(lines: Record<string, string>, extra: Record<string, unknown> = {}): YearSettlement {
  const o: Record<string, unknown> = { py: 2023, ...extra };
  for (const [k, v] of Object.entries(lines)) o[k] = BigInt(d(v).times(100).toFixed(0));
  return o as unknown as YearSettlement;
}

// Hand-worked (Global, in the first corridor band): B 1000.00, D 2% = 20.00, W 5% = 50.00, Q 90% of
// W = 45.00, so B* = 1000 - 20 - 50 + 45 = 975.00; E 900.00, S = 975 - 900 = 75.00, shared 75.00,
// sequestration 2% = 1.50, settlement 73.50.
const PLAIN = {
  benchmark: '1000.00', discount: '20.00', qualityWithhold: '50.00', withholdEarned: '45.00', performanceBenchmark: '975.00',
  expenditure: '900.00', savings: '75.00', sharedSavings: '75.00', sequestration: '1.50', settlement: '73.50',
};

describe('report model: the waterfall', () => {
  it('walks B, -D, -W, +Q, -R, +H = B* + H; -E = S; corridor; -sequestration = settlement', () => {
    const w = waterfall(year(PLAIN), YEAR_COLUMNS);
    expect(w.steps.map((s) => [s.key, formatCents(s.amount), formatCents(s.end)])).toEqual([
      ['benchmark', '1000.00', '1000.00'],
      ['discount', '-20.00', '980.00'],
      ['quality_withhold', '-50.00', '930.00'],
      ['withhold_earned', '45.00', '975.00'],
      ['retention_withhold', '0.00', '975.00'],
      ['heba', '0.00', '975.00'],
      ['performance_benchmark', '975.00', '975.00'],
      ['expenditure', '-900.00', '75.00'],
      ['savings', '75.00', '75.00'],
      ['corridor', '0.00', '75.00'],
      ['sequestration', '-1.50', '73.50'],
      ['settlement', '73.50', '73.50'],
    ]);
    expect(w.steps.filter((s) => s.kind === 'total').map((s) => formatCents(s.start))).toEqual(['0.00', '0.00', '0.00', '0.00']);
  });

  // With R and H: B 1000, D 20, W 50, Q 45, R 2% of 975 = 19.50 so B* = 955.50; H 10.00 (in cents on
  // the year, as the kernel may carry it); E 900, S = 955.50 + 10 - 900 = 65.50; a corridor keeping
  // half of S: shared 32.75; sequestration 2% = 0.66 (0.655 half-even); settlement 32.09.
  it('reads R and HEBA from the year when it has them (integer cents), and the corridor step', () => {
    const y = year({ ...PLAIN, performanceBenchmark: '955.50', savings: '65.50', sharedSavings: '32.75', sequestration: '0.66', settlement: '32.09' },
      { retentionWithhold: 1950n, heba: 1000n });
    const w = waterfall(y, YEAR_COLUMNS);
    const at = (k: string) => w.steps.find((s) => s.key === k)!;
    expect(formatCents(at('retention_withhold').amount)).toBe('-19.50');
    expect(formatCents(at('heba').amount)).toBe('10.00');
    expect(formatCents(at('performance_benchmark').amount)).toBe('965.50');
    expect(formatCents(at('expenditure').end)).toBe('65.50');
    expect(formatCents(at('corridor').amount)).toBe('-32.75');
    expect(at('corridor').kind).toBe('decrease');
    expect(formatCents(at('settlement').amount)).toBe('32.09');
    expect(formatCents(at('sequestration').end)).toBe('32.09');
  });

  it('without R and H on the year, they are implied by the published lines (so the bars add up)', () => {
    // B* 955.50 published with no retentionWithhold field: R = 1000 - 20 - 50 + 45 - 955.50 = 19.50
    const w = waterfall(year({ ...PLAIN, performanceBenchmark: '955.50', savings: '55.50', sharedSavings: '55.50', sequestration: '1.11', settlement: '54.39' }), YEAR_COLUMNS);
    expect(formatCents(w.steps.find((s) => s.key === 'retention_withhold')!.amount)).toBe('-19.50');
    expect(formatCents(w.steps.find((s) => s.key === 'heba')!.amount)).toBe('0.00');
  });
});

function miniReport(): SettlementReport {
  return {
    title: 'dcsim settlement: test', source: 'hand.csv', rowsRead: 10, rowsAligned: 9, parameters: { track: 'global', discount_rate: { 2023: '0.02' } },
    columns: YEAR_COLUMNS, years: [], notes: [], stopLoss: false, retention: false, heba: false, risk: false, medicaid: [],
  };
}

describe('report HTML from hand-made models', () => {
  // p05 -1,250,000.00, median 300,000.00, p95 1,800,000.50 (in cents), P(loss) 0.125 -> "12.5%"
  const risk: RiskYear[] = [{
    py: 2023, p05: -125_000_000n, p50: 30_000_000n, p95: 180_000_050n, pLoss: 0.125,
    histogram: [{ from: -200_000_000n, to: -100_000_000n, count: 40 }, { from: -100_000_000n, to: 0n, count: 85 }, { from: 0n, to: 100_000_000n, count: 600 }, { from: 100_000_000n, to: 200_000_000n, count: 275 }],
  }];
  const heatmap: Heatmap = {
    x: { key: 'discount_rate', values: ['0.01', '0.02'] },
    y: { key: 'quality_score', values: ['0.9', '1'] },
    cells: [
      { x: '0.01', y: '0.9', total: 150_000_000n }, { x: '0.02', y: '0.9', total: -25_000_000n },
      { x: '0.01', y: '1', total: 200_000_000n }, { x: '0.02', y: '1', total: null },
    ],
  };

  it('the risk section: a histogram per PY with p05/p50/p95 and P(loss), titled and described', async () => {
    const html = await renderHtml(boardReport(miniReport(), { risk }));
    expect(html).toContain('<section id="risk">');
    const svg = /<svg[^>]*id="risk-2023"[\s\S]*?<\/svg>/.exec(html)![0];
    expect(svg).toContain('<title id="risk-2023-title">PY2023: distribution of the settlement</title>');
    expect(svg).toMatch(/<desc id="risk-2023-desc">[^<]*-1,250,000\.00[^<]*300,000\.00[^<]*1,800,000\.50[^<]*12\.5%/);
    expect(svg).toContain('P(loss) = 12.5%');
    // four histogram bars, and the axis in dollars
    expect(svg).toContain('Settlement (dollars)');
    expect((svg.match(/aria-roledescription="rect mark"/g) ?? []).length).toBe(4);
    expect((svg.match(/aria-roledescription="rule mark"/g) ?? []).length).toBe(4); // p05, p50, p95 and zero
  });

  it('the heatmap: one cell per grid point, an unsettled one shown as n/a, labels in dollars', async () => {
    const html = await renderHtml(boardReport(miniReport(), { heatmap }));
    const svg = /<svg[^>]*id="heatmap"[\s\S]*?<\/svg>/.exec(html)![0];
    expect(svg).toContain('Total settlement by discount_rate and quality_score');
    for (const label of ['$1.50M', '−$250.0k', '$2.00M', 'n/a']) expect(svg).toContain(label);
  });

  it('names no network address and carries no script', async () => {
    const html = await renderHtml(boardReport(miniReport(), { heatmap, risk }));
    expect(html).not.toMatch(/https?:\/\//);
    // url(#id) is a gradient inside the same SVG; any other url( would load something
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\((?!#)/i);
  });
});

describe('dcsim report (CLI)', () => {
  it('writes the sample\'s report: every PY\'s settlement, >= 3 charts each with a title and desc, under 5 MB', async () => {
    const file = join(OUT, 'report-cli.html');
    const r = await dcsimInProcess(['report', '-o', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    const html = readFileSync(file, 'utf8');
    expect(Buffer.byteLength(html)).toBeLessThan(5 * 1024 * 1024);
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs.length).toBeGreaterThanOrEqual(3);
    for (const s of svgs) expect(s).toMatch(/^<svg[^>]*role="img"[^>]*><title id="[^"]+">[^<]+<\/title><desc id="[^"]+">[^<]+<\/desc>/);
    const run = await dcsimInProcess(['run', '-O', 'json']);
    const years = (JSON.parse(run.stdout) as { years: { settlement: string }[] }).years;
    expect(years.length).toBe(5);
    const text = html.replace(/,/g, '');
    for (const y of years) expect(text).toContain(`>${y.settlement}<`);
  });

  it('--risk adds the distribution of the settlement per PY, equal to dcsim risk with the same seed and trials', async () => {
    const file = join(OUT, 'report-risk.html');
    const r = await dcsimInProcess(['report', '--risk', '300', '--seed', '5', '-o', file]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('id="risk"');
    // the same simulation through dcsim risk: each PY's p05 and median appear in the report's text
    const risk = await dcsimInProcess(['risk', '--trials', '300', '--seed', '5', '-O', 'json']);
    expect(risk.code, risk.stderr).toBe(0);
    const years = (JSON.parse(risk.stdout) as { years: { performance_year: number; settlement: { p05: string; p50: string } }[] }).years;
    expect(years.length).toBe(5);
    const text = html.replace(/,/g, '');
    for (const y of years) {
      expect(text).toContain(`p05 ${y.settlement.p05}`);
      expect(text).toContain(`median ${y.settlement.p50}`);
    }
  });

  it.each([
    [['report'], 'writes a file: give it a name with -o'],
    [['report', '-o', 'x.csv'], 'cannot tell the format from the extension'],
    [['report', '-O', 'csv', '-o', 'x.html'], '-O csv: unknown output format'],
    [['report', '--vary', 'discount_rate=0.01,0.02', '-o', 'x.html'], 'give two keys for the heatmap'],
    [['run', '-O', 'xlsx'], 'writes a file: give it a name with -o'],
    [['run', '--by', 'dual_status', '--cohorts-out', 'c.csv', '-o', 'x.xlsx'], '--cohorts-only and --cohorts-out are for csv and json'],
    [['compare', 'fixtures/sample.csv', '-o', 'x.html'], 'cannot tell the format from the extension'],
  ])('usage error (exit 2, nothing written): %j', async (args, message) => {
    // a terminal on stdout: html and xlsx are never sent there
    const { captureIo } = await import('./helpers.js');
    const { main } = await import('../src/cli/main.js');
    const io = { ...captureIo(), stdoutIsTTY: true };
    const code = await main(args, io);
    expect(code).toBe(2);
    expect(io.stderr()).toContain(message);
    expect(io.stdout()).toBe('');
  });
});
