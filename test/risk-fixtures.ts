// Hand-built inputs for the risk tests: RowTables (the reader's per-row columns) and YearRules.
import { ratio, R0, R1 } from '../src/domain/exact.js';
import { FLAG_CLAIMS } from '../src/domain/population.js';
import { RULE_SETS } from '../src/domain/rules.js';
import type { YearRules } from '../src/engines/kernel.js';
import { bandsFor } from '../src/engines/registry.js';
import type { RowTable } from '../src/domain/population.js';

export interface Row {
  py?: number;
  /** dollars, e.g. "1234.56" */
  exp: string;
  months?: number;
  risk?: string;
  ent?: 0 | 1;
  flags?: number;
  heba?: -1 | 0 | 1;
  pc?: string;
  part?: string;
  /** own benchmark_pbpm, dollars */
  own?: string;
}

const cents = (d: string): number => Number(ratio(d).n * (100n / ratio(d).d));

export function rowTable(rows: readonly Row[]): RowTable {
  const n = rows.length;
  const t = {
    length: n,
    py: new Uint16Array(n), months: new Uint8Array(n), flags: new Uint8Array(n), entitlement: new Uint8Array(n), heba: new Int8Array(n),
    expenditure: new Float64Array(n), primaryCare: new Float64Array(n), participant: new Float64Array(n),
    riskMantissa: new Float64Array(n), riskScale: new Uint8Array(n), ownRate: new Float64Array(n),
  };
  rows.forEach((r, i) => {
    t.py[i] = r.py ?? 2023;
    t.months[i] = r.months ?? 12;
    t.flags[i] = r.flags ?? FLAG_CLAIMS;
    t.entitlement[i] = r.ent ?? 0;
    t.heba[i] = r.heba ?? 0;
    t.expenditure[i] = cents(r.exp);
    t.primaryCare[i] = cents(r.pc ?? '0');
    t.participant[i] = cents(r.part ?? '0');
    const risk = r.risk ?? '1';
    const f = risk.split('.')[1] ?? '';
    t.riskMantissa[i] = Number(risk.replace('.', ''));
    t.riskScale[i] = f.length;
    t.ownRate[i] = r.own ? cents(r.own) : 0;
  });
  return t;
}

/** Global (dc bands) with every rate given, defaulting to nothing taken: S = B − E exactly. */
export function plainRules(py: number, over: Partial<YearRules> = {}): YearRules {
  return {
    py,
    discountRate: R0,
    withholdRate: R0,
    withholdBase: 'benchmark',
    qualityScore: R1,
    retentionWithholdRate: R0,
    sequestrationRate: R0,
    rta: R1,
    rtaGuardrail: false,
    rates: { aged_disabled: ratio('1000') },
    hebaUpPbpm: R0,
    hebaDownPbpm: R0,
    corridorBase: 'performance_benchmark',
    bands: bandsFor(RULE_SETS.dc, 'global', py),
    capitation: { base: 'benchmark', reduces: 'primaryCare', rate: R0, feeReductionRate: R0 },
    ...over,
  };
}


/** Φ(x), the standard normal CDF (Abramowitz and Stegun 7.1.26 for erf, |error| < 1.5e-7). */
export function phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const y = 1 - (((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t) * Math.exp(-z * z);
  return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}
