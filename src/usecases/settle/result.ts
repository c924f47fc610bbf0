// What `dcsim settle` produces: one line per entity-PY (per scenario, with --vary), with the check
// against CMS's published amounts. Typed values only (cents as BigInt, rates as exact Ratios); the
// report model (src/report/entity.ts) adds totals and the summary.
import { abs, cmp, ratioOfCents, sub, type Ratio } from '../../domain/exact.js';
import type { MsspTrackId } from '../../domain/mssp.js';
import type { TrackId } from '../../domain/rules.js';
import type { MsspLines } from '../../engines/mssp.js';

/** Money lines of a settled entity-PY, in cents; null where the input cannot give it. */
export interface EntityMoney {
  readonly benchmark: bigint | null;
  readonly discount: bigint | null;
  readonly quality_withhold: bigint | null;
  readonly withhold_earned: bigint | null;
  readonly retention_withhold: bigint | null;
  readonly performance_benchmark: bigint;
  readonly heba: bigint;
  readonly corridor_base: bigint;
  readonly expenditure: bigint;
  readonly savings: bigint;
  readonly shared_savings: bigint;
  readonly sequestration: bigint;
  readonly settlement: bigint;
  /** LEAD's admin add-on (null elsewhere); -Enhanced PCC paid (null when the row has none); settlement + the cash lines. */
  readonly admin_addon: bigint | null;
  readonly enhanced_pcc_recoupment: bigint | null;
  readonly net_cash: bigint;
}
export interface CheckCell {
  readonly published: Ratio;
  /** ours − published, exact. */
  readonly difference: Ratio;
  readonly within: boolean;
}

export interface EntityLine {
  readonly entityId: string;
  readonly entityName: string;
  readonly py: number;
  /** The track settled (the row's, or the what-if's; an MSSP track for program mssp). */
  readonly track: TrackId | MsspTrackId;
  readonly program: 'reach' | 'lead' | 'mssp';
  /** Program mssp's lines. */
  readonly mssp?: MsspLines;
  readonly money: EntityMoney;
  /** S / B* (HEBA not in the denominator), exact. */
  readonly savingsRate: Ratio;
  /** The corridor band |S| reaches (1 = the first), 0 when S = 0. */
  readonly band: number;
  /** Whether B and the withholds were recovered from B* (no benchmark in the input). */
  readonly recovered: boolean;
  /** Whether B* was settled again from B (a what-if changed its parameters, or the row has B only). */
  readonly reSettled: boolean;
  /** The row's published amounts, when its file has them (CMS PUF: SHARED_SAVINGS, SHARED_SAVINGS_SEQ). */
  readonly published?: { readonly sharedSavings?: Ratio; readonly settlement?: Ratio };
  readonly check?: { readonly sharedSavings?: CheckCell; readonly settlement?: CheckCell };
}

/** A varied value (--vary): its column and text. */
export interface ScenarioValue {
  readonly column: string;
  readonly text: string;
  readonly json: string | number | boolean;
}

export interface EntityScenario {
  readonly id: number;
  readonly values: readonly ScenarioValue[];
  readonly lines: readonly EntityLine[];
}

export interface EntityReport {
  readonly source: string;
  readonly layout: 'generic' | 'puf';
  readonly rowsRead: number;
  /** as_published: B* as given; what_if: re-settled from B. */
  readonly mode: 'as_published' | 'what_if';
  /** The what-if parameters as given (key → text), for the header and JSON. */
  readonly parameters: Readonly<Record<string, string>>;
  readonly varied: readonly string[];
  readonly scenarios: readonly EntityScenario[];
  readonly tolerance?: Ratio;
  readonly notes: readonly string[];
}

/** One check cell: our cents against the published amount, within the tolerance (inclusive). */
export function checkCell(ours: bigint, published: Ratio, tolerance: Ratio): CheckCell {
  const difference = sub(ratioOfCents(ours), published);
  return { published, difference, within: cmp(abs(difference), tolerance) <= 0 };
}
