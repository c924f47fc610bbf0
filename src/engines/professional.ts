// Professional: 50% shared savings/losses within corridors, no discount, PCC only [CMS].
import { LEAD_PROFESSIONAL_CORRIDORS } from '../domain/lead.js';
import type { Band, CorridorTable } from '../domain/rules.js';
import type { TrackEngine } from './types.js';

/** METHODOLOGY section 5, step 8 [2nd: Pearl Health, REACH RFA exhibit]. */
const PROFESSIONAL_BANDS: readonly Band[] = [
  { from: '0', to: '0.05', share: '0.5' },
  { from: '0.05', to: '0.1', share: '0.35' },
  { from: '0.1', to: '0.15', share: '0.15' },
  { from: '0.15', to: null, share: '0.05' },
];

const TABLE: CorridorTable = { standard: PROFESSIONAL_BANDS, source: '[2nd: Pearl Health, REACH RFA exhibit]' };

export const professionalTrack: TrackEngine = {
  id: 'professional',
  title: 'Professional',
  summary: '50% shared savings/losses within corridors; no discount; PCC only',
  capitations: ['pcc'],
  parameters: ['withhold_rate', 'withhold_phase_in', 'quality_score', 'corridor_base', 'sequestration_rate'],
  defaultDiscount: () => '0',
  corridors: { dc: TABLE, reach: TABLE, lead: LEAD_PROFESSIONAL_CORRIDORS },
};
