// The settlement of one PY as the reports see it: the kernel's lines (integer cents and exact
// Ratios) with the PY's counts and rates. Text is made only in src/render.
import type { AlignmentMethod, YearAggregate } from '../domain/aggregate.js';
import { formatRatio, type Ratio } from '../domain/exact.js';
import { withAssigned } from './mssp.js';
import { settleYear as kernelSettle, type YearLines, type YearRules } from './kernel.js';

export interface YearSettlement extends YearLines {
  readonly alignedBeneficiaries: number;
  readonly excludedBeneficiaries: number;
  readonly memberMonths: number;
  readonly alignedBy: Readonly<Record<AlignmentMethod, number>>;
  readonly discountRate: Ratio;
  /** Effective (after any phase-in). */
  readonly withholdRate: Ratio;
  readonly qualityScore: Ratio;
  readonly sequestrationRate: Ratio;
  readonly retentionWithholdRate: Ratio;
  /** The RTA as given (rtaEffective: after the guardrail). */
  readonly rta: Ratio;
  readonly rtaGuardrail: boolean;
  /** Σ expenditure of the aligned rows, cents (FFS, before the fee reduction). */
  readonly ffsExpenditure: bigint;
  readonly notes: readonly string[];
}

/** Settle one PY's aggregate under its rules (the kernel), with the counts and notes the reports show. */
export function settleAggregate(agg: YearAggregate, rules: YearRules, rateKey = 'tcc_rate'): YearSettlement {
  const k = kernelSettle(agg.sums, withAssigned(rules, agg.aligned));
  const notes = k.capitationRateDefaulted
    ? [`PY${agg.py}: ${rateKey} defaulted to participant_spend / expenditure = ${formatRatio(k.capitationRate, 10)} (shown to 10 places, used exactly)`]
    : [];
  return {
    ...k,
    alignedBeneficiaries: agg.aligned,
    excludedBeneficiaries: agg.excluded,
    memberMonths: agg.memberMonths,
    alignedBy: agg.alignedBy,
    discountRate: rules.discountRate,
    withholdRate: rules.withholdRate,
    qualityScore: rules.qualityScore,
    sequestrationRate: rules.sequestrationRate,
    retentionWithholdRate: rules.retentionWithholdRate,
    rta: rules.rta,
    rtaGuardrail: rules.rtaGuardrail,
    ffsExpenditure: agg.sums.expenditure,
    notes,
  };
}
