// The small interfaces every payment engine implements. A track engine says what differs between
// Professional and Global (discount default, corridor bands, which capitations it allows); a
// capitation engine says which base capitation is a share of and which FFS claims it reduces. The
// one kernel (kernel.ts) does the arithmetic; adding an engine is one file and one registry line.
import { dataError } from '../domain/errors.js';
import type { Band, CapitationId, CorridorTable, RuleSet, RuleSetId, TrackId } from '../domain/rules.js';
import type { ScenarioKey } from '../domain/scenario.js';
import type { CapitationRules } from './kernel.js';

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
   * The default rate for a PY: decimal text from the rule set; 'participant_share' for the PY's
   * participant_spend / expenditure (derived from the data by the kernel); undefined where the rule
   * set does not cover the PY.
   */
  defaultRate(rules: RuleSet, py: number): string | 'participant_share' | undefined;
}

/** The corridor bands of a track for a rule set and PY. */
export function corridorOf(track: TrackEngine, rules: RuleSet, py: number): readonly Band[] {
  const t = tableOf(track, rules);
  return t.byYear?.[py] ?? t.standard;
}

/** The loss bands of a track for a rule set and PY: its loss table (lead), else the savings bands. */
export function lossCorridorOf(track: TrackEngine, rules: RuleSet, py: number): readonly Band[] {
  return tableOf(track, rules).losses ?? corridorOf(track, rules, py);
}

/** A track's table for a rule set; a track registered without one (a plug-in) is an error naming the key. */
function tableOf(track: TrackEngine, rules: RuleSet): CorridorTable {
  const t = (track.corridors as Partial<Record<string, CorridorTable>>)[rules.id];
  if (t === undefined) throw dataError(`scenario "rules": the ${track.id} track has no corridor table for rule set "${rules.id}"`, { hint: 'give the bands: corridor_savings_bands (and corridor_loss_bands)' });
  return t;
}
