// Total Care Capitation (Global only): tcc_rate x (B - D); participant claims reduced [CMS].
// tcc_rate is DCE-specific; the default is the PY's participant share of expenditure.
import type { CapitationEngine } from './types.js';

export const tcc: CapitationEngine = {
  id: 'tcc',
  title: 'Total Care Capitation',
  summary: 'capitation = tcc_rate x (benchmark - discount); fee reduction = tcc_fee_reduction x participant_spend',
  rateKey: 'tcc_rate',
  feeReductionKey: 'tcc_fee_reduction',
  parameters: ['tcc_rate', 'tcc_fee_reduction'],
  base: 'discounted',
  reduces: 'participant',
  defaultRate: () => 'claims_share',
};
