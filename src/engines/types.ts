// The small interfaces every payment engine implements. A track engine says what differs between
// Professional and Global (discount default, corridor bands, which capitations it allows); a
// capitation engine says how capitation is paid and which FFS claims it reduces. The shared
// settlement arithmetic (settlement.ts) calls them; adding an engine is one file and one registry line.
import type { YearAggregate } from '../domain/aggregate.js';
import type { Dec } from '../domain/decimal.js';
import type { Share } from '../domain/money.js';
import type { Band, RuleSet, TrackId } from '../domain/rules.js';
import type { CapitationId, ScenarioKey } from '../domain/scenario.js';

export interface TrackEngine {
  readonly id: TrackId;
  readonly title: string;
  readonly summary: string;
  readonly capitations: readonly CapitationId[];
  /** Scenario keys this engine reads (for `dcsim engines`). */
  readonly parameters: readonly ScenarioKey[];
  /** The rule set's default discount for a PY, or undefined where the rule set does not cover it. */
  defaultDiscount(rules: RuleSet, py: number): string | undefined;
  corridor(rules: RuleSet, py: number): readonly Band[];
}

export interface CapitationContext {
  readonly agg: YearAggregate;
  /** Benchmark B and discount D, rounded. */
  readonly benchmark: Dec;
  readonly discount: Dec;
}

export interface CapitationEngine {
  readonly id: CapitationId;
  readonly title: string;
  readonly summary: string;
  readonly rateKey: 'pcc_rate' | 'tcc_rate';
  readonly feeReductionKey: 'pcc_fee_reduction' | 'tcc_fee_reduction';
  readonly parameters: readonly ScenarioKey[];
  /** The default rate for a PY, and a note when it is derived from the data. */
  defaultRate(rules: RuleSet, ctx: CapitationContext): { rate: Share; note?: string } | undefined;
  /** Capitation paid during the year, rounded. */
  paid(rate: Share, ctx: CapitationContext): Dec;
  /** Σ of the FFS claims capitation replaces (before the fee-reduction share). */
  reducedClaims(agg: YearAggregate): Dec;
}
