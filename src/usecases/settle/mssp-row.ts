// `dcsim settle` of a program mssp entity-year (METHODOLOGY-2027 section 3.3): the row's benchmark
// (B; performance_benchmark is the same line under MSSP: no discount or withhold) and claims (E)
// through engines/mssp.ts with the row's MSR, quality, assigned count, revenue and low-revenue flag.
// Pure.
import { dataError } from '../../domain/errors.js';
import { R1, toCents, type Ratio } from '../../domain/exact.js';
import { valueFor } from '../../domain/scenario.js';
import { msspShared } from '../../engines/mssp.js';
import { checkMsspYear, msspRules } from '../../engines/resolve-mssp.js';
import type { EntityRow } from '../../domain/entity.js';
import type { EntityLine } from './result.js';
import type { WhatIf } from './whatif.js';

/** What-ifs that apply to an MSSP row: the sequestration rate and the quality score (q of the alternative standard). */
const MSSP_WHAT_IFS = new Set(['sequestration_rate', 'quality_score']);

export function settleMsspRow(row: EntityRow, w: WhatIf): EntityLine {
  const other = Object.keys(w).filter((k) => (w as Record<string, unknown>)[k] !== undefined && !MSSP_WHAT_IFS.has(k));
  if (other.length) {
    throw dataError(`--${other[0]!.replace(/_/g, '-')} does not apply to an MSSP row (program mssp has no discount, withhold, corridor or REACH track)`, { hint: 'MSSP rows take --sequestration-rate and --quality-score; settle them apart, or drop the what-if' });
  }
  checkMsspYear(row.py);
  const b = row.benchmark ?? row.performanceBenchmark!;
  const B = toCents(b);
  const E = toCents(row.expenditure);
  const at = (p: WhatIf['quality_score']): Ratio | undefined => valueFor(p, row.py);
  const rules = msspRules({
    track: row.msspTrack!,
    msr: row.msr ?? 'variable',
    interpolation: 'linear',
    ...(row.assignedBeneficiaries !== undefined ? { assigned: row.assignedBeneficiaries } : {}),
    qualityStatus: row.qualityStatus ?? 'met',
    qualityScore: at(w.quality_score) ?? row.qualityScore ?? R1,
    ...(row.participantRevenue !== undefined ? { participantRevenue: row.participantRevenue } : {}),
    lowRevenue: row.lowRevenue ?? false,
    ...(at(w.sequestration_rate) ? { sequestrationRate: at(w.sequestration_rate)! } : {}),
  }, row.py);
  if (rules.assigned === undefined) {
    if (!('fixed' in rules.msr)) throw dataError('a variable MSR needs the row\'s assigned_beneficiaries', { hint: 'add a column assigned_beneficiaries, or msr (0, 0.005, 0.01, 0.015, 0.02 on two-sided tracks)' });
  }
  const n = rules.assigned ?? 0;
  const x = msspShared(B, E, rules, n, row.py);
  const settlement = x.shared - x.sequestration;
  const recoupment = row.enhancedPccPaid !== undefined ? -toCents(row.enhancedPccPaid) : null;
  return {
    entityId: row.entityId,
    entityName: row.entityName,
    py: row.py,
    track: rules.track,
    program: 'mssp',
    // (an MSSP row is always settled from its inputs; there is no published B* to replay)
    reSettled: true,
    money: {
      benchmark: B, discount: null, quality_withhold: null, withhold_earned: null, retention_withhold: null,
      performance_benchmark: B, heba: 0n, corridor_base: B, expenditure: E, savings: x.savings,
      shared_savings: x.shared, sequestration: x.sequestration, settlement,
      admin_addon: null, enhanced_pcc_recoupment: recoupment, net_cash: settlement + (recoupment ?? 0n),
    },
    savingsRate: B === 0n ? { n: 0n, d: 1n } : { n: x.savings, d: B },
    band: 0,
    recovered: false,
    mssp: x.lines,
  };
}
