// The Medicare Shared Savings Program (program `mssp`) as data: its tracks, rates, limits and the
// variable MSR table of 42 CFR part 425 (METHODOLOGY-2027 section 3.1), each value with its citation
// and tag ([P] primary text read, [S] secondary only, [U] not found: a proposed default). Rates are
// decimal strings so they are exact. The MSR's interpolation is the one rounding here (to 0.01
// percentage point, half-even [U]); money is rounded in exact.ts.
import { dataError } from './errors.js';
import { cmp, ratio, roundTo, type Ratio } from './exact.js';

export const MSSP_TRACK_IDS = ['basic_a', 'basic_b', 'basic_c', 'basic_d', 'basic_e', 'enhanced'] as const;
export type MsspTrackId = (typeof MSSP_TRACK_IDS)[number];

export const MSR_CHOICES = ['variable', '0', '0.005', '0.01', '0.015', '0.02'] as const;
export type MsrChoice = (typeof MSR_CHOICES)[number];
export const QUALITY_STATUSES = ['met', 'alt', 'fail'] as const;
export type QualityStatus = (typeof QUALITY_STATUSES)[number];

/** A value of the rules with where it comes from. */
export interface Cited {
  readonly value: string;
  readonly cite: string;
  readonly tag: 'P' | 'S' | 'U';
}

export interface MsspTrack {
  readonly id: MsspTrackId;
  readonly title: string;
  readonly twoSided: boolean;
  readonly basic: boolean;
  /** Final sharing rate with the quality performance standard met. */
  readonly sharingRate: Cited;
  /** Performance payment limit, a share of the updated benchmark. */
  readonly pplRate: Cited;
  /** Shared loss rate: a fixed rate (BASIC C-E) or 'quality' (ENHANCED: 1 - r x q within the bounds). */
  readonly lossRate?: Cited;
  /** Loss cap: [share of participant revenue, share of the benchmark] (BASIC), or [share of the benchmark] (ENHANCED). */
  readonly lossCap?: { readonly rates: readonly string[]; readonly cite: string; readonly tag: 'P' };
}

const P = (value: string, cite: string): Cited => ({ value, cite, tag: 'P' });
const BASIC_RATE = (x: string, cite: string): Cited => P(x, `42 CFR 425.605(d)(1)(${cite})(A)`);
const BASIC_PPL = (cite: string): Cited => P('0.1', `42 CFR 425.605(d)(1)(${cite})(B)(2)`);

export const MSSP_TRACKS: Readonly<Record<MsspTrackId, MsspTrack>> = {
  basic_a: { id: 'basic_a', title: 'BASIC Level A', twoSided: false, basic: true, sharingRate: BASIC_RATE('0.4', 'i'), pplRate: BASIC_PPL('i') },
  basic_b: { id: 'basic_b', title: 'BASIC Level B', twoSided: false, basic: true, sharingRate: BASIC_RATE('0.4', 'ii'), pplRate: BASIC_PPL('ii') },
  basic_c: {
    id: 'basic_c', title: 'BASIC Level C', twoSided: true, basic: true, sharingRate: BASIC_RATE('0.5', 'iii'), pplRate: BASIC_PPL('iii'),
    lossRate: P('0.3', '42 CFR 425.605(d)(1)(iii)(C)'), lossCap: { rates: ['0.02', '0.01'], cite: '42 CFR 425.605(d)(1)(iii)(D)', tag: 'P' },
  },
  basic_d: {
    id: 'basic_d', title: 'BASIC Level D', twoSided: true, basic: true, sharingRate: BASIC_RATE('0.5', 'iv'), pplRate: BASIC_PPL('iv'),
    lossRate: P('0.3', '42 CFR 425.605(d)(1)(iv)(C)'), lossCap: { rates: ['0.04', '0.02'], cite: '42 CFR 425.605(d)(1)(iv)(D)', tag: 'P' },
  },
  basic_e: {
    id: 'basic_e', title: 'BASIC Level E', twoSided: true, basic: true, sharingRate: BASIC_RATE('0.5', 'v'), pplRate: BASIC_PPL('v'),
    lossRate: P('0.3', '42 CFR 425.605(d)(1)(v)(C)'),
    lossCap: { rates: ['0.08', '0.04'], cite: '42 CFR 425.605(d)(1)(v)(D); 8% of revenue per 414.1415(c)(3)(i)(A), 4% of the benchmark = 3% of (i)(B) + 1 pp', tag: 'P' },
  },
  enhanced: {
    id: 'enhanced', title: 'ENHANCED', twoSided: true, basic: false, sharingRate: P('0.75', '42 CFR 425.610(d), (e)(1)'), pplRate: P('0.2', '42 CFR 425.610(e)(2)'),
    lossRate: P('quality', '42 CFR 425.610(f)(4): 1 - 0.75 x q within 40-75% with the QPS or alternative QPS met, else 75%'),
    lossCap: { rates: ['0.15'], cite: '42 CFR 425.610(g)', tag: 'P' },
  },
};

/** ENHANCED's shared loss rate bounds and the rate without the quality standard [P: 42 CFR 425.610(f)(4)]. */
export const ENHANCED_LOSS = { min: ratio('0.4'), max: ratio('0.75'), failed: ratio('0.75') } as const;

/** The performance years the current text is settled for. */
export const MSSP_PY: { readonly from: number; readonly to: number; readonly cite: string; readonly tag: 'U' } = {
  from: 2024,
  to: 2036,
  cite: 'the quality standard of 42 CFR 425.512(a)(5) and the low-revenue rule of 425.605(h) apply from PY2024 / agreement periods from 2024; the end mirrors LEAD (PY2036)',
  tag: 'U',
};

/** Sequestration: 2% off positive shared savings, none on losses [S: CMS practice, not in part 425]. */
export const MSSP_SEQUESTRATION: Cited = { value: '0.02', cite: 'CMS practice (not in 42 CFR part 425)', tag: 'S' };

/** One row of the variable MSR table: from `from` beneficiaries, the MSR at the row's low end. */
export interface MsrRow {
  readonly from: number;
  readonly rate: Ratio;
}

/** 42 CFR 425.604(b), kept from 5,000 up by 425.605(b)(1) [P]: each row's low-end MSR; the high end is the next row's. */
export const MSR_TABLE: readonly MsrRow[] = [
  [5000, '0.039'], [6000, '0.036'], [7000, '0.034'], [8000, '0.032'], [9000, '0.031'],
  [10000, '0.03'], [15000, '0.027'], [20000, '0.025'], [50000, '0.022'], [60000, '0.02'],
].map(([from, rate]) => ({ from: from as number, rate: ratio(rate as string) }));
export const MSR_TABLE_CITE = '42 CFR 425.604(b); 425.605(b)(1); 425.610(b)';

/** Quality: the factor of the maximum sharing rate (42 CFR 425.512(a)(5), 425.605(d)(1)(.)(A)(4), 425.610(d)(4)) [P]. */
export const QUALITY_CITE = '42 CFR 425.512(a)(5), (b)(5)(ii); 425.605(d)(1)(i)-(v)(A)(4); 425.610(d)(4)';
export const THRESHOLD_CITE = '42 CFR 425.605(b)(3)-(4); 425.610(a): savings or losses "at least" the MSR / MLR x B';
export const LOW_REVENUE_CITE = '42 CFR 425.605(h): BASIC, >= 5,000 assigned, 0 < S < MSR x B: half the final sharing rate';
export const MSR_CHOICE_CITE = '42 CFR 425.605(b)(1)-(2); 425.610(b): one-sided variable; two-sided 0, 0.5, 1.0, 1.5, 2.0% or variable, MLR = MSR';
export const INTERPOLATION_NOTE = 'variable MSR between rows: linear from a row\'s first N to the next row\'s, rounded half-even to 0.01 percentage point [U] (the PUF\'s 3.01, 2.99 show interpolation; the formula was not in the text read)';

/**
 * A user's msr_table ("N=rate,N=rate,..."), merged over the CFR rows (a user row at the same N
 * wins). Throws a data error naming msr_table when it is not that.
 */
export function msrTable(text: string | undefined): readonly MsrRow[] {
  if (text === undefined) return MSR_TABLE;
  const rows = new Map<number, Ratio>(MSR_TABLE.map((r) => [r.from, r.rate]));
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)\s*=\s*(\d*\.?\d+)\s*$/.exec(part);
    const rate = m ? ratio(m[2]!) : undefined;
    if (!m || !rate || cmp(rate, ratio(1)) >= 0 || Number(m[1]) < 1) {
      throw dataError(`scenario "msr_table": "${part.trim()}" is not BENEFICIARIES=RATE`, { hint: 'rows of the variable MSR table below 5,000, e.g. "msr_table": "3000=0.05,4000=0.045" (a share: 0.05 means 5%; rows merge over 42 CFR 425.604(b)\'s)' });
    }
    rows.set(Number(m[1]), rate);
  }
  return [...rows].sort((a, b) => a[0] - b[0]).map(([from, r]) => ({ from, rate: r }));
}

/**
 * The variable MSR for n assigned beneficiaries: the row n falls in, interpolated linearly to the
 * next row's first N and rounded to 0.01 percentage point ('linear' [U]), or the row's low end
 * ('low_end'). Below the first row: undefined (an error for the caller to name).
 */
export function variableMsr(n: number, table: readonly MsrRow[], interpolation: 'linear' | 'low_end'): Ratio | undefined {
  let i = -1;
  for (let k = 0; k < table.length; k++) if (n >= table[k]!.from) i = k;
  if (i < 0) return undefined;
  const row = table[i]!;
  const next = table[i + 1];
  if (interpolation === 'low_end' || next === undefined) return row.rate;
  // rate + (next.rate - rate) x (n - from) / (next.from - from)
  const span = BigInt(next.from - row.from);
  const t = { n: BigInt(n - row.from), d: span };
  const exact = {
    n: row.rate.n * next.rate.d * t.d + (next.rate.n * row.rate.d - row.rate.n * next.rate.d) * t.n,
    d: row.rate.d * next.rate.d * t.d,
  };
  return roundTo(exact, 4);
}

/** Program mssp's rows of the scenario key table (domain/scenario.ts spreads them into SCENARIO_KEYS). */
export const MSSP_KEY_ROWS = {
  program: { kind: 'enum', values: ['reach', 'lead', 'mssp'], default: 'reach', doc: 'program: reach (rule sets dc, reach), lead (rule set lead) or mssp (the Shared Savings Program, 42 CFR part 425)' },
  mssp_track: { kind: 'enum', values: MSSP_TRACK_IDS, default: 'enhanced', doc: 'MSSP track: basic_a, basic_b (one-sided), basic_c, basic_d, basic_e, enhanced (two-sided) [42 CFR 425.600(a)(3)-(4)]' },
  msr: { kind: 'enum', values: MSR_CHOICES, numeric: true, default: 'variable', doc: 'MSSP minimum savings rate (= MLR on two-sided tracks): variable (one-sided: the only choice) or 0, 0.005, 0.01, 0.015, 0.02 [42 CFR 425.605(b), 425.610(b)]' },
  msr_table: { kind: 'text', default: '42 CFR 425.604(b) (from 5,000)', doc: 'variable MSR rows merged over the CFR table, BENEFICIARIES=RATE,... (e.g. 3000=0.05): needed below 5,000 assigned' },
  msr_interpolation: { kind: 'enum', values: ['linear', 'low_end'], default: 'linear', doc: "variable MSR between rows: linear to the next row's first N, rounded to 0.01 pp [U], or the row's low end" },
  quality_status: { kind: 'enum', values: QUALITY_STATUSES, default: 'met', doc: 'MSSP quality: met (the QPS: full rate), alt (alternative QPS only: rate x quality_score), fail (no shared savings) [42 CFR 425.512(a)(5)]' },
  assigned_beneficiaries: { kind: 'perYear', range: { min: '0' }, default: 'the aligned count of the data', doc: 'MSSP assigned beneficiaries n (variable MSR, low-revenue rule)' },
  participant_revenue: { kind: 'perYear', range: { min: '0' }, default: 'none (the benchmark-based loss cap alone)', doc: "ACO participants' Parts A and B FFS revenue, dollars: the revenue-based loss cap of BASIC C-E [42 CFR 425.605(d)(1)(iii)-(v)(D)]" },
  low_revenue: { kind: 'bool', default: false, doc: 'a low-revenue BASIC ACO: below the MSR it shares at half the rate (>= 5,000 assigned) [42 CFR 425.605(h)]' },
  max_sharing_rate: { kind: 'perYear', range: { min: '0', max: '1' }, default: 'track: A, B 0.40; C, D, E 0.50; ENHANCED 0.75 [42 CFR 425.605(d), 425.610(d)]', doc: 'MSSP final sharing rate with the quality standard met' },
  ppl_rate: { kind: 'perYear', range: { min: '0', max: '1' }, default: 'BASIC 0.10, ENHANCED 0.20 [42 CFR 425.605(d)(1)(.)(B)(2), 425.610(e)(2)]', doc: 'MSSP performance payment limit, a share of the benchmark' },
  loss_cap_rates: { kind: 'list', range: { min: '0', max: '1' }, default: 'C 0.02,0.01; D 0.04,0.02; E 0.08,0.04; ENHANCED 0.15 [42 CFR 425.605(d)(1)(iii)-(v)(D), 425.610(g)]', doc: 'MSSP loss cap: REVENUE_SHARE,BENCHMARK_SHARE (the lesser binds), or BENCHMARK_SHARE alone' },
} as const;
