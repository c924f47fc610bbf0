// The bootstrap's statistics (METHODOLOGY section 12's checks that hold by construction): a population
// of identical rows has no spread; within Global's first band without sequestration P(loss) is the
// normal approximation's Φ(−S/σ); the mean of B converges to the data's; the order statistics are ordered.
import { describe, expect, it } from 'vitest';
import { ratio } from '../src/domain/exact.js';
import type { YearRules } from '../src/engines/kernel.js';
import { buildTables } from '../src/usecases/risk/sample.js';
import { distribution, nearestRank } from '../src/usecases/risk/stats.js';
import { FIELDS, onData, runTrials, type RiskJob } from '../src/usecases/risk/trials.js';
import { trendFactors } from '../src/usecases/risk/risk.js';
import { phi, plainRules, rowTable, type Row } from './risk-fixtures.js';

const B = 0;
const E = 1;
const S = 2;
const SETTLE = 4;

function job(rows: readonly Row[], rules: readonly YearRules[], opts: { seed?: number; shift?: string; sd?: string; attachments?: number[] } = {}): RiskJob {
  const years = [...new Set(rows.map((x) => x.py ?? 2023))].sort();
  const attachments = opts.attachments ?? [];
  const { shiftFactor, sdFactor } = trendFactors(opts.shift ?? '0', opts.sd ?? '0');
  return {
    tables: buildTables(rowTable(rows), years, 'standard', attachments.length > 0),
    rules: years.map(() => rules),
    seed: String(opts.seed ?? 1),
    shiftFactor,
    sdFactor,
    attachments,
  };
}

/** Field f of PY 0, option o, over the trials. */
function field(j: RiskJob, res: Float64Array, f: number, o = 0): Float64Array {
  const w = j.tables.length * j.rules[0]!.length * FIELDS.length;
  const n = res.length / w;
  return Float64Array.from({ length: n }, (_x, t) => res[t * w + o * FIELDS.length + f]!);
}

describe('bootstrap statistics', () => {
  it('identical rows: sd 0 and every percentile, the mean and the expected shortfall equal on_data', () => {
    // 40 rows: benchmark 1000 x 1.0 x 12 = 12,000.00 each, expenditure 12,500.00: S = 40 x -500 = -20,000.00.
    // Global first band (|S| = 4% of B* 480,000 < 25%): shared = S; losses are not sequestered: settlement -20,000.00.
    const rows: Row[] = Array.from({ length: 40 }, () => ({ exp: '12500', own: undefined }));
    const j = job(rows, [plainRules(2023, { sequestrationRate: ratio('0.02') })]);
    const data = onData(j);
    expect(data[SETTLE]).toBe(-2_000_000);
    const res = runTrials(j, 0, 200);
    const d = distribution(field(j, res, SETTLE), BigInt(data[SETTLE]!));
    expect(d.sd).toBe(0n);
    expect(d.mean).toBe(-2_000_000n);
    expect(new Set(d.percentiles)).toEqual(new Set([-2_000_000n]));
    expect(d.expectedShortfall).toBe(-2_000_000n);
    expect(d.pLoss).toEqual({ n: 200n, d: 200n });
  });

  it('within the first band, without sequestration, P(loss) = Φ(−S/σ), σ² = n Var(row savings), within 0.02', () => {
    // 400 rows with benchmark 12,000.00 each (rate 1000, risk 1, 12 months) and expenditure
    // 12,000 - 3 + 25 x (k - 20), k = 0..40 cycling: row savings s = 3 - 25 (k - 20); S = 5,075.00
    // (the last cycle is partial: Σ 25 (k - 20) = -3,875), σ = √(400 Var) = 5,855.28, Φ(−0.8667) = 0.193.
    const rows: Row[] = Array.from({ length: 400 }, (_x, i) => ({ exp: String(12000 - 3 + 25 * ((i % 41) - 20)) }));
    const savings = rows.map((x) => 12000 - Number(x.exp));
    const n = savings.length;
    const m = savings.reduce((a, b) => a + b, 0) / n;
    const v = savings.reduce((a, b) => a + (b - m) ** 2, 0) / n;
    const sigma = Math.sqrt(n * v);
    const Sdata = savings.reduce((a, b) => a + b, 0);
    const expected = phi(-Sdata / sigma);
    const j = job(rows, [plainRules(2023)]);
    const data = onData(j);
    expect(data[S]).toBe(Sdata * 100); // S on the data, in cents
    const res = runTrials(j, 0, 10_000);
    const set = field(j, res, SETTLE);
    const sav = field(j, res, S);
    // in the first band without sequestration the settlement is S, trial by trial
    expect(set).toEqual(sav);
    const d = distribution(set, BigInt(data[SETTLE]!));
    const pLoss = Number(d.pLoss.n) / Number(d.pLoss.d);
    expect(expected).toBeGreaterThan(0.05);
    expect(expected).toBeLessThan(0.9);
    expect(Math.abs(pLoss - expected)).toBeLessThan(0.02);
    // and the sd of S over trials is σ (in cents), within 5%
    expect(Math.abs(Number(d.sd) / 100 - sigma) / sigma).toBeLessThan(0.05);
  });

  it('the mean of B over trials is within 4 standard errors of the data B', () => {
    // risk scores spread over 0.5..2.0 and months 1..12: B varies trial to trial
    const rows: Row[] = Array.from({ length: 300 }, (_x, i) => ({ exp: String(500 + ((i * 37) % 900)), months: 1 + (i % 12), risk: (0.5 + ((i * 7) % 150) / 100).toFixed(2) }));
    const j = job(rows, [plainRules(2023)], { seed: 11 });
    const data = onData(j);
    const res = runTrials(j, 0, 2000);
    const b = field(j, res, B);
    const mean = b.reduce((a, x) => a + x, 0) / b.length;
    const sd = Math.sqrt(b.reduce((a, x) => a + (x - mean) ** 2, 0) / (b.length - 1));
    expect(sd).toBeGreaterThan(0);
    expect(Math.abs(mean - data[B]!)).toBeLessThan((4 * sd) / Math.sqrt(b.length));
  });

  it('percentiles are ordered, nearest-rank, and the expected shortfall is at most p05', () => {
    // a skewed population: most rows save, a few cost a lot
    const rows: Row[] = Array.from({ length: 200 }, (_x, i) => ({ exp: i % 25 === 0 ? '60000' : String(9000 + (i % 50) * 20) }));
    const j = job(rows, [plainRules(2023, { sequestrationRate: ratio('0.02') }), plainRules(2023, { bands: plainRules(2023).bands.map((x) => ({ ...x, share: ratio('0.5') })) })], { seed: 3 });
    const res = runTrials(j, 0, 1000);
    for (const o of [0, 1]) {
      const v = field(j, res, SETTLE, o);
      const d = distribution(v, 0n);
      for (let k = 1; k < d.percentiles.length; k++) expect(d.percentiles[k]! >= d.percentiles[k - 1]!).toBe(true);
      expect(d.expectedShortfall <= d.percentiles[1]!).toBe(true);
      const sorted = Float64Array.from(v).sort();
      // p05 of 1000 trials is the 50th smallest; p99 the 990th
      expect(d.percentiles[1]).toBe(BigInt(sorted[49]!));
      expect(d.percentiles[6]).toBe(BigInt(sorted[989]!));
      expect(d.min).toBe(BigInt(sorted[0]!));
      expect(d.histogram.reduce((a, x) => a + x, 0)).toBe(1000);
    }
    expect(nearestRank(5, 1000)).toBe(50);
    expect(nearestRank(1, 10)).toBe(1);
    expect(nearestRank(50, 3)).toBe(2);
  });

  it('the same seed gives the same trials whatever the split of the range; another seed does not', () => {
    const rows: Row[] = Array.from({ length: 50 }, (_x, i) => ({ exp: String(11000 + i * 40) }));
    const j = job(rows, [plainRules(2023)], { seed: 99, sd: '0.03' });
    const all = runTrials(j, 0, 30);
    const parts = [runTrials(j, 0, 7), runTrials(j, 7, 19), runTrials(j, 19, 30)];
    const joined = new Float64Array(all.length);
    let at = 0;
    for (const p of parts) {
      joined.set(p, at);
      at += p.length;
    }
    expect(joined).toEqual(all);
    const other = runTrials({ ...j, seed: '100' }, 0, 30);
    expect(other).not.toEqual(all);
  });
});

describe('stop-loss per drawn beneficiary', () => {
  it('pays on the data as Σ share x max(0, e - A), and lifts the worst 5% of trials', () => {
    // 200 rows: 196 of 10,000.00 and 4 of 1,000,000.00; benchmark 12,000.00 each (B = 2,400,000.00).
    // Attachment 250,000.00, share 0.9, no charge: on the data the payout is 0.9 x 4 x 750,000 = 2,700,000.00,
    // so E = 1,960,000 + 4,000,000 - 2,700,000 = 3,260,000.00 and S = -860,000.00 with stop-loss,
    // S = -3,560,000.00 without.
    const rows: Row[] = Array.from({ length: 200 }, (_x, i) => ({ exp: i % 50 === 0 ? '1000000' : '10000' }));
    const noSl = plainRules(2023);
    const sl = plainRules(2023, { stopLoss: { shares: [ratio('0.9')], pbpm: ratio('0') } });
    const j = job(rows, [noSl, sl], { attachments: [25_000_000], seed: 8 });
    const data = onData(j);
    expect(data[S]).toBe(-356_000_000);
    expect(data[FIELDS.length + S]).toBe(-86_000_000);
    const res = runTrials(j, 0, 2000);
    const without = distribution(field(j, res, SETTLE, 0), 0n);
    const withSl = distribution(field(j, res, SETTLE, 1), 0n);
    expect(withSl.expectedShortfall > without.expectedShortfall).toBe(true);
    // S spreads less (the corridor compresses the settlement differently at each depth, so S is the measure)
    expect(distribution(field(j, res, S, 1), 0n).sd! < distribution(field(j, res, S, 0), 0n).sd!).toBe(true);
    // trial by trial, stop-loss never makes S worse when it costs nothing
    const a = field(j, res, S, 0);
    const b = field(j, res, S, 1);
    for (let t = 0; t < a.length; t++) expect(b[t]! >= a[t]!).toBe(true);
  });
});

describe('trend shock', () => {
  it('a fixed shift scales Σ expenditure and rounds it once, half-even', () => {
    // 3 identical rows of 100.01: Σ = 300.03; x 1.05 = 315.0315 -> 315.03. Each trial the same.
    const rows: Row[] = Array.from({ length: 3 }, () => ({ exp: '100.01' }));
    const j = job(rows, [plainRules(2023)], { shift: '0.05' });
    const res = runTrials(j, 0, 5);
    expect([...field(j, res, E)]).toEqual([31503, 31503, 31503, 31503, 31503]);
    // and the data itself is not shocked
    expect(onData(j)[E]).toBe(30003);
  });

  it('ε ~ Normal(shift, sd): over identical rows E has mean E(1 + shift) and sd E x sd', () => {
    // 10 rows of 1,000.00: E = 10,000.00; shift 0.02, sd 0.05: mean 10,200.00, sd 500.00
    const rows: Row[] = Array.from({ length: 10 }, () => ({ exp: '1000' }));
    const j = job(rows, [plainRules(2023)], { shift: '0.02', sd: '0.05', seed: 4 });
    const e = field(j, runTrials(j, 0, 5000), E);
    const mean = e.reduce((a, x) => a + x, 0) / e.length;
    const sd = Math.sqrt(e.reduce((a, x) => a + (x - mean) ** 2, 0) / (e.length - 1));
    // se(mean) = 50,000 / sqrt(5000) = 707 cents; se(sd) ~ 50,000 / sqrt(2 x 5000) = 500 cents
    expect(Math.abs(mean - 1_020_000)).toBeLessThan(4 * 707);
    expect(Math.abs(sd - 50_000)).toBeLessThan(4 * 500);
  });

  it('rejects a shift of -1 or below and more than 12 decimals', () => {
    expect(() => trendFactors('-1', '0')).toThrow(/above -1/);
    expect(() => trendFactors('0.0000000000001', '0')).toThrow(/12 decimal/);
    expect(() => trendFactors('0', '-0.1')).toThrow(/negative/);
  });
});
