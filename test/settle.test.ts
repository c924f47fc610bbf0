// dcsim settle against CMS's real published results: the 284 entity-years of the ACO REACH / GPDC
// Financial and Quality Results PUF, PY2021-2023 (fixtures/reach-puf/, public CMS data shipped with
// dcsim; its README gives the source and the columns). The corridor of METHODOLOGY section 5, through the one kernel, must give
// CMS's SHARED_SAVINGS for every row (within $0.02 for PY2021 and PY2023, whose components CMS rounds
// separately; within $1.00 for PY2022, whose copy rounds FINAL_BENCHMARK and TOT_COST_CARE_NET to 10
// significant digits) and SHARED_SAVINGS_SEQ for all but two Professional rows that publish 0.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { abs, add, cmp, div, mul, ratio, ratioOfCents, sub, type Ratio } from '../src/domain/exact.js';
import { parseEntityCsv } from '../src/io/entity-csv.js';
import { summaryRows, type EntityLine } from '../src/report/entity.js';
import { recoverBenchmark, settleEntities } from '../src/usecases/settle/settle.js';
import { dcsimInProcess } from './helpers.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PUF_PATH = 'fixtures/reach-puf/reach_results_py2021_2023.csv';
const PUF = fileURLToPath(new URL(`../${PUF_PATH}`, import.meta.url));

const TOLERANCE: Readonly<Record<number, string>> = { 2021: '0.02', 2022: '1.00', 2023: '0.02' };
const ROWS_BY_PY: Readonly<Record<number, number>> = { 2021: 53, 2022: 99, 2023: 132 };

/** The PUF's own columns, read independently of dcsim's reader (csv-parse, exact text). */
function pufRecords(): Record<string, string>[] {
  return parse(readFileSync(PUF), { columns: true, bom: true }) as Record<string, string>[];
}

describe("replaying CMS's published settlements (PUF PY2021-2023)", () => {
  const file = parseEntityCsv(readFileSync(PUF), 'reach_results_py2021_2023.csv', { maxErrors: 20 });
  const report = settleEntities(file, { whatIf: {}, tolerance: ratio('1.00') });
  const lines: readonly EntityLine[] = report.scenarios[0]!.lines;

  it('reads all 284 rows under the PUF layout, as published (no what-if)', () => {
    expect(file.layout).toBe('puf');
    expect(file.rows).toHaveLength(284);
    expect(report.mode).toBe('as_published');
    for (const [py, n] of Object.entries(ROWS_BY_PY)) expect(lines.filter((l) => l.py === Number(py))).toHaveLength(n);
  });

  it('reproduces SHARED_SAVINGS for 284 of 284 rows (within $0.02 PY2021/PY2023, $1.00 PY2022)', () => {
    const misses: string[] = [];
    for (const l of lines) {
      const c = l.check!.sharedSavings!;
      if (cmp(abs(c.difference), ratio(TOLERANCE[l.py]!)) > 0) misses.push(`${l.entityId} PY${l.py}`);
    }
    expect(misses).toEqual([]);
    expect(lines.filter((l) => l.check?.sharedSavings)).toHaveLength(284);
  });

  it('reproduces SHARED_SAVINGS_SEQ for 282 of 284 rows: the misses are the two published zeros', () => {
    const misses: string[] = [];
    for (const l of lines) {
      const c = l.check!.settlement!;
      if (cmp(abs(c.difference), ratio(TOLERANCE[l.py]!)) > 0) misses.push(`${l.entityId} PY${l.py}`);
    }
    // Two Professional entities publish SHARED_SAVINGS_SEQ 0 with positive SHARED_SAVINGS (README).
    expect(misses).toEqual(['D0128 PY2022', 'D0120 PY2023']);
    for (const l of lines.filter((x) => misses.includes(`${x.entityId} PY${x.py}`))) {
      expect(l.track).toBe('professional');
      expect(cmp(l.check!.settlement!.published, ratio(0))).toBe(0);
      expect(l.money.settlement > 0n).toBe(true);
    }
  });

  it('S equals the PUF\'s GROSS_SAVINGS, and the PUF\'s SAV_RATE is S / B* (HEBA not in the denominator)', () => {
    const recs = pufRecords();
    const byKey = new Map(recs.map((r) => [`${r.ACO_ID} ${r.PERF_YEAR}`, r]));
    for (const l of lines) {
      const r = byKey.get(`${l.entityId} ${l.py}`)!;
      // GROSS_SAVINGS carries 4 decimals; ours is rounded to the cent (PY2022's inputs are rounded copies)
      expect(cmp(abs(sub(ratioOfCents(l.money.savings), ratio(r.GROSS_SAVINGS!))), ratio(TOLERANCE[l.py]!))).toBeLessThanOrEqual(0);
      // SAV_RATE is published to 4-8 decimals (D0147 PY2022: 0.0406): the same rate within half a unit of the 4th
      expect(cmp(abs(sub(l.savingsRate, ratio(r.SAV_RATE!))), ratio('0.00005'))).toBeLessThanOrEqual(0);
    }
  });

  it('the CLI prints the per-PY summary on stderr and exits 0 with differences (unless --strict)', async () => {
    const r = await dcsimInProcess(['settle', PUF, '--check', '--tolerance', '0.02', '-O', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('PY2021: shared savings 53 of 53 within $0.02');
    expect(r.stderr).toContain('PY2023: shared savings 132 of 132 within $0.02');
    expect(r.stderr).toContain("CMS's PUF column names");
    expect(r.stderr).toMatch(/ignoring 18 columns settle does not use: ACO_TYPE, /);
    expect(r.stdout.split('\n')[0]).toContain(',published_shared_savings,shared_savings_difference,published_settlement,settlement_difference,within_tolerance');
    const strict = await dcsimInProcess(['settle', PUF, '--check', '--tolerance', '1', '--strict', '-O', 'csv']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('PY2022: shared savings 99 of 99 within $1.00');
    expect(strict.stderr).toMatch(/2 rows differ .* D0128 PY2022, D0120 PY2023/);
  });

  it('recovered B / UNADJ_BENCHMARK is the RTA where the README states it', () => {
    // README: FINAL_BENCHMARK = UNADJ_BENCHMARK x RTA x (1 - d - w(1 - q)) x (1 - rw), RTA about 0.949
    // (2021), 0.947 (2022), 0.967 (2023); METHODOLOGY 4: final A&D RTA 0.9491 (2021), 0.9472 (2022).
    // RTA is not published per entity (and blends A&D with ESRD), so: PY2023 every row within 0.0015
    // of 0.967; PY2021-22 no row below the A&D RTA less 0.0002, the median within 0.003 of the README's.
    const unadj = new Map(pufRecords().map((r) => [`${r.ACO_ID} ${r.PERF_YEAR}`, ratio(r.UNADJ_BENCHMARK!)]));
    const byPy = new Map<number, Ratio[]>();
    for (const row of file.rows) {
      const b = recoverBenchmark(row)!;
      const rta = div(b, unadj.get(`${row.entityId} ${row.py}`)!);
      byPy.set(row.py, [...(byPy.get(row.py) ?? []), rta]);
    }
    const near = (x: Ratio, to: string, within: string) => cmp(abs(sub(x, ratio(to))), ratio(within)) <= 0;
    for (const x of byPy.get(2023)!) expect(near(x, '0.967', '0.0015')).toBe(true);
    for (const [py, floor, readme] of [[2021, '0.9489', '0.949'], [2022, '0.9470', '0.947']] as const) {
      const xs = [...byPy.get(py)!].sort(cmp);
      for (const x of xs) expect(cmp(x, ratio(floor))).toBeGreaterThanOrEqual(0);
      expect(near(xs[Math.floor(xs.length / 2)]!, readme, '0.003')).toBe(true);
    }
  });

  it('--summary counts agree with the PUF\'s own GROSS_SAVINGS and corridor edges', () => {
    // Independently of dcsim's lines: saved = GROSS_SAVINGS > 0; beyond the first band =
    // |GROSS_SAVINGS| > 25% (Global) or 5% (Professional) of FINAL_BENCHMARK + HEBA_UP_AMT + HEBA_DOWN_AMT.
    const recs = pufRecords();
    const rows = summaryRows(lines);
    for (const s of rows) {
      const rs = recs.filter((r) => s.py === null || Number(r.PERF_YEAR) === s.py);
      const gross = (r: Record<string, string>) => ratio(r.GROSS_SAVINGS!);
      const base = (r: Record<string, string>) => add(add(ratio(r.FINAL_BENCHMARK!), ratio(r.HEBA_UP_AMT || '0')), ratio(r.HEBA_DOWN_AMT || '0'));
      const edge = (r: Record<string, string>) => mul(base(r), ratio(r.RISK_ARRANGEMENT === 'Global' ? '0.25' : '0.05'));
      expect(s.entityYears).toBe(rs.length);
      expect(s.entities).toBe(new Set(rs.map((r) => r.ACO_ID)).size);
      expect(s.saved).toBe(rs.filter((r) => cmp(gross(r), ratio(0)) > 0).length);
      expect(s.lost).toBe(rs.filter((r) => cmp(gross(r), ratio(0)) < 0).length);
      expect(s.beyondFirstBand).toBe(rs.filter((r) => cmp(abs(gross(r)), edge(r)) > 0).length);
      expect(s.global + s.professional).toBe(s.entityYears);
    }
    const total = rows[rows.length - 1]!;
    expect(total.entityYears).toBe(284);
    expect(total.settlement).toBe(lines.reduce((t, l) => t + l.money.settlement, 0n));
  });
});

describe('the PUF ships with dcsim', () => {
  it('is in the package ("files" has fixtures/) and `dcsim settle fixtures/reach-puf/... --check` runs from the built binary', () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('fixtures');
    const r = spawnSync(process.execPath, ['bin/dcsim.js', 'settle', PUF_PATH, '--check', '-O', 'csv'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status, r.stderr).toBe(0);
    // a header, then one line per entity-year: 284 rows
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1 + 284);
    // the default tolerance is one cent: PY2021's 53 rows are all within it (largest difference -$0.006)
    expect(r.stderr).toContain('PY2021: shared savings 53 of 53 within $0.01');
  });
});
