// dcsim settle's contract: the errors (FILE:LINE:COL, caret, hint, exit 1, nothing on stdout), the
// usage errors (exit 2), and the outputs (CSV columns and neutralised text, JSON schema 2 with per-PY
// totals that add up, the table with cut names and totals, --summary), and `dcsim compare` on an
// entity file (from a file and from stdin) next to a beneficiary file read from stdin.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENTITY_COLUMNS } from '../src/report/entity.js';
import { dcsimInProcess } from './helpers.js';
import { tempDir } from './tmp.js';

const GEN = 'entity_id,entity_name,performance_year,track,performance_benchmark,heba_up,heba_down,expenditure,discount_rate,quality_score,retention_withhold_rate';
const settle = (csv: string, args: string[] = []) => dcsimInProcess(['settle', '-', ...args], Buffer.from(csv));

/** Expect a refused input: exit 1, nothing on stdout, the first diagnostic at LINE:COL with a caret under COL and a hint. */
function refused(r: { code: number; stdout: string; stderr: string }, line: number, col: number, message: RegExp): void {
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n');
  expect(lines[0]).toMatch(new RegExp(`^dcsim: error: <stdin>:${line}:${col}: `));
  expect(lines[0]).toMatch(message);
  expect(lines[1]).toMatch(new RegExp(`^  ${line} \\| `));
  const gutter = `${line} | `.length;
  expect(lines[2]!.indexOf('^')).toBe(2 + gutter + col - 1);
  expect(r.stderr).toContain('  hint: ');
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('settle: errors', () => {
  it('a missing required column (at the header)', async () => {
    refused(await settle('entity_id,performance_year,track,performance_benchmark\nA,2023,global,100\n'), 1, 1, /missing required column expenditure \(CMS PUF: TOT_COST_CARE_NET\)/);
  });
  it('neither performance_benchmark nor benchmark', async () => {
    refused(await settle('ACO_ID,PERF_YEAR,RISK_ARRANGEMENT,TOT_COST_CARE_NET\nA,2023,global,100\n'), 1, 1, /needs a column performance_benchmark \(CMS PUF: FINAL_BENCHMARK\) or benchmark/);
  });
  it('a track that is neither', async () => {
    // column of "Shared": "A,2023," is 7 characters, so column 8
    refused(await settle('entity_id,performance_year,track,performance_benchmark,expenditure\nA,2023,Shared,100,90\n'), 2, 8, /track "Shared" is neither global nor professional/);
  });
  it('two rows for one entity-PY', async () => {
    const r = await settle('ACO_ID,PERF_YEAR,RISK_ARRANGEMENT,FINAL_BENCHMARK,TOT_COST_CARE_NET\nA,2023,Global,100,90\nB,2023,Global,100,90\nA,2023,Global,200,90\nA,2022,Global,100,90\n');
    refused(r, 4, 1, /entity "A" appears twice in performance year 2023 \(first at line 2\)/);
  });
  it('a negative benchmark', async () => {
    refused(await settle('entity_id,performance_year,track,performance_benchmark,expenditure\nA,2023,global,-100.00,90\n'), 2, 15, /performance_benchmark is negative \(-100.00\)/);
  });
  it('non-numeric money, named by its column as the file names it; errors collected together', async () => {
    const r = await settle('ACO_ID,PERF_YEAR,RISK_ARRANGEMENT,FINAL_BENCHMARK,TOT_COST_CARE_NET\nA,2023,Global,"1,000.00",90\nB,2023,Global,100,$90\n');
    refused(r, 2, 15, /FINAL_BENCHMARK "1,000.00" is not an amount/);
    expect(r.stderr).toMatch(/dcsim: error: <stdin>:3:19: TOT_COST_CARE_NET "\$90" is not an amount/);
    expect(r.stderr).toContain('dcsim: 2 errors; nothing was settled');
  });
  it('money with more than 4 decimals; a rate out of range', async () => {
    const r = await settle(`${GEN}\nA,n,2023,global,100.00001,,,90,0.03,1,0\nB,n,2023,global,100,,,90,3,1,0\n`);
    refused(r, 2, 17, /performance_benchmark 100.00001 has more than 4 decimal places/);
    expect(r.stderr).toMatch(/<stdin>:3:\d+: discount_rate 3 is out of range \[0, 1\)/);
  });
  it('--max-errors N lists N errors and counts the rest; a broken quote names the file', async () => {
    const bad = ['entity_id,performance_year,track,performance_benchmark,expenditure', 'A,2023,x,100,90', 'B,2023,y,100,90', 'C,2023,z,100,90', ''].join('\n');
    const r = await dcsimInProcess(['settle', '-', '--max-errors', '1'], Buffer.from(bad));
    refused(r, 2, 8, /track "x" is neither/);
    expect(r.stderr).not.toContain('"y"');
    expect(r.stderr).toContain('dcsim: error: 2 more errors not shown (raise --max-errors to see them)');
    const q = await settle('entity_id,performance_year,track,performance_benchmark,expenditure\nA,2023,global,"100,90\n');
    expect(q.code).toBe(1);
    expect(q.stdout).toBe('');
    expect(q.stderr).toMatch(/^dcsim: error: <stdin>(:\d+)?: not a readable CSV file/);
  });

  it('--check on a file without published amounts is exit 1; usage errors are exit 2', async () => {
    const csv = `${GEN}\nA,n,2023,global,100,,,90,0.03,1,0\n`;
    const c = await settle(csv, ['--check']);
    expect(c.code).toBe(1);
    expect(c.stdout).toBe('');
    expect(c.stderr).toMatch(/^dcsim: error: <stdin>:1: --check: no published amounts/);
    for (const args of [['--check', '--track', 'global'], ['--tolerance', '0.02'], ['--vary', 'pcc_rate=0.1,0.2'], ['--vary', 'discount_rat=0.1']]) {
      const r = await settle(csv, args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^dcsim: error: /);
    }
  });
});

// Two PYs, one name long enough to be cut, one that a spreadsheet would run as a formula.
const TWO = [
  GEN,
  'E1,"=HYPERLINK(""x"")",2022,global,1000.00,,,900.00,0.02,1,0',
  'E2,A Very Long Accountable Care Entity Name LLC,2023,professional,2000.0050,30.00,-6.00,2100.00,0,1,0',
  'E3,Three,2023,global,3000.00,60.00,-12.00,2800.00,0.03,0.9,0',
  '',
].join('\n');

describe('settle: outputs', () => {
  it('CSV: the section 11 columns in order, LF, text cells neutralised', async () => {
    const r = await settle(TWO, ['-O', 'csv']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(ENTITY_COLUMNS.join(','));
    expect(ENTITY_COLUMNS.join(',')).toBe('entity_id,entity_name,performance_year,track,benchmark,discount,quality_withhold,withhold_earned,retention_withhold,performance_benchmark,heba,corridor_base,expenditure,savings,savings_rate,shared_savings,sequestration,settlement,admin_addon,enhanced_pcc_recoupment,net_cash,msr,mlr,final_sharing_rate,shared_loss_rate,cap,result,program');
    expect(r.stdout).not.toContain('\r');
    expect(lines[1]).toMatch(/^E1,"'=HYPERLINK\(""x""\)",2022,global,/);
    // E2: B* 2,000.005 and H = 30 - 6 = 24 as given: S = 2,024.005 - 2,100 = -75.995 -> -76.00 (half-even of
    // -7,599.5 cents is -7,600); B* and B* + H shown to the cent, half-even: 2,000.005 -> 2,000.00, 2,024.005 -> 2,024.00.
    expect(lines[2]).toMatch(/^E2,A Very Long Accountable Care Entity Name LLC,2023,professional,.*,2000\.00,24\.00,2024\.00,2100\.00,-76\.00,/);
    expect(r.stderr).toContain('section 11 column names');
  });

  it('JSON: schema 3, entities and per-PY totals that add up to the cent', async () => {
    const r = await settle(TWO, ['-O', 'json']);
    const j = JSON.parse(r.stdout) as { schema_version: number; entities: Record<string, string | number | null>[]; totals: Record<string, string | number | null>[] };
    expect(j.schema_version).toBe(3);
    expect(j.entities.map((e) => e.entity_id)).toEqual(['E1', 'E2', 'E3']);
    expect(j.totals.map((t) => t.performance_year)).toEqual([2022, 2023]);
    const cents = (s: unknown) => BigInt(String(s).replace('.', ''));
    for (const t of j.totals) {
      const es = j.entities.filter((e) => e.performance_year === t.performance_year);
      expect(t.entities).toBe(es.length);
      for (const k of ['performance_benchmark', 'heba', 'expenditure', 'savings', 'shared_savings', 'sequestration', 'settlement', 'benchmark']) {
        expect(cents(t[k]), k).toBe(es.reduce((s, e) => s + cents(e[k]), 0n));
      }
    }
  });

  it('table: one row per entity, long names cut with an ellipsis, a total per PY', async () => {
    const r = await settle(TWO, ['-O', 'table']);
    expect(r.stdout).toContain('│ A Very Long Accountable Car… │'); // 27 characters and the ellipsis
    expect(r.stdout).not.toContain('Entity Name LLC');
    expect(r.stdout).toMatch(/Total PY2022 .*1 entity .*10\.00% .* 98\.00 /);
    expect(r.stdout).toMatch(/E2 .* -3\.80% /); // -76 / 2,000.005
    expect(r.stdout).toMatch(/Total PY2023 .*2 entities/);
    expect(r.stdout.indexOf('Total PY2022')).toBeLessThan(r.stdout.indexOf('E2'));
  });

  it('--summary: saved, lost and beyond the first band by PY', async () => {
    // E1: S = 100 (10.0% of 1,000: first Global band); E2: S = -76.00 (3.8% of 2,024.005: first
    // Professional band); E3: S = 3,048 - 2,800 = 248 (8.1%: first band). So 2 saved, 1 lost, none beyond.
    const r = await settle(TWO, ['--summary', '-O', 'csv']);
    // (entities: distinct entities; entity_years: rows; no published columns in the file: empty)
    expect(r.stdout.split('\n').slice(0, 4)).toEqual([
      'performance_year,entities,global,professional,saved,lost,beyond_first_band,saved_beyond_first_band,lost_beyond_first_band,savings,shared_savings,settlement,entity_years,published_shared_savings,published_settlement',
      '2022,1,1,0,1,0,0,0,0,100.00,100.00,98.00,1,,',
      // E2 shared: 0.5 x -76.00 = -38.00; E3: 248.00, sequestration 4.96, settlement 243.04
      '2023,2,1,1,1,1,0,0,0,172.00,210.00,205.04,2,,',
      'total,3,2,1,2,1,0,0,0,272.00,310.00,303.04,3,,',
    ]);
  });

  it('-o FILE writes the output atomically and nothing to stdout', async () => {
    const dir = tempDir('dcsim-settle-');
    const out = join(dir, 'out.json');
    const r = await settle(TWO, ['-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect((JSON.parse(readFileSync(out, 'utf8')) as { entities: unknown[] }).entities).toHaveLength(3);
  });
});

describe('the built binary', () => {
  it('settles from a pipe (the bundle loads settle lazily)', () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const r = spawnSync(process.execPath, ['bin/dcsim.js', 'settle', '-', '-O', 'csv'], { cwd: root, input: TWO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(ENTITY_COLUMNS.join(','));
    expect(r.stdout.trim().split('\n')).toHaveLength(4);
  });
});

describe('compare on an entity file', () => {
  const dir = tempDir('dcsim-settle-compare-');
  const file = join(dir, 'entities.csv');
  writeFileSync(file, TWO);

  it('each entity under each option, the best marked; the same from stdin', async () => {
    const a = await dcsimInProcess(['compare', file, '-O', 'csv']);
    expect(a.code).toBe(0);
    const lines = a.stdout.trim().split('\n');
    expect(lines[0]).toBe('entity_id,entity_name,performance_year,published_track,option,track,capitation,benchmark,performance_benchmark,savings,shared_savings,settlement,pays_most');
    expect(lines).toHaveLength(1 + 3 * 3);
    // E1 (Global, S = 100 on B* 1,000): as Professional the same B = 1,000/0.98 = 1,020.41 has no
    // discount: B* = 1,020.41, S = 120.41, 12.04%: 0.5 x 51.0205 + 0.35 x 51.0205 + 0.15 x 18.369 = 46.12;
    // settlement 46.12 - 0.92 = 45.20. As Global: 98.00 (as published). Global pays most.
    expect(lines[1]).toBe('E1,"\'=HYPERLINK(""x"")",2022,global,professional/pcc,professional,pcc,1020.41,1020.41,120.41,46.12,45.20,false');
    expect(lines[2]).toMatch(/^E1,.*,global\/pcc,global,pcc,1020\.41,1000\.00,100\.00,100\.00,98\.00,true$/);
    expect(lines[3]).toMatch(/^E1,.*,global\/tcc,global,tcc,.*,98\.00,true$/);
    const b = await dcsimInProcess(['compare', '-', '-O', 'csv'], Buffer.from(TWO));
    expect(b.stdout).toBe(a.stdout);
  });

  it('a beneficiary file read from stdin still compares as before (the header peek replays stdin)', async () => {
    const sample = fileURLToPath(new URL('../fixtures/sample.csv', import.meta.url));
    const scen = fileURLToPath(new URL('../fixtures/sample-scenario.json', import.meta.url));
    const a = await dcsimInProcess(['compare', sample, '--scenario', scen, '-O', 'csv']);
    const b = await dcsimInProcess(['compare', '-', '--scenario', scen, '-O', 'csv'], readFileSync(sample));
    expect(a.code).toBe(0);
    expect(a.stdout.length).toBeGreaterThan(100);
    expect(b.stdout).toBe(a.stdout);
  });
});
