// Primary Care Capitation: pcc_rate x B paid monthly; primary care claims reduced [CMS].
import { scheduleValue } from '../domain/rules.js';
import type { CapitationEngine } from './types.js';

export const pcc: CapitationEngine = {
  id: 'pcc',
  title: 'Primary Care Capitation',
  summary: 'capitation = pcc_rate x benchmark; fee reduction = pcc_fee_reduction x primary_care_spend',
  rateKey: 'pcc_rate',
  feeReductionKey: 'pcc_fee_reduction',
  parameters: ['pcc_rate', 'pcc_fee_reduction'],
  base: 'benchmark',
  reduces: 'primaryCare',
  defaultRate: (rules, py) => scheduleValue(rules.pccRate, py),
};
