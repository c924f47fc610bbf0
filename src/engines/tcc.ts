// Total Care Capitation (Global only): tcc_rate x (B - D); participant claims reduced [CMS].
// tcc_rate is DCE-specific; the default is the PY's participant share of expenditure.
import { cents, formatRate, Share } from '../domain/money.js';
import type { CapitationEngine } from './types.js';

export const tcc: CapitationEngine = {
  id: 'tcc',
  title: 'Total Care Capitation',
  summary: 'capitation = tcc_rate x (benchmark - discount); fee reduction = tcc_fee_reduction x participant_spend',
  rateKey: 'tcc_rate',
  feeReductionKey: 'tcc_fee_reduction',
  parameters: ['tcc_rate', 'tcc_fee_reduction'],
  defaultRate: (_rules, { agg }) => {
    const rate = new Share(agg.participant, agg.expenditure);
    return { rate, note: `PY${agg.py}: tcc_rate defaulted to participant_spend / expenditure = ${formatRate(rate.value.toDecimalPlaces(10))} (shown to 10 places, used exactly)` };
  },
  paid: (rate, ctx) => cents(rate.of(ctx.benchmark.minus(ctx.discount))),
  reducedClaims: (agg) => agg.participant,
};
