// A trial's sums against a brute-force BigInt computation over the same draw counts: per entitlement,
// own rates, HEBA months, risk scores up to 12 decimals (the limb path), stop-loss under a trend shock.
import { describe, expect, it } from 'vitest';
import type { Ratio } from '../src/domain/exact.js';
import { buildTables, sumsOf } from '../src/usecases/risk/sample.js';
import { rowTable, type Row } from './risk-fixtures.js';

const eq = (a: Ratio, b: Ratio): boolean => a.n * b.d === b.n * a.d;

function halfEven(n: bigint, d: bigint): bigint {
  const neg = n < 0n;
  const a = neg ? -n : n;
  let q = a / d;
  const r = a - q * d;
  if (2n * r > d || (2n * r === d && q % 2n === 1n)) q += 1n;
  return neg ? -q : q;
}

/** A small deterministic generator for the test's own draws (not the code under test). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function rows(k: number, rnd: () => number, longRisk: boolean): Row[] {
  return Array.from({ length: k }, (_x, i) => {
    const exp = (Math.floor(rnd() * 40_000_000) / 100).toFixed(2);
    const pc = (Number(exp) * 0.1).toFixed(2);
    return {
      exp,
      pc,
      part: (Number(exp) * 0.5).toFixed(2),
      months: 1 + (i % 12),
      ent: (i % 7 === 0 ? 1 : 0) as 0 | 1,
      heba: ((i % 5) - 2 === 0 ? 1 : (i % 5) - 2 === 1 ? -1 : 0) as -1 | 0 | 1,
      // mixed scales, up to 12 decimals: risk × months × 10^12 is far above 2^53 summed over the rows
      risk: i % 3 === 0 && longRisk ? (0.5 + rnd() * 3).toFixed(12) : (0.5 + rnd()).toFixed(3),
      ...(i % 4 === 0 ? { own: (800 + Math.floor(rnd() * 90000) / 100).toFixed(2) } : {}),
    };
  });
}

describe('a trial\'s sums', () => {
  for (const [label, factor, longRisk] of [['no shock, 12-decimal risk scores', null, true], ['a shock of +3.7%, 12-decimal risk scores', 1_037_000_000_000, true], ['a shock of -12.5%, 3-decimal risk scores', 875_000_000_000, false], ['no shock, 3-decimal risk scores', null, false]] as const) {
    it(`equal a BigInt computation over the drawn rows (${label})`, () => {
      const rnd = lcg(label.length);
      const rs = rows(500, rnd, longRisk);
      const attachments = [5_000_000, 25_000_000];
      const t = buildTables(rowTable(rs), [2023], 'standard', true)[0]!;
      // the table's rows are in segment order; the draw counts index the table's rows
      const order = [0, 1, 2, 3].flatMap((seg) => rs.map((x, i) => ({ x, i })).filter(({ x }) => (x.ent ?? 0) * 2 + (x.own ? 1 : 0) === seg));
      const cnt = new Uint32Array(t.n);
      for (let k = 0; k < t.n; k++) cnt[Math.floor(rnd() * t.n)]!++;
      const s = sumsOf(t, cnt, factor, attachments);

      const cents = (d: string) => BigInt(Math.round(Number(d) * 100));
      const K = longRisk ? 12n : 3n;
      const riskAt = (r: string) => {
        const [w, f = ''] = r.split('.');
        return BigInt(w! + f.padEnd(Number(K), '0'));
      };
      let months = 0;
      let exp = 0n;
      let pc = 0n;
      let part = 0n;
      let up = 0;
      let down = 0;
      const ent = [0, 1].map(() => ({ months: 0, rm: 0n, rmAll: 0n, own: 0n, need: 0 }));
      const excess = attachments.map(() => ({ n: 0n, d: 1n }));
      const F = BigInt(factor ?? 1_000_000_000_000);
      order.forEach(({ x }, j) => {
        const c = BigInt(cnt[j]!);
        const m = x.months ?? 12;
        months += cnt[j]! * m;
        exp += c * cents(x.exp);
        pc += c * cents(x.pc ?? '0');
        part += c * cents(x.part ?? '0');
        if (x.heba === 1) up += cnt[j]! * m;
        if (x.heba === -1) down += cnt[j]! * m;
        const e = ent[x.ent ?? 0]!;
        e.months += cnt[j]! * m;
        const rm = riskAt(x.risk ?? '1') * BigInt(m);
        e.rmAll += c * rm;
        if (x.own) e.own += c * rm * cents(x.own);
        else {
          e.rm += c * rm;
          e.need += cnt[j]!;
        }
        attachments.forEach((A, a) => {
          // max(0, e F / 10^12 - A), in cents, exact
          const over = cents(x.exp) * F - BigInt(A) * 1_000_000_000_000n;
          if (over > 0n) excess[a] = { n: excess[a]!.n * 1_000_000_000_000n + c * over * excess[a]!.d, d: excess[a]!.d * 1_000_000_000_000n };
        });
      });
      expect(s.memberMonths).toBe(months);
      expect(s.expenditure).toBe(factor === null ? exp : halfEven(exp * F, 1_000_000_000_000n));
      expect(s.primaryCare).toBe(pc);
      expect(s.participant).toBe(part);
      expect(s.hebaUpMonths).toBe(up);
      expect(s.hebaDownMonths).toBe(down);
      (['aged_disabled', 'esrd'] as const).forEach((k, i) => {
        const got = s.entitlements[k];
        const want = ent[i]!;
        expect(got.months).toBe(want.months);
        expect(got.rowsNeedingRate).toBe(want.need);
        expect(eq(got.riskMonths, { n: want.rm, d: 10n ** K })).toBe(true);
        expect(eq(got.riskMonthsAll, { n: want.rmAll, d: 10n ** K })).toBe(true);
        expect(eq(got.ownRateBenchmark, { n: want.own, d: 10n ** K * 100n })).toBe(true);
      });
      expect(s.stopLossExcess).toEqual(excess.map((x) => halfEven(x.n, x.d)));
      expect(s.stopLossExcess[0]! > 0n).toBe(true);
      // 12-decimal risk-months (and their own-rate products, above 2^53 per row) need the limbs;
      // 3-decimal ones stay on the Float64 pass
      expect(t.fallbacks.count > 0).toBe(longRisk);
      expect(t.ownRate.value === null).toBe(longRisk);
    });
  }
});
