// Rule set `lead` (CMS's LEAD model, PY2027-2036) as data: every value with its tag and source,
// from METHODOLOGY-2027 section 1. Tags: [P] primary text, [S] secondary only, [U] not found (the
// default is a proposal). Sources are the abbreviations of METHODOLOGY-2027's source list (WB: the
// third-party LEAD workbook notes, nshntkmr/lead-chatbot data/context-lead.md; WK-*: Wakely; MIL2 and
// MI: Milliman and MedInsight; CMS-L: CMS's LEAD page). Nothing here is CMS's settlement text: CMS's
// LEAD financial methodology was not read, so every value is a parameter, and the [S] and [U] ones
// are listed under `assumed` in every output.
import type { Band, CorridorTable, RuleSet, Schedule, Tag } from './rule-types.js';

export const LEAD_FIRST_PY = 2027;
const LEAD_LAST_PY = 2036;

/** One known (or proposed) value of LEAD with where it comes from. */
export interface LeadTerm {
  readonly value: string;
  readonly tag: Tag;
  readonly source: string;
}

const WB = 'WB (third-party LEAD workbook notes, not CMS text)';

/** Global discount, lower-spending: 3% every PY [S: WB; MIL2 and MI]. */
const DISCOUNT_LOWER: Schedule = { every: '0.03', tag: 'S', source: `${WB}; MIL2, MI` };

/** Global discount, higher-spending: 1.75% in PY2027 rising to 3% by PY2032 [S]; the steps between,
 *  +0.25 pp a year, are a proposal [U]. */
const DISCOUNT_HIGHER: Schedule = {
  byYear: {
    2027: '0.0175', 2028: '0.02', 2029: '0.0225', 2030: '0.025', 2031: '0.0275',
    2032: '0.03', 2033: '0.03', 2034: '0.03', 2035: '0.03', 2036: '0.03',
  },
  tag: 'S',
  tagByYear: { 2028: 'U', 2029: 'U', 2030: 'U', 2031: 'U' },
  source: `${WB}; MIL2, MI ("increasing discount"); 2028-2031 steps of +0.25 pp proposed`,
};

export const LEAD_RULE_SET: RuleSet = {
  id: 'lead',
  title: 'LEAD (CMS Innovation Center), as known from secondary sources',
  discount: DISCOUNT_LOWER,
  discountHigher: DISCOUNT_HIGHER,
  withhold: { every: '0.03', tag: 'S', source: 'WK-W, WB: 3% of the benchmark every PY' },
  sequestration: { every: '0.02', tag: 'U', source: 'REACH practice (PUF-confirmed), assumed for LEAD: on positive shared savings' },
  pccRate: { every: '0.07', tag: 'U', source: 'base PCC is entity-specific; 0.07 is the REACH default of dcsim' },
  hebaUp: { every: '0', tag: 'U', source: 'no HEBA found for LEAD' },
  hebaDown: { every: '0', tag: 'U', source: 'no HEBA found for LEAD' },
  years: { first: LEAD_FIRST_PY, last: LEAD_LAST_PY },
};

const band = (from: string, to: string | null, share: string): Band => ({ from, to, share });

/** Global, savings and losses alike: 0-15% 100%, 15-35% 50%, 35-50% 25%, over 50% 10% [S: WB, one source]. */
const LEAD_GLOBAL_BANDS: readonly Band[] = [band('0', '0.15', '1'), band('0.15', '0.35', '0.5'), band('0.35', '0.5', '0.25'), band('0.5', null, '0.1')];

/** Professional savings: 0-10% 60%, 10-15% 35%, 15-20% 15%, over 20% 5% [S: WB]. */
const LEAD_PROFESSIONAL_SAVINGS: readonly Band[] = [band('0', '0.1', '0.6'), band('0.1', '0.15', '0.35'), band('0.15', '0.2', '0.15'), band('0.2', null, '0.05')];

/** Professional losses: first band 50% [S: WB]; above 10% the savings shares [U]. */
const LEAD_PROFESSIONAL_LOSSES: readonly Band[] = [band('0', '0.1', '0.5'), band('0.1', '0.15', '0.35'), band('0.15', '0.2', '0.15'), band('0.2', null, '0.05')];

export const LEAD_GLOBAL_CORRIDORS: CorridorTable = {
  standard: LEAD_GLOBAL_BANDS,
  losses: LEAD_GLOBAL_BANDS,
  source: `${WB}, one source (REACH PY2026's first band was 0-10%)`,
  lossSource: `${WB}: losses as savings`,
  tag: 'S',
  lossTag: 'S',
};

export const LEAD_PROFESSIONAL_CORRIDORS: CorridorTable = {
  standard: LEAD_PROFESSIONAL_SAVINGS,
  losses: LEAD_PROFESSIONAL_LOSSES,
  source: WB,
  lossSource: `${WB}: first band 50%; the shares above 10% are proposed = the savings shares`,
  tag: 'S',
  lossTag: 'U',
};

/** The fixed LEAD values of the scenario keys that are not rule-set schedules. */
export const LEAD_TERMS = {
  admin_addon_rate: { value: '0.015', tag: 'S', source: `MI, ${WB}: higher-spending ACOs, 1.5% of the historical benchmark` },
  admin_addon_treatment: { value: 'benchmark', tag: 'U', source: 'inside the benchmark (MIL2) or paid apart (WB): inside proposed' },
  pcc_target: { value: '0.07', tag: 'S', source: `RFA-derived notes, ${WB}: Enhanced PCC = max(7% - base, 2%) of the benchmark` },
  pcc_floor: { value: '0.02', tag: 'S', source: `RFA-derived notes, ${WB}` },
  stop_loss_net: { value: '0', tag: 'U', source: 'optional ACO-level stop-loss; attachment and charge not found' },
  sequestration_on_losses: { value: 'false', tag: 'U', source: `REACH practice; ${WB} applies sequestration to losses too (option)` },
  financial_guarantee_rate: { value: '0.04', tag: 'S', source: `WK-G (2.0-4.0% of prior-year A+B), ${WB} (4%)` },
  retention_withhold_rate: { value: '0', tag: 'U', source: 'no retention withhold found for LEAD' },
  hpp_bonus: { value: '0', tag: 'U', source: 'no HPP bonus found for LEAD' },
  rta: { value: '1', tag: 'U', source: 'actual trend is inside the benchmark update (MDQ, INV; WB)' },
} as const satisfies Record<string, LeadTerm>;

export type LeadTermKey = keyof typeof LEAD_TERMS;

/** One entry of a scenario's `assumed` list: a value in effect that is [S] or [U], not CMS's text. */
export interface AssumedValue {
  readonly key: string;
  /** The value, or per PY ("2027 0.0175, 2028 0.02"). */
  readonly value: string;
  readonly tag: Tag | 'S/U';
  readonly source: string;
}

/** One line of text, "key=value [tag]; ...", pointing to the sources (JSON scenario.assumed, dcsim engines). */
export function assumedText(list: readonly AssumedValue[]): string {
  return `${list.map((a) => `${a.key}=${a.value} [${a.tag}]`).join('; ')} (sources: the JSON scenario.assumed, dcsim engines, docs/lead.md)`;
}

/** A general assumption listed whenever a PY after 2027 is settled (METHODOLOGY-2027 section 1). */
export const LATER_PYS_NOTE: AssumedValue = {
  key: 'later_pys',
  value: 'PY2027 values applied to PY2028-2036',
  tag: 'U',
  source: 'METHODOLOGY-2027 section 1: unless a row says otherwise a value is known for PY2027 only',
};

/** The combined tag of several: one tag when all agree, else "S/U". */
export function joinTags(tags: readonly Tag[]): Tag | 'S/U' {
  const set = new Set(tags);
  return set.size === 1 ? tags[0]! : set.has('P') && set.size === 2 && set.has('S') ? 'S' : 'S/U';
}

/** "2027 0.0175, 2028 0.02" or, when every PY has the same value, that value. */
export function perYearText(values: readonly (readonly [number, string])[]): string {
  const distinct = new Set(values.map(([, v]) => v));
  return distinct.size === 1 ? values[0]![1] : values.map(([py, v]) => `${py} ${v}`).join(', ');
}
