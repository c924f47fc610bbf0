// The what-if parameters of `dcsim settle` (METHODOLOGY section 11): the scenario keys that make sense
// for an entity's totals, and how each resolves for one entity-PY. Pure.
import { dataError, DcsimError } from '../../domain/errors.js';
import { cmp, formatDecimal, ratio, R0, R1, type Ratio } from '../../domain/exact.js';
import { RULE_SETS, scheduleValue, uncoveredText, type RuleSet, type RuleSetId, type Schedule, type TrackId } from '../../domain/rules.js';
import { valueFor, type PerYear, type ScenarioInput, type ScenarioKey } from '../../domain/scenario.js';
import type { EntityRow } from '../../domain/entity.js';

/** Scenario keys `settle` accepts (flags, --scenario keys and --vary keys). */
export const SETTLE_KEYS = [
  'track', 'rules', 'discount_rate', 'withhold_rate', 'quality_score', 'retention_withhold_rate', 'sequestration_rate',
  'corridor_base', 'withhold_base',
] as const satisfies readonly ScenarioKey[];
export type SettleKey = (typeof SETTLE_KEYS)[number];

export type WhatIf = Pick<ScenarioInput, SettleKey>;

/** The rule set CMS settled PY2021-2023 under: its withhold w recovers B from a published B*. */
export const SETTLED_UNDER: RuleSetId = 'reach';

/** The default rule set of `settle` (entity data are real REACH settlements). */
export const DEFAULT_SETTLE_RULES: RuleSetId = 'reach';

/** A what-if key that changes B* (everything but the sequestration rate): B must be recovered. */
export function needsBenchmark(w: WhatIf): boolean {
  return SETTLE_KEYS.some((k) => k !== 'sequestration_rate' && w[k] !== undefined);
}

/** Refuse scenario keys settle does not use (from --scenario or the command line). */
export function checkSettleKeys(input: ScenarioInput, where: string, fromFlags: ReadonlySet<string> = new Set()): WhatIf {
  const extra = Object.keys(input).filter((k) => k !== 'name' && !(SETTLE_KEYS as readonly string[]).includes(k));
  if (extra.length) {
    // a flag is bad usage (exit 2); a key of the scenario file is a bad scenario (exit 1)
    const flags = extra.every((k) => fromFlags.has(k));
    const names = extra.map((k) => (flags ? `--${k.replace(/_/g, '-')}` : `"${k}"`)).join(', ');
    throw new DcsimError([{ message: `${flags ? '' : `${where}: `}${names} ${extra.length === 1 ? 'is' : 'are'} not used at entity level`, hint: `entity rows carry their own totals; the what-ifs are ${SETTLE_KEYS.join(', ')}` }], flags ? 2 : 1);
  }
  const out: Record<string, unknown> = {};
  for (const k of SETTLE_KEYS) if ((input as Record<string, unknown>)[k] !== undefined) out[k] = (input as Record<string, unknown>)[k];
  return out as WhatIf;
}

/** The what-ifs given, as text (for the report). */
export function whatIfText(w: WhatIf): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of SETTLE_KEYS) {
    const v = w[k];
    if (v === undefined) continue;
    if (typeof v === 'string') out[k] = v;
    else {
      const p = v as PerYear;
      const parts = [...(p.all !== undefined ? [formatDecimal(p.all)] : []), ...[...p.byYear].sort((a, b) => a[0] - b[0]).map(([y, x]) => `${y}=${formatDecimal(x)}`)];
      out[k] = parts.join(',');
    }
  }
  return out;
}

function schedule(rules: RuleSet, s: Schedule, py: number, key: string): Ratio {
  const v = scheduleValue(s, py);
  if (v === undefined) {
    const t = uncoveredText(key, rules, s, py);
    throw dataError(t.message, { hint: t.hint });
  }
  return ratio(v);
}

/** The withhold rate w of the rule set CMS settled under, for recovering B. */
export function settledWithhold(py: number): Ratio {
  const rules = RULE_SETS[SETTLED_UNDER];
  return schedule(rules, rules.withhold, py, 'withhold_rate');
}

/** The parameters one entity-PY is settled with. */
export interface RowParameters {
  readonly track: TrackId;
  readonly rules: RuleSet;
  readonly discountRate: Ratio;
  readonly withholdRate: Ratio;
  readonly qualityScore: Ratio;
  readonly retentionWithholdRate: Ratio;
  readonly sequestrationRate: Ratio;
  readonly withholdBase: 'benchmark' | 'discounted';
  readonly corridorBase: 'performance_benchmark' | 'benchmark';
}

const rate = valueFor;

/**
 * A row's parameters under a what-if: a flag wins; else the row's own value (quality score,
 * retention withhold; the discount of a Global row that stays Global under the same rules); else
 * the rule set's. Professional has no discount, whatever is given; a what-if to Global applies the
 * rule set's.
 */
export function rowParameters(row: EntityRow, w: WhatIf): RowParameters {
  const track = w.track ?? row.track;
  // a program lead row settles under rule set lead (METHODOLOGY-2027 section 2)
  const rulesId: string = w.rules ?? (row.program === 'lead' ? 'lead' : DEFAULT_SETTLE_RULES);
  if (!Object.hasOwn(RULE_SETS, rulesId)) throw dataError(`program ${row.program} needs rule set ${rulesId}, which this build does not have`, { hint: 'the programs this build settles: reach, mssp' });
  const rules = (RULE_SETS as Readonly<Record<string, RuleSet>>)[rulesId]!;
  const py = row.py;
  // (the rule set CMS settled under, named or not, keeps the row's own discount)
  const ownDiscount = row.track === 'global' && track === 'global' && rules.id === SETTLED_UNDER ? row.discountRate : undefined;
  // METHODOLOGY 5, step 2: D = d x B for Global, 0 for Professional (a --discount-rate included).
  const discountRate = track === 'professional' ? R0
    : rate(w.discount_rate, py) ?? ownDiscount ?? schedule(rules, rules.discount, py, 'discount_rate');
  return {
    track,
    rules,
    discountRate,
    withholdRate: rate(w.withhold_rate, py) ?? schedule(rules, rules.withhold, py, 'withhold_rate'),
    qualityScore: rate(w.quality_score, py) ?? row.qualityScore ?? R1,
    retentionWithholdRate: rate(w.retention_withhold_rate, py) ?? row.retentionWithholdRate ?? R0,
    sequestrationRate: rate(w.sequestration_rate, py) ?? schedule(rules, rules.sequestration, py, 'sequestration_rate'),
    withholdBase: w.withhold_base ?? 'benchmark',
    corridorBase: w.corridor_base ?? 'performance_benchmark',
  };
}

/**
 * Whether a what-if changes what B* is made of for this row (track, d, w, q, rw, the withhold base)
 * against the row's own parameters: only then is the row re-settled from B. A what-if equal to the
 * row's own values, or given for a PY the row is not in, leaves B* as published (to the cent).
 */
export function changesPerformanceBenchmark(p: RowParameters, own: RowParameters): boolean {
  return p.track !== own.track || p.withholdBase !== own.withholdBase
    || cmp(p.discountRate, own.discountRate) !== 0 || cmp(p.withholdRate, own.withholdRate) !== 0
    || cmp(p.qualityScore, own.qualityScore) !== 0 || cmp(p.retentionWithholdRate, own.retentionWithholdRate) !== 0;
}

/** Wrap an error found while settling one row with the row's place in its file. */
export function atRow(source: string, row: EntityRow, e: unknown): never {
  if (e instanceof DcsimError) {
    throw new DcsimError(e.diagnostics.map((d) => (d.file !== undefined ? d : { ...d, file: source, line: row.line, column: 1, lineText: row.text, message: `${row.entityId} PY${row.py}: ${d.message.startsWith(`PY${row.py}: `) ? d.message.slice(`PY${row.py}: `.length) : d.message}` })), e.exitCode, e.more);
  }
  throw e;
}
