// Professional: 50% shared savings/losses within corridors, no discount, PCC only [CMS].
import { corridorBands } from '../domain/rules.js';
import type { TrackEngine } from './types.js';

export const professionalTrack: TrackEngine = {
  id: 'professional',
  title: 'Professional',
  summary: '50% shared savings/losses within corridors; no discount; PCC only',
  capitations: ['pcc'],
  parameters: ['withhold_rate', 'withhold_phase_in', 'quality_score', 'corridor_base', 'sequestration_rate'],
  defaultDiscount: () => '0',
  corridor: (rules, py) => corridorBands(rules, 'professional', py),
};
