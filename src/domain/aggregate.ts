// From groups to the figures of one PY under an alignment policy (METHODOLOGY section 3): counts by
// alignment method, and the kernel's exact sums (integer cents and exact Ratios).
// Rates are applied later (the kernel), so one aggregate serves every scenario with the same policy.
import type { EntitlementSums, YearSums } from './sums.js';
import { add, pow10, R0, type Ratio } from './exact.js';
import {
  ENTITLEMENTS, FLAG_CLAIMS, FLAG_MLTSS, FLAG_VOLUNTARY, type Entitlement, type Group, type ScaledSums,
} from './population.js';
import type { Population } from './population.js';
import type { AttributionId } from './scenario.js';

export type AlignmentMethod = 'mltss' | 'voluntary' | 'claims';
export const ALIGNMENT_METHODS: readonly AlignmentMethod[] = ['mltss', 'voluntary', 'claims'];

/** The method that aligns a row with these flags under a policy, or null (not aligned). */
export function alignmentOf(flags: number, policy: AttributionId): AlignmentMethod | null {
  if (policy === 'mltss-first' && flags & FLAG_MLTSS) return 'mltss';
  if (flags & FLAG_VOLUNTARY) return 'voluntary';
  if (flags & FLAG_CLAIMS) return 'claims';
  return null;
}

export interface YearAggregate {
  readonly py: number;
  readonly alignedBy: Readonly<Record<AlignmentMethod, number>>;
  readonly monthsBy: Readonly<Record<AlignmentMethod, number>>;
  readonly aligned: number;
  readonly excluded: number;
  readonly memberMonths: number;
  /** The kernel's exact sums of the aligned rows. */
  readonly sums: YearSums;
  /** Medicaid spend (cents) and member months over aligned duals that carry medicaid_spend. */
  readonly medicaidDuals: { readonly spend: bigint; readonly months: number; readonly rows: number };
}

/** A scaled sum (Σ mantissa by scale k) as an exact Ratio: Σ value_k / 10^(k + extraScale). */
export function scaledRatio(s: ScaledSums, extraScale: number): Ratio {
  const top = s.byScale.length - 1;
  if (top < 0) return R0;
  let n = 0n;
  s.byScale.forEach((x, k) => {
    if (x) n += x.value() * pow10(top - k);
  });
  return { n, d: pow10(top + extraScale) };
}

/** HEBA months of a group (the `heba` column; 0 without it). */
export function hebaMonthsOf(g: Group): { up: number; down: number } {
  return { up: g.hebaUpMonths, down: g.hebaDownMonths };
}

interface EntAcc {
  months: number;
  riskMonths: Ratio;
  ownRateBenchmark: Ratio;
  riskMonthsAll: Ratio;
  rowsNeedingRate: number;
}

/** Sum groups into one PY's aggregate under a policy. `groups` may hold other PYs: they are skipped. */
export function aggregateYear(groups: readonly Group[], py: number, policy: AttributionId): YearAggregate {
  const alignedBy = { mltss: 0, voluntary: 0, claims: 0 };
  const monthsBy = { mltss: 0, voluntary: 0, claims: 0 };
  let excluded = 0;
  let exp = 0n;
  let pcs = 0n;
  let ps = 0n;
  let up = 0;
  let down = 0;
  const ents = {} as Record<Entitlement, EntAcc>;
  for (const e of ENTITLEMENTS) ents[e] = { months: 0, riskMonths: R0, ownRateBenchmark: R0, riskMonthsAll: R0, rowsNeedingRate: 0 };
  const excess: bigint[] = [];
  let mcd = 0n;
  let mcdMonths = 0;
  let mcdRows = 0;
  for (const g of groups) {
    if (g.py !== py) continue;
    const m = alignmentOf(g.flags, policy);
    if (m === null) {
      excluded += g.rows;
      continue;
    }
    alignedBy[m] += g.rows;
    monthsBy[m] += g.memberMonths;
    exp += g.expenditure.value();
    pcs += g.primaryCare.value();
    ps += g.participant.value();
    const h = hebaMonthsOf(g);
    up += h.up;
    down += h.down;
    const e = ents[g.entitlement];
    e.months += g.memberMonths;
    const rm = scaledRatio(g.riskMonths, 0);
    e.riskMonths = add(e.riskMonths, rm);
    e.ownRateBenchmark = add(e.ownRateBenchmark, scaledRatio(g.ownRate, 2));
    e.riskMonthsAll = add(e.riskMonthsAll, add(rm, scaledRatio(g.ownRateRiskMonths, 0)));
    e.rowsNeedingRate += g.rows - g.ownRateRows;
    g.stopLossExcess.forEach((x, i) => {
      excess[i] = (excess[i] ?? 0n) + x.value();
    });
    if (g.dual !== 'none' && g.medicaidRows > 0) {
      mcd += g.medicaid.value();
      mcdMonths += g.medicaidMonths;
      mcdRows += g.medicaidRows;
    }
  }
  const aligned = alignedBy.mltss + alignedBy.voluntary + alignedBy.claims;
  const memberMonths = monthsBy.mltss + monthsBy.voluntary + monthsBy.claims;
  const entitlements = {} as Record<Entitlement, EntitlementSums>;
  for (const e of ENTITLEMENTS) entitlements[e] = ents[e];
  return {
    py, alignedBy, monthsBy, aligned, excluded, memberMonths,
    sums: {
      py, memberMonths, expenditure: exp, primaryCare: pcs, participant: ps, entitlements,
      hebaUpMonths: up, hebaDownMonths: down,
      stopLossExcess: Array.from(excess, (x) => x ?? 0n),
    },
    medicaidDuals: { spend: mcd, months: mcdMonths, rows: mcdRows },
  };
}

export { ENTITLEMENTS };

const aggregateCache = new WeakMap<Population, Map<string, YearAggregate>>();

/** The PY aggregate under a policy; cached per population, so sweeps aggregate once. */
export function yearAggregate(pop: Population, py: number, policy: AttributionId): YearAggregate {
  let m = aggregateCache.get(pop);
  if (!m) {
    m = new Map();
    aggregateCache.set(pop, m);
  }
  const key = `${py}/${policy}`;
  let a = m.get(key);
  if (!a) {
    a = aggregateYear(pop.groups, py, policy);
    m.set(key, a);
  }
  return a;
}
