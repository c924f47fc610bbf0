// Primary Care Capitation: pcc_rate x B paid monthly; primary care claims reduced [CMS].
import { Dec } from '../domain/decimal.js';
import { cents, Share } from '../domain/money.js';
import { scheduleValue } from '../domain/rules.js';
import type { CapitationEngine } from './types.js';

export const pcc: CapitationEngine = {
  id: 'pcc',
  title: 'Primary Care Capitation',
  summary: 'capitation = pcc_rate x benchmark; fee reduction = pcc_fee_reduction x primary_care_spend',
  rateKey: 'pcc_rate',
  feeReductionKey: 'pcc_fee_reduction',
  parameters: ['pcc_rate', 'pcc_fee_reduction'],
  defaultRate: (rules, ctx) => {
    const r = scheduleValue(rules.pccRate, ctx.agg.py);
    return r === undefined ? undefined : { rate: new Share(new Dec(r)) };
  },
  paid: (rate, ctx) => cents(rate.of(ctx.benchmark)),
  reducedClaims: (agg) => agg.primaryCare,
};
