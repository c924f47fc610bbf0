// Primary Care Capitation: pcc_rate x B paid monthly; primary care claims reduced [CMS].
// pcc_rate is DCE-specific; the default is the PY's participant primary care share of expenditure
// (primary_care_spend / expenditure), as TCC's default is the participant share: capitation then
// stands in for the claims it replaces. CMS's 2019 fact sheet named 7% of B, roughly base plus
// Enhanced PCC (Enhanced PCC is outside total cost of care); CMS's PUF shows base PCC at a median
// 1.6% of the benchmark in PY2022-23 (p90 2.7%). A 7% rate applies only where the user gives it.
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
  defaultRate: () => 'claims_share',
};
