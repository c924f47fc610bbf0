// From groups to the figures of one PY under an alignment policy (METHODOLOGY section 3):
// counts by alignment method, and the exact sums the settlement needs. Rates are applied later
// (settlement), so one aggregate serves every scenario with the same policy.
import { Dec, ZERO } from './decimal.js';
import { fromCents } from './money.js';
import {
  ENTITLEMENTS, FLAG_CLAIMS, FLAG_MLTSS, FLAG_VOLUNTARY, type Entitlement, type Group, type ScaledSums,
} from './population.js';
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
  /** Dollars, exact, over aligned rows. */
  readonly expenditure: Dec;
  readonly primaryCare: Dec;
  readonly participant: Dec;
  /** Σ rate × risk × months over aligned rows that carry their own rate (dollars, unrounded, before RTA). */
  readonly ownRateBenchmark: Dec;
  /** Σ risk × months over aligned rows without their own rate, by entitlement. */
  readonly riskMonths: Readonly<Record<Entitlement, Dec>>;
  /** Aligned rows without their own rate, by entitlement (they need a scenario rate). */
  readonly rowsNeedingRate: Readonly<Record<Entitlement, number>>;
  /** Σ max(0, expenditure - attachment) over aligned rows, per stop-loss attachment point (dollars). */
  readonly stopLossExcess: readonly Dec[];
  /** Medicaid spend (dollars) and member months over aligned duals that carry medicaid_spend. */
  readonly medicaidDuals: { readonly spend: Dec; readonly months: number; readonly rows: number };
}

export function scaledValue(s: ScaledSums, extraScale: number): Dec {
  let t = ZERO;
  s.byScale.forEach((x, k) => {
    if (x) t = t.plus(new Dec(x.value().toString()).div(new Dec(10).pow(k + extraScale)));
  });
  return t;
}

/** Sum groups into one PY's aggregate under a policy. `groups` may hold other PYs: they are skipped. */
export function aggregateYear(groups: readonly Group[], py: number, policy: AttributionId): YearAggregate {
  const alignedBy = { mltss: 0, voluntary: 0, claims: 0 };
  const monthsBy = { mltss: 0, voluntary: 0, claims: 0 };
  let excluded = 0;
  let exp = 0n;
  let pcs = 0n;
  let ps = 0n;
  let own = ZERO;
  const rm: Record<Entitlement, Dec> = { aged_disabled: ZERO, esrd: ZERO };
  const need: Record<Entitlement, number> = { aged_disabled: 0, esrd: 0 };
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
    own = own.plus(scaledValue(g.ownRate, 2));
    rm[g.entitlement] = rm[g.entitlement].plus(scaledValue(g.riskMonths, 0));
    need[g.entitlement] += g.rows - g.ownRateRows;
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
  return {
    py, alignedBy, monthsBy, aligned, excluded,
    memberMonths: monthsBy.mltss + monthsBy.voluntary + monthsBy.claims,
    expenditure: fromCents(exp), primaryCare: fromCents(pcs), participant: fromCents(ps),
    ownRateBenchmark: own, riskMonths: rm, rowsNeedingRate: need,
    stopLossExcess: Array.from(excess, (x) => fromCents(x ?? 0n)),
    medicaidDuals: { spend: fromCents(mcd), months: mcdMonths, rows: mcdRows },
  };
}

export { ENTITLEMENTS };
