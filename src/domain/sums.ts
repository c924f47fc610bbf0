// The exact sums the settlement kernel (src/engines/kernel.ts) settles: one PY of an aligned
// population, from the data (domain/aggregate.ts), a bootstrap trial or an entity's totals.
import type { Ratio } from './exact.js';
import type { Entitlement } from './population.js';

/** The exact sums of one PY's aligned population (beneficiary data, a bootstrap trial, ...). */
export interface YearSums {
  readonly py: number;
  readonly memberMonths: number;
  /** Σ expenditure, cents (FFS, before the fee reduction). */
  readonly expenditure: bigint;
  readonly primaryCare: bigint;
  readonly participant: bigint;
  readonly entitlements: Readonly<Record<Entitlement, EntitlementSums>>;
  /** Σ aligned_months of rows with heba = up / down. */
  readonly hebaUpMonths: number;
  readonly hebaDownMonths: number;
  /** Σ max(0, expenditure - A_i) in cents, one per stop-loss attachment point (empty without). */
  readonly stopLossExcess: readonly bigint[];
}

export interface EntitlementSums {
  /** Σ aligned_months over all aligned rows of the entitlement. */
  readonly months: number;
  /** Σ risk × months over rows without their own benchmark_pbpm. */
  readonly riskMonths: Ratio;
  /** Σ own_rate × risk × months (dollars) over rows with their own rate. */
  readonly ownRateBenchmark: Ratio;
  /** Σ risk × months over all aligned rows (the raw score's numerator). */
  readonly riskMonthsAll: Ratio;
  /** Rows without their own rate: they need a scenario rate. */
  readonly rowsNeedingRate: number;
}
