// Global: 100% shared savings/losses, benchmark discount, PCC or TCC [CMS].
import { LEAD_GLOBAL_CORRIDORS } from '../domain/lead.js';
import { scheduleValue, type Band, type CorridorTable } from '../domain/rules.js';
import type { TrackEngine } from './types.js';

/** METHODOLOGY section 5, step 8 [2nd: Pearl Health, REACH RFA exhibit]. */
const GLOBAL_BANDS: readonly Band[] = [
  { from: '0', to: '0.25', share: '1' },
  { from: '0.25', to: '0.35', share: '0.5' },
  { from: '0.35', to: '0.5', share: '0.25' },
  { from: '0.5', to: null, share: '0.1' },
];

/** REACH PY2026 narrows the first band to 10% [CMS]; the higher bands are unconfirmed. */
const REACH_GLOBAL_2026: readonly Band[] = [
  { from: '0', to: '0.1', share: '1' },
  { from: '0.1', to: '0.35', share: '0.5' },
  { from: '0.35', to: '0.5', share: '0.25' },
  { from: '0.5', to: null, share: '0.1' },
];

const SOURCE = '[2nd: Pearl Health, REACH RFA exhibit]';

const CORRIDORS: { dc: CorridorTable; reach: CorridorTable; lead: CorridorTable } = {
  dc: { standard: GLOBAL_BANDS, source: SOURCE },
  reach: { standard: GLOBAL_BANDS, byYear: { 2026: REACH_GLOBAL_2026 }, source: `${SOURCE}; PY2026 first band 10% [CMS], higher bands unconfirmed` },
  lead: LEAD_GLOBAL_CORRIDORS,
};

export const globalTrack: TrackEngine = {
  id: 'global',
  title: 'Global',
  summary: '100% shared savings/losses within corridors; discounted benchmark; PCC or TCC',
  capitations: ['pcc', 'tcc'],
  parameters: ['discount_rate', 'withhold_rate', 'withhold_phase_in', 'quality_score', 'corridor_base', 'sequestration_rate'],
  // Rule set lead: by spending class (METHODOLOGY-2027 section 1); the class is required there.
  defaultDiscount: (rules, py, spendingClass) => scheduleValue(spendingClass === 'higher' && rules.discountHigher ? rules.discountHigher : rules.discount, py),
  corridors: CORRIDORS,
};
