// The settlement of one PY as the reports see it: the kernel's lines (integer cents and exact
// Ratios) with the PY's counts and rates. Text is made only in src/render.
import type { AlignmentMethod, YearAggregate } from '../domain/aggregate.js';
import { formatCents, formatRatio, type Ratio } from '../domain/exact.js';
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

/** The claims a capitation engine reduces, by the input column's name. */
const CLAIMS_COLUMN = { primaryCare: 'primary_care_spend', participant: 'participant_spend' } as const;

/**
 * What a PY's capitation lines need said: the rate when it defaulted to the data's share of the
 * claims it reduces (and so is not a published figure), and a warning when capitation is paid while
 * no claims are reduced (E then carries the capitation on top of the full FFS claims).
 */
export function capitationNotes(py: number, k: YearLines, rules: YearRules, rateKey: string): string[] {
  const column = CLAIMS_COLUMN[rules.capitation.reduces];
  const feeKey = rateKey.replace(/_rate$/, '_fee_reduction');
  const notes: string[] = [];
  if (k.capitationRateDefaulted) {
    notes.push(`PY${py}: ${rateKey} defaulted to the PY's ${column} / expenditure = ${formatRatio(k.capitationRate, 10)} (the data's own share, not a published rate; shown to 10 places, used exactly; give ${rateKey} to set it)`);
  }
  if (k.capitationPaid !== 0n && k.feeReduction === 0n) {
    const why = k.reducedClaims === 0n ? `the data has no ${column}` : `${feeKey} is 0`;
    notes.push(`warning: PY${py}: capitation of ${formatCents(k.capitationPaid)} is paid while no claims are reduced (${why}): E carries it on top of the full FFS claims`);
  }
  return notes;
}

/** Settle one PY's aggregate under its rules (the kernel), with the counts and notes the reports show. */
export function settleAggregate(agg: YearAggregate, rules: YearRules, rateKey = 'tcc_rate'): YearSettlement {
  const k = kernelSettle(agg.sums, withAssigned(rules, agg.aligned));
  const notes = capitationNotes(agg.py, k, rules, rateKey);
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
