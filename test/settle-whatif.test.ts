// dcsim settle what-ifs, worked by hand: a real Global PY2023 row re-settled as Professional, every
// line to the cent; a Professional row moved to Global; the sequestration-only what-if; --vary; a
// benchmark-only input. Money in the comments is dollars; each line is rounded half-even to the cent
// when computed and later lines use the rounded ones (METHODOLOGY section 5).
import { describe, expect, it } from 'vitest';
import { dcsimInProcess } from './helpers.js';

/** One row of CMS's PUF (ACO REACH Financial and Quality Results, PY2023, fixtures/reach-puf/), the columns settle reads. */
const HARBOR = [
  'ACO_ID,ACO_NAME,PERF_YEAR,RISK_ARRANGEMENT,DISCOUNT,RETENTION_WITHHOLD,QUAL_SCR,FINAL_BENCHMARK,HEBA_UP_AMT,HEBA_DOWN_AMT,TOT_COST_CARE_NET,SHARED_SAVINGS,SHARED_SAVINGS_SEQ',
  'D0295,"Harbor Health ACO, LLC",2023,Global,0.03,0,0.46,18810239.7600,86820.0000,-29916.0000,17669021.8500,1198121.9100,1174159.4700',
  '',
].join('\n');

async function settleJson(csv: string, args: string[]): Promise<{ code: number; json: Record<string, unknown>; stderr: string }> {
  const r = await dcsimInProcess(['settle', '-', '-O', 'json', ...args], Buffer.from(csv));
  return { code: r.code, json: r.stdout ? (JSON.parse(r.stdout) as Record<string, unknown>) : {}, stderr: r.stderr };
}
const entities = (j: Record<string, unknown>) => j.entities as Record<string, unknown>[];

describe('a Global PY2023 row (D0295, Harbor Health ACO) re-settled as Professional, by hand', () => {
  // Recovery (rule set reach: w = 2% in 2023; the row's d = 0.03, q = 0.46, rw = 0):
  //   1 - d - w(1 - q) = 1 - 0.03 - 0.02 x 0.54 = 0.9592; x (1 - rw) = 0.9592
  //   B = 18,810,239.76 / 0.9592 = 19,610,341.7014... -> 19,610,341.70
  // As Professional: no discount; w, q, rw as before.
  //   D = 0
  //   W = 0.02 x 19,610,341.70 = 392,206.834 -> 392,206.83
  //   Q = 0.46 x 392,206.83 = 180,415.1418 -> 180,415.14
  //   R = 0 x (B - D - W + Q) = 0
  //   B* = 19,610,341.70 - 0 - 392,206.83 + 180,415.14 - 0 = 19,398,550.01
  //   H = 86,820.00 - 29,916.00 = 56,904.00 (HEBA_DOWN_AMT is negative in the PUF)
  //   E = 17,669,021.85 (as given)
  //   S = 19,398,550.01 + 56,904.00 - 17,669,021.85 = 1,786,432.16
  //   corridor base = B* + H = 19,455,454.01; savings rate = S / B* = 0.0920910150...
  //   Professional bands: 5% edge = 972,772.7005, 10% edge = 1,945,545.401: S is in the second band
  //   shared = 0.50 x 972,772.7005 + 0.35 x (1,786,432.16 - 972,772.7005)
  //          = 486,386.35025 + 0.35 x 813,659.4595 = 486,386.35025 + 284,780.810825 = 771,167.161075 -> 771,167.16
  //   sequestration = 0.02 x 771,167.16 = 15,423.3432 -> 15,423.34
  //   settlement = 771,167.16 - 15,423.34 = 755,743.82
  it('every line to the cent', async () => {
    const { code, json } = await settleJson(HARBOR, ['--track', 'professional']);
    expect(code).toBe(0);
    expect(json.mode).toBe('what_if');
    expect(entities(json)).toEqual([{
      entity_id: 'D0295', entity_name: 'Harbor Health ACO, LLC', performance_year: 2023, track: 'professional',
      benchmark: '19610341.70', discount: '0.00', quality_withhold: '392206.83', withhold_earned: '180415.14', retention_withhold: '0.00',
      performance_benchmark: '19398550.01', heba: '56904.00', corridor_base: '19455454.01', expenditure: '17669021.85',
      savings: '1786432.16', savings_rate: '0.092091015', shared_savings: '771167.16', sequestration: '15423.34', settlement: '755743.82',
      // schema 3: no LEAD or MSSP lines on a REACH row; net cash = the settlement (no Enhanced PCC column)
      admin_addon: null, enhanced_pcc_recoupment: null, net_cash: '755743.82', msr: null, mlr: null, final_sharing_rate: null,
      shared_loss_rate: null, cap: null, result: null, program: 'reach',
    }]);
  });

  // As published (no what-if): S = 18,810,239.76 + 56,904.00 - 17,669,021.85 = 1,198,121.91, which is
  // 6.35% of B* + H = 18,867,143.76: inside Global's first band (kept 100%): shared 1,198,121.91 (the
  // PUF's SHARED_SAVINGS); sequestration 0.02 x 1,198,121.91 = 23,962.4382 -> 23,962.44; settlement
  // 1,174,159.47 (SHARED_SAVINGS_SEQ). The recovered Global lines: D = 0.03 x 19,610,341.70 = 588,310.251
  // -> 588,310.25; W and Q as above; 19,610,341.70 - 588,310.25 - 392,206.83 + 180,415.14 = 18,810,239.76 = B*.
  it('as published: CMS\'s figures, and the recovered lines add up to B*', async () => {
    const { json, stderr } = await settleJson(HARBOR, ['--check']);
    expect(json.mode).toBe('as_published');
    const e = entities(json)[0]!;
    expect(e).toMatchObject({
      track: 'global', benchmark: '19610341.70', discount: '588310.25', quality_withhold: '392206.83', withhold_earned: '180415.14',
      retention_withhold: '0.00', performance_benchmark: '18810239.76', corridor_base: '18867143.76', savings: '1198121.91',
      shared_savings: '1198121.91', sequestration: '23962.44', settlement: '1174159.47',
    });
    // (schema version 3: the CSV's check columns, by the same names)
    expect(e).toMatchObject({
      published_shared_savings: '1198121.9100', shared_savings_difference: '0.0000',
      published_settlement: '1174159.4700', settlement_difference: '0.0000', within_tolerance: true,
    });
    expect(stderr).toContain('PY2023: shared savings 1 of 1 within $0.01');
  });
});

// A Professional PY2022 entity (generic names) with B* = 1,000,000.00, q = 1, rw = 0, no HEBA, E = 900,000.00.
const PRO = 'entity_id,entity_name,performance_year,track,performance_benchmark,expenditure,discount_rate,quality_score,retention_withhold_rate\nP1,Pro One,2022,professional,1000000.00,900000.00,0,1,0\n';

describe('other what-ifs', () => {
  // As published: S = 100,000.00 = 10% of B*: 0.50 x 50,000 + 0.35 x 50,000 = 25,000 + 17,500 = 42,500.00;
  // with --sequestration-rate 0 (no recovery needed: B* stays as given) the settlement is 42,500.00;
  // by default 2%: 850.00, settlement 41,650.00.
  it('--sequestration-rate alone keeps B* as given', async () => {
    const base = await settleJson(PRO, []);
    expect(entities(base.json)[0]).toMatchObject({ shared_savings: '42500.00', sequestration: '850.00', settlement: '41650.00' });
    const noSeq = await settleJson(PRO, ['--sequestration-rate', '0']);
    expect(noSeq.json.mode).toBe('as_published');
    expect(entities(noSeq.json)[0]).toMatchObject({ performance_benchmark: '1000000.00', shared_savings: '42500.00', sequestration: '0.00', settlement: '42500.00' });
  });

  // To Global: recovery 1 - 0 - 0.05 x 0 = 1, so B = 1,000,000.00; reach's 2022 discount 2%: D = 20,000.00;
  // W = 0.05 x B = 50,000.00; Q = 1 x W = 50,000.00; B* = 980,000.00; S = 980,000 - 900,000 = 80,000.00,
  // 8.2% of the base: first Global band, kept 100%: 80,000.00; sequestration 1,600.00; settlement 78,400.00.
  it('a what-if to Global applies the rule set\'s discount', async () => {
    const { json } = await settleJson(PRO, ['--track', 'global']);
    expect(entities(json)[0]).toMatchObject({
      track: 'global', benchmark: '1000000.00', discount: '20000.00', quality_withhold: '50000.00', withhold_earned: '50000.00',
      performance_benchmark: '980000.00', savings: '80000.00', shared_savings: '80000.00', sequestration: '1600.00', settlement: '78400.00',
    });
  });

  // METHODOLOGY 5 step 2: D = 0 on Professional, a --discount-rate included (it applies to Global rows).
  it('--discount-rate leaves Professional rows without a discount, and says so', async () => {
    const { json, stderr } = await settleJson(PRO, ['--discount-rate', '0.04']);
    expect(entities(json)[0]).toMatchObject({ track: 'professional', discount: '0.00', performance_benchmark: '1000000.00' });
    expect(stderr).toContain('discount_rate applies to the Global rows only');
  });

  // --vary discount_rate=0.02,0.04 on the Global move: D = 20,000 / 40,000; B* = 980,000 / 960,000;
  // S = 80,000 / 60,000 (both in the first band); settlements 78,400.00 / 58,800.00.
  it('--vary: one row per scenario x entity-PY, with the varied column', async () => {
    const r = await dcsimInProcess(['settle', '-', '-O', 'csv', '--track', 'global', '--vary', 'discount_rate=0.02,0.04'], Buffer.from(PRO));
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]!.startsWith('scenario_id,vary.discount_rate,entity_id,entity_name,performance_year,track,benchmark,')).toBe(true);
    expect(lines).toHaveLength(3);
    expect(lines[1]!.startsWith('1,0.02,P1,')).toBe(true);
    expect(lines[1]!.endsWith(',80000.00,1600.00,78400.00,,,78400.00,,,,,,,reach')).toBe(true);
    expect(lines[2]!.startsWith('2,0.04,P1,')).toBe(true);
    expect(lines[2]!.endsWith(',60000.00,1200.00,58800.00,,,58800.00,,,,,,,reach')).toBe(true);
  });

  // --retention-withhold-rate 0.02 (settle's own flag): R = 0.02 x (B - D - W + Q) = 0.02 x 1,000,000 = 20,000.00;
  // B* = 980,000.00; S = 80,000.00 = 8.16% of B*: 0.5 x 49,000 + 0.35 x 31,000 = 24,500 + 10,850 = 35,350.00.
  it('--retention-withhold-rate re-settles with R', async () => {
    const { json } = await settleJson(PRO, ['--retention-withhold-rate', '2022=0.02']);
    expect(json.parameters).toEqual({ retention_withhold_rate: '2022=0.02' });
    expect(entities(json)[0]).toMatchObject({ retention_withhold: '20000.00', performance_benchmark: '980000.00', savings: '80000.00', shared_savings: '35350.00' });
  });

  // benchmark only (no B*, no rates): defaults of section 9 (Professional: d = 0; w = 5% in 2022 under
  // reach; q = 1; rw = 0): B* = B = 500,000.00; E = 520,000.00: S = -20,000.00 = 4% of the base:
  // 0.5 x -20,000 = -10,000.00; no sequestration on losses.
  it('a benchmark-only row settles from B with the default rates; losses are not sequestered', async () => {
    const csv = 'entity_id,performance_year,track,benchmark,expenditure\nB1,2022,Professional,500000,520000\n';
    const { json } = await settleJson(csv, []);
    expect(entities(json)[0]).toMatchObject({ benchmark: '500000.00', discount: '0.00', performance_benchmark: '500000.00', savings: '-20000.00', shared_savings: '-10000.00', sequestration: '0.00', settlement: '-10000.00' });
  });

  it('without d, q and rw the benchmark lines are empty (as published), and a what-if is refused at the row', async () => {
    const csv = 'entity_id,performance_year,track,performance_benchmark,expenditure\nX1,2023,global,100.00,90.00\n';
    const { json } = await settleJson(csv, []);
    expect(entities(json)[0]).toMatchObject({ benchmark: null, discount: null, performance_benchmark: '100.00', savings: '10.00' });
    const w = await dcsimInProcess(['settle', '-', '-O', 'csv', '--track', 'professional'], Buffer.from(csv));
    expect(w.code).toBe(1);
    expect(w.stdout).toBe('');
    expect(w.stderr).toMatch(/^dcsim: error: <stdin>:2:1: X1 PY2023: a what-if re-settles B, but the row has no benchmark and no discount_rate, quality_score and retention_withhold_rate/);
  });
});
