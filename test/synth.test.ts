import { describe, expect, it } from 'vitest';
import { SYNTH_COLUMNS, synthCsv, type SynthOptions } from '../src/usecases/synth/generate.js';

const HEADER =
  'beneficiary_id,performance_year,expenditure,aligned_months,risk_score,entitlement,dual_status,' +
  'claims_aligned,voluntary_aligned,mltss_enrolled,opted_out,primary_care_spend,participant_spend,' +
  'medicaid_spend,benchmark_pbpm,heba';

const col = Object.fromEntries(SYNTH_COLUMNS.map((c, i) => [c, i])) as Record<string, number>;
const MONEY = /^\d+\.\d{2}$/;

function text(opts: SynthOptions): string {
  let s = '';
  for (const chunk of synthCsv(opts)) s += chunk;
  return s;
}

/** Data rows as arrays of cells (the header is checked separately). */
function rows(opts: SynthOptions): string[][] {
  const lines = text(opts).split('\n');
  expect(lines.pop()).toBe(''); // ends with LF
  expect(lines.shift()).toBe(HEADER);
  return lines.map((l) => l.split(','));
}

function cell(r: string[], name: string): string {
  const v = r[col[name]!];
  if (v === undefined) throw new Error(`no ${name} in ${r.join(',')}`);
  return v;
}

/** Cents from a money string already checked against MONEY (exact, no float). */
function cents(s: string): bigint {
  return BigInt(s.replace('.', ''));
}

const YEARS = [2022, 2023, 2024] as const;
const big = rows({ beneficiaries: 5000, years: YEARS, seed: 42 });

describe('synthCsv', () => {
  it('writes the METHODOLOGY section 2 header, in order, first', () => {
    expect(SYNTH_COLUMNS.join(',')).toBe(HEADER);
    const first = synthCsv({ beneficiaries: 3, years: [2022], seed: 1 }).next();
    expect(first.done).toBe(false);
    expect((first.value as string).startsWith(HEADER + '\n')).toBe(true);
    expect(text({ beneficiaries: 0, years: [2022], seed: 1 })).toBe(HEADER + '\n');
  });

  it('is deterministic: same options give the same bytes, another seed differs', () => {
    const opts = { beneficiaries: 2000, years: [2021, 2022], seed: 7 };
    const a = text(opts);
    expect(text(opts)).toBe(a);
    expect(text({ ...opts, seed: 8 })).not.toBe(a);
    // seeds that differ only above 32 bits still differ
    expect(text({ ...opts, seed: 7 + 2 ** 32 })).not.toBe(a);
    // a beneficiary does not depend on N or on the order the years are given in
    const small = text({ beneficiaries: 20, years: [2022, 2021], seed: 7 }).split('\n');
    const lines = a.split('\n');
    expect(small.slice(1, 21)).toEqual(lines.slice(1, 21));
    expect(small.slice(21, 41)).toEqual(lines.slice(2001, 2021));
  });

  it('writes N × years rows, by year then beneficiary, each id once per year', () => {
    expect(big).toHaveLength(5000 * YEARS.length);
    const bad = big.filter((r, k) =>
      r.length !== SYNTH_COLUMNS.length ||
      cell(r, 'performance_year') !== String(YEARS[Math.floor(k / 5000)]) ||
      cell(r, 'beneficiary_id') !== 'B' + String((k % 5000) + 1).padStart(7, '0'));
    expect(bad).toEqual([]);
  });

  it('writes every money cell with exactly two decimals, and valid other cells', () => {
    const MONEY_COLS = ['expenditure', 'primary_care_spend', 'participant_spend', 'benchmark_pbpm'];
    const BOOL_COLS = ['claims_aligned', 'voluntary_aligned', 'mltss_enrolled', 'opted_out'];
    const ok = (r: string[]): boolean => {
      const mcd = cell(r, 'medicaid_spend');
      const risk = Number(cell(r, 'risk_score'));
      const months = Number(cell(r, 'aligned_months'));
      return (
        MONEY_COLS.every((c) => MONEY.test(cell(r, c))) &&
        (mcd === '' || MONEY.test(mcd)) &&
        /^\d\.\d{4}$/.test(cell(r, 'risk_score')) && risk >= 0.3 && risk <= 5 &&
        Number.isInteger(months) && months >= 1 && months <= 12 &&
        ['aged_disabled', 'esrd'].includes(cell(r, 'entitlement')) &&
        ['full', 'partial', 'none'].includes(cell(r, 'dual_status')) &&
        ['up', 'down', 'none'].includes(cell(r, 'heba')) &&
        BOOL_COLS.every((c) => cell(r, c) === 'true' || cell(r, c) === 'false') &&
        cents(cell(r, 'benchmark_pbpm')) > 0n &&
        cents(cell(r, 'expenditure')) <= 300_000_000n
      );
    };
    expect(big.filter((r) => !ok(r))).toEqual([]);
  });

  it('keeps primary care <= participant <= expenditure on every row', () => {
    const bad = big.filter((r) => {
      const exp = cents(cell(r, 'expenditure'));
      const pc = cents(cell(r, 'primary_care_spend'));
      const part = cents(cell(r, 'participant_spend'));
      return !(pc <= part && part <= exp);
    });
    expect(bad).toEqual([]);
  });

  it('has about 20% duals and 1–3% ESRD', () => {
    const n = big.length;
    const duals = big.filter((r) => cell(r, 'dual_status') !== 'none').length;
    const full = big.filter((r) => cell(r, 'dual_status') === 'full').length;
    const esrd = big.filter((r) => cell(r, 'entitlement') === 'esrd').length;
    expect(duals / n).toBeGreaterThan(0.15);
    expect(duals / n).toBeLessThan(0.25);
    expect(full / n).toBeGreaterThan(0.1);
    expect(full / n).toBeLessThan(0.16);
    expect(esrd / n).toBeGreaterThan(0.01);
    expect(esrd / n).toBeLessThan(0.03);
  });

  it('writes heba about 10% up, 50% down, 40% none, up more often for duals', () => {
    // 5000 × 3 rows; a share's standard error is at most 0.5 / sqrt(15000) ≈ 0.004, so ±0.025 is > 6 SE
    const n = big.length;
    const share = (f: (r: string[]) => boolean, of = big): number => of.filter(f).length / of.length;
    expect(Math.abs(share((r) => cell(r, 'heba') === 'up') - 0.1)).toBeLessThan(0.025);
    expect(Math.abs(share((r) => cell(r, 'heba') === 'down') - 0.5)).toBeLessThan(0.025);
    expect(Math.abs(share((r) => cell(r, 'heba') === 'none') - 0.4)).toBeLessThan(0.025);
    const duals = big.filter((r) => cell(r, 'dual_status') !== 'none');
    // 30% of duals are up, against 5% of the rest
    expect(share((r) => cell(r, 'heba') === 'up', duals)).toBeGreaterThan(0.2);
    expect(n).toBe(15000);
  });

  it('writes medicaid_spend for duals only; MLTSS and opt-out only among full duals', () => {
    const bad = big.filter((r) => {
      const dual = cell(r, 'dual_status');
      const mltss = cell(r, 'mltss_enrolled') === 'true';
      return (
        (cell(r, 'medicaid_spend') === '') !== (dual === 'none') ||
        (mltss && dual !== 'full') ||
        (!mltss && cell(r, 'opted_out') !== 'false')
      );
    });
    expect(bad).toEqual([]);
    expect(big.some((r) => cell(r, 'mltss_enrolled') === 'true')).toBe(true);
    expect(big.some((r) => cell(r, 'opted_out') === 'true')).toBe(true);
  });

  it('has realistic alignment, partial years and costs', () => {
    const n = big.length;
    const share = (f: (r: string[]) => boolean): number => big.filter(f).length / n;
    const claims = share((r) => cell(r, 'claims_aligned') === 'true');
    const voluntary = share((r) => cell(r, 'voluntary_aligned') === 'true');
    const neither = share((r) => cell(r, 'claims_aligned') === 'false' && cell(r, 'voluntary_aligned') === 'false');
    const partial = share((r) => cell(r, 'aligned_months') !== '12');
    expect(claims).toBeGreaterThan(0.9);
    expect(claims).toBeLessThan(0.96);
    expect(voluntary).toBeGreaterThan(0.03);
    expect(voluntary).toBeLessThan(0.08);
    expect(neither).toBeGreaterThan(0.01);
    expect(neither).toBeLessThan(0.04);
    expect(partial).toBeGreaterThan(0.07);
    expect(partial).toBeLessThan(0.13);
    // Σ expenditure / Σ (rate × risk × months) near the 0.97 target (heavy tail: wide band)
    let e = 0;
    let b = 0;
    for (const r of big) {
      e += Number(cell(r, 'expenditure'));
      b += Number(cell(r, 'benchmark_pbpm')) * Number(cell(r, 'risk_score')) * Number(cell(r, 'aligned_months'));
    }
    expect(e / b).toBeGreaterThan(0.85);
    expect(e / b).toBeLessThan(1.1);
  });

  it('keeps a beneficiary\'s traits across years, and PY2021 to its 9 months', () => {
    const rs = rows({ beneficiaries: 300, years: [2021, 2022], seed: 5 });
    const bad: string[] = [];
    for (let i = 0; i < 300; i++) {
      const a = rs[i]!;
      const b = rs[300 + i]!;
      for (const c of ['beneficiary_id', 'entitlement', 'dual_status', 'mltss_enrolled', 'opted_out', 'heba']) {
        if (cell(b, c) !== cell(a, c)) bad.push(`${cell(a, 'beneficiary_id')} ${c}`);
      }
      if (Number(cell(a, 'aligned_months')) > 9) bad.push(`${cell(a, 'beneficiary_id')} months`);
    }
    expect(bad).toEqual([]);
  });

  it('streams in chunks of whole lines of about 1 MiB', () => {
    const chunks = [...synthCsv({ beneficiaries: 25_000, years: [2023], seed: 1 })];
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(c.endsWith('\n')).toBe(true);
      expect(c.length).toBeLessThan(2 * 1024 * 1024);
    }
    expect(chunks.join('').split('\n')).toHaveLength(25_000 + 2);
  });

  it('allows two generators to be consumed interleaved', () => {
    const opts = { beneficiaries: 25_000, years: [2023], seed: 3 };
    const expected = text(opts);
    const g1 = synthCsv(opts);
    const g2 = synthCsv({ ...opts, seed: 4 });
    let s = '';
    for (let r = g1.next(); !r.done; r = g1.next()) {
      s += r.value;
      g2.next();
    }
    expect(s).toBe(expected);
  });

  it('refuses bad options at the call, before any output', () => {
    expect(() => synthCsv({ beneficiaries: -1, years: [2022], seed: 1 })).toThrow(RangeError);
    expect(() => synthCsv({ beneficiaries: 1.5, years: [2022], seed: 1 })).toThrow(/beneficiaries/);
    expect(() => synthCsv({ beneficiaries: 1, years: [2022, 2022], seed: 1 })).toThrow(/years/);
    expect(() => synthCsv({ beneficiaries: 1, years: [2022.5], seed: 1 })).toThrow(/years/);
    expect(() => synthCsv({ beneficiaries: 1, years: [1900, 2100], seed: 1 })).toThrow(/span/);
    expect(() => synthCsv({ beneficiaries: 1, years: [2022], seed: Number.NaN })).toThrow(/seed/);
  });
});
