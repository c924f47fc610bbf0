// Global: 100% shared savings/losses, benchmark discount, PCC or TCC [CMS].
import { corridorBands, scheduleValue } from '../domain/rules.js';
import type { TrackEngine } from './types.js';

export const globalTrack: TrackEngine = {
  id: 'global',
  title: 'Global',
  summary: '100% shared savings/losses within corridors; discounted benchmark; PCC or TCC',
  capitations: ['pcc', 'tcc'],
  parameters: ['discount_rate', 'withhold_rate', 'withhold_phase_in', 'quality_score', 'corridor_base', 'sequestration_rate'],
  defaultDiscount: (rules, py) => scheduleValue(rules.discount, py),
  corridor: (rules, py) => corridorBands(rules, 'global', py),
};
