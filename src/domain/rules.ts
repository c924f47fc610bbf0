// Rule sets: the parameter schedules of METHODOLOGY section 6, kept as data with their sources.
// A schedule maps a performance year to a rate; `every` covers every PY ("5% every PY").
// Rates are decimal strings so they are exact when read into a Ratio (domain/exact.ts).
import { dataError } from './errors.js';
import { LEAD_RULE_SET } from './lead.js';
import type { Band, CorridorTable, RuleSet, RuleSetId, Schedule, Tag } from './rule-types.js';

import { abs, add, max, min, mul, R0, R1, ratio, sign, sub, type Ratio } from './exact.js';

export { CAPITATION_IDS, RULE_SET_IDS, TRACK_IDS } from './rule-types.js';
export type { Band, CapitationId, CorridorTable, RuleSet, RuleSetId, Schedule, Tag, TrackId } from './rule-types.js';

const NO_HEBA: Schedule = { every: '0', source: '(none under DC)' };
const HEBA_SOURCE = '[CMS PUF data, 132/132 rows]';

export const RULE_SETS: Readonly<Record<RuleSetId, RuleSet>> = {
  dc: {
    id: 'dc',
    title: 'Direct Contracting as announced 2019-2020',
    discount: {
      byYear: { 2021: '0.02', 2022: '0.02', 2023: '0.03', 2024: '0.04', 2025: '0.05' },
      source: '[2nd: "2% for PY1 and PY2, +1% each later PY, 5% in PY5"]',
    },
    withhold: { every: '0.05', source: '[CMS] 5% every PY' },
    sequestration: { every: '0.02', source: '[CMS] 2% on positive shared savings' },
    pccRate: { every: '0.07', source: '[CMS 2019 fact sheet] 7% of benchmark' },
    hebaUp: NO_HEBA,
    hebaDown: NO_HEBA,
  },
  reach: {
    id: 'reach',
    title: 'ACO REACH as updated 2022-2025',
    discount: {
      byYear: { 2021: '0.02', 2022: '0.02', 2023: '0.03', 2024: '0.03', 2025: '0.04', 2026: '0.04' },
      source: '[CMS RFA table; 2nd] (2026 unconfirmed)',
    },
    withhold: {
      byYear: { 2021: '0.05', 2022: '0.05', 2023: '0.02', 2024: '0.02', 2025: '0.02', 2026: '0.05' },
      source: '[CMS]',
    },
    sequestration: { every: '0.02', source: '[CMS] 2% on positive shared savings' },
    pccRate: { every: '0.07', source: '[CMS] 7% (DCE-specific in practice)' },
    hebaUp: { from: 2023, every: '30', source: HEBA_SOURCE },
    hebaDown: { from: 2023, every: '6', source: HEBA_SOURCE },
  },
  lead: LEAD_RULE_SET,
};

/** The schedule's value for a PY, or undefined where the schedule does not cover it. */
export function scheduleValue(s: Schedule, py: number): string | undefined {
  if (s.from !== undefined && py < s.from) return '0';
  return s.byYear?.[py] ?? s.every;
}


type Tracked = { readonly id: string; readonly corridors: Readonly<Record<RuleSetId, CorridorTable>> };

/** A track's corridor bands for a rule set and PY (METHODOLOGY section 5, step 8): its table for the rule set, that PY's if it has one. */
export function corridorOf(track: Tracked, rules: RuleSet, py: number): readonly Band[] {
  return bandsOf(tableOf(track, rules), py);
}

/** A track's loss bands for a rule set and PY: its loss table (lead), else the savings bands. */
export function lossCorridorOf(track: Tracked, rules: RuleSet, py: number): readonly Band[] {
  return lossBandsOf(tableOf(track, rules), py);
}

/** A track's table for a rule set; a track registered without one (a plug-in) is an error naming the key. */
function tableOf(track: Tracked, rules: RuleSet): CorridorTable {
  const t = (track.corridors as Partial<Record<string, CorridorTable>>)[rules.id];
  if (t === undefined) throw dataError(`scenario "rules": the ${track.id} track has no corridor table for rule set "${rules.id}"`, { hint: 'give the bands: corridor_savings_bands (and corridor_loss_bands)' });
  return t;
}

/** The bands of a corridor table for a PY. */
export function bandsOf(t: CorridorTable, py: number): readonly Band[] {
  return t.byYear?.[py] ?? t.standard;
}

/** The loss bands of a corridor table for a PY: its loss table, else the savings bands. */
function lossBandsOf(t: CorridorTable, py: number): readonly Band[] {
  return t.losses ?? bandsOf(t, py);
}

/** A schedule value's tag for a PY (undefined: the rule set does not tag it). */
export function scheduleTag(s: Schedule, py: number): Tag | undefined {
  return s.tagByYear?.[py] ?? s.tag;
}

export type DceType = 'standard' | 'new_entrant' | 'high_needs';

/**
 * Historical weight w of the benchmark blend by DCE type and PY, where CMS has published it
 * [CMS, REACH]: Standard 55/45 in 2024-25 and 60/40 in 2026; New Entrant and High Needs 50/50 in
 * 2025 and 55/45 in 2026. Earlier years are unconfirmed: no default (pass historical_weight).
 */
export const HISTORICAL_WEIGHT: Readonly<Record<DceType, Readonly<Record<number, string>>>> = {
  standard: { 2024: '0.55', 2025: '0.55', 2026: '0.6' },
  new_entrant: { 2025: '0.5', 2026: '0.55' },
  high_needs: { 2025: '0.5', 2026: '0.55' },
};

/**
 * Minimum aligned beneficiaries by DCE type and PY [CMS, REACH]: Standard 5,000; New Entrant
 * 2,000/3,000/4,000/5,000 and High Needs 500/750/1,000/1,250 for 2023-2026. Checked with a warning.
 */
export const MINIMUM_ALIGNED: Readonly<Record<DceType, Readonly<Record<number, number>>>> = {
  standard: { 2021: 5000, 2022: 5000, 2023: 5000, 2024: 5000, 2025: 5000, 2026: 5000 },
  new_entrant: { 2023: 2000, 2024: 3000, 2025: 4000, 2026: 5000 },
  high_needs: { 2023: 500, 2024: 750, 2025: 1000, 2026: 1250 },
};

export const MCO_LETTER_NOTE = 'an MCO-based DCE needs a letter of support from its state Medicaid agency [SEED: CMS, 17 Dec 2020]';

const FOUR = ratio('0.04');
const EIGHT = ratio('0.08');
const HALF = ratio('0.5');

/** METHODOLOGY 4.3: the entity bears all of δ = rta − 1 within ±4% and half of it from 4% to 8%. */
export function guardedRta(rta: Ratio): Ratio {
  const delta = sub(rta, R1);
  const a = abs(delta);
  const borne = add(min(a, FOUR), mul(HALF, max(R0, sub(min(a, EIGHT), FOUR))));
  return sign(delta) < 0 ? sub(R1, borne) : add(R1, borne);
}
