// The small interfaces every payment engine implements. A track engine says what differs between
// Professional and Global (discount default, corridor bands, which capitations it allows); a
// capitation engine says which base capitation is a share of and which FFS claims it reduces. The
// one kernel (kernel.ts) does the arithmetic; adding an engine is one file and one registry line.
import type { Ratio } from '../domain/exact.js';
import type { CapitationId, CorridorTable, RuleSet, RuleSetId, TrackId } from '../domain/rules.js';
import type { ScenarioKey } from '../domain/scenario.js';

export interface CapitationRules {
  /** PCC: a share of B; TCC: a share of B - D. */
  readonly base: 'benchmark' | 'discounted';
  /** The claims the fee reduction applies to. */
  readonly reduces: 'primaryCare' | 'participant';
  /** undefined: the reduced claims' share of the PY's expenditure (primary care or participant / expenditure: the default). */
  readonly rate?: Ratio;
  readonly feeReductionRate: Ratio;
}

export interface TrackEngine {
  readonly id: TrackId;
  readonly title: string;
  readonly summary: string;
  readonly capitations: readonly CapitationId[];
  /** Scenario keys this engine reads (for `dcsim engines`). */
  readonly parameters: readonly ScenarioKey[];
  /** The rule set's default discount for a PY (by spending class where the rule set has one), or
   *  undefined where the rule set does not cover it. */
  defaultDiscount(rules: RuleSet, py: number, spendingClass?: 'lower' | 'higher'): string | undefined;
  /** The track's corridor tables, by rule set, with their sources (METHODOLOGY section 5, step 8). */
  readonly corridors: Readonly<Record<RuleSetId, CorridorTable>>;
}

export interface CapitationEngine {
  readonly id: CapitationId;
  readonly title: string;
  readonly summary: string;
  readonly rateKey: 'pcc_rate' | 'tcc_rate';
  readonly feeReductionKey: 'pcc_fee_reduction' | 'tcc_fee_reduction';
  readonly parameters: readonly ScenarioKey[];
  /** Capitation is a share of B ('benchmark') or of B - D ('discounted'). */
  readonly base: CapitationRules['base'];
  /** The FFS claims the fee reduction applies to. */
  readonly reduces: CapitationRules['reduces'];
  /**
   * The default rate for a PY: decimal text from the rule set; 'claims_share' for the PY's share of
   * expenditure in the claims the capitation reduces (`reduces`: primary_care_spend or
   * participant_spend, over expenditure; derived from the data by the kernel); undefined where the
   * rule set does not cover the PY.
   */
  defaultRate(rules: RuleSet, py: number): string | 'claims_share' | undefined;
}

/** A program (reach, lead, mssp): the REACH kernel's steps with a rule set, or its own settlement of B. */
export interface ProgramEngine {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  /** Scenario keys this program reads besides the benchmark's (for `dcsim engines`). */
  readonly parameters: readonly ScenarioKey[];
  /** True: the program settles B itself (kernel step 1, then its own steps); false: kernel steps 2-11. */
  readonly settlesOwn: boolean;
  /** The rule set a REACH-kernel program settles under by default. */
  readonly rules?: RuleSetId;
}
