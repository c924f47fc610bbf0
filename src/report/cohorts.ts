// Cohorts: per PY, the aligned population split by dual status, alignment method or entitlement,
// with its benchmark (rows' benchmarks summed, then rounded: cohort benchmarks may differ from
// the PY's B by a few cents of rounding), FFS expenditure, gross savings, Medicaid spend and PMPMs.
import { alignmentOf, hebaMonthsOf, scaledRatio, ALIGNMENT_METHODS } from '../domain/aggregate.js';
import { add, centsPer, div, formatCents, isZero, mul, R0, ratio, sub, toCents, type Ratio } from '../domain/exact.js';
import { DUAL_STATUSES, ENTITLEMENTS, type Entitlement, type Group } from '../domain/population.js';
import { guardedRta } from '../domain/rules.js';
import type { YearRules } from '../engines/kernel.js';
import type { YearSettlement } from '../engines/settlement.js';
import type { Simulation } from '../usecases/simulate.js';

export const COHORT_DIMENSIONS = ['dual_status', 'alignment', 'entitlement'] as const;
export type CohortDimension = (typeof COHORT_DIMENSIONS)[number];

export interface CohortRecord {
  readonly py: number;
  readonly by: CohortDimension;
  readonly value: string;
  readonly alignedBeneficiaries: number;
  readonly memberMonths: number;
  /** Money in integer cents. */
  readonly benchmark: bigint;
  readonly expenditure: bigint;
  readonly grossSavings: bigint;
  /** The cohort's HEBA (METHODOLOGY 4.2), rounded to the cent. */
  readonly heba: bigint;
  /** null where no row of the cohort carries medicaid_spend. */
  readonly medicaidSpend: bigint | null;
  /** PMPMs rounded to the cent. */
  readonly benchmarkPmpm: bigint;
  readonly expenditurePmpm: bigint;
  readonly medicaidPmpm: bigint | null;
}

const VALUES: Record<CohortDimension, readonly string[]> = {
  dual_status: DUAL_STATUSES,
  alignment: ALIGNMENT_METHODS,
  entitlement: ENTITLEMENTS,
};

export function cohortRecords(sim: Simulation, dims: readonly CohortDimension[]): CohortRecord[] {
  const out: CohortRecord[] = [];
  const policy = sim.scenario.attribution;
  sim.scenario.years.forEach((ey, i) => {
    const p = ey.rules;
    const groups = sim.population.groups.filter((g) => g.py === p.py);
    for (const by of dims) {
      for (const value of VALUES[by]) {
        const members = groups.filter((g) => {
          const m = alignmentOf(g.flags, policy);
          if (m === null) return false;
          return (by === 'dual_status' ? g.dual : by === 'alignment' ? m : g.entitlement) === value;
        });
        const rows = members.reduce((t, g) => t + g.rows, 0);
        if (rows === 0) continue;
        out.push(record(p.py, by, value, members, p, sim.years[i]));
      }
    }
  });
  return out;
}

function record(py: number, by: CohortDimension, value: string, gs: readonly Group[], rules: YearRules, settled: YearSettlement | undefined): CohortRecord {
  // As the kernel's step 1: rows' benchmarks summed exactly (× the risk chain's factor per
  // entitlement, × the effective RTA), then rounded once.
  const factor: Partial<Record<Entitlement, Ratio>> = {};
  for (const ent of ENTITLEMENTS) {
    const sc = settled?.risk?.[ent];
    if (sc && !isZero(sc.raw)) factor[ent] = div(sc.benchmarkScore, sc.raw);
  }
  let bench = R0;
  let exp = 0n;
  let mcd = 0n;
  let mcdRows = 0;
  let mcdMonths = 0;
  let months = 0;
  let rows = 0;
  let up = 0;
  let down = 0;
  for (const g of gs) {
    rows += g.rows;
    months += g.memberMonths;
    exp += g.expenditure.value();
    let b = scaledRatio(g.ownRate, 2);
    const rm = scaledRatio(g.riskMonths, 0);
    if (!isZero(rm)) b = add(b, mul(rm, rules.rates[g.entitlement] ?? R0));
    const f = factor[g.entitlement];
    bench = add(bench, f ? mul(b, f) : b);
    mcd += g.medicaid.value();
    mcdRows += g.medicaidRows;
    mcdMonths += g.medicaidMonths;
    const h = hebaMonthsOf(g);
    up += h.up;
    down += h.down;
  }
  const rta = rules.rtaGuardrail ? guardedRta(rules.rta) : rules.rta;
  const benchmark = toCents(mul(bench, rta));
  const heba = toCents(sub(mul(rules.hebaUpPbpm, ratio(up)), mul(rules.hebaDownPbpm, ratio(down))));
  const expenditure = exp;
  const medicaidSpend = mcdRows > 0 ? mcd : null;
  return {
    py, by, value, alignedBeneficiaries: rows, memberMonths: months, benchmark, expenditure,
    grossSavings: benchmark - expenditure, heba, medicaidSpend,
    benchmarkPmpm: centsPer(benchmark, months), expenditurePmpm: centsPer(expenditure, months),
    medicaidPmpm: medicaidSpend === null ? null : centsPer(medicaidSpend, mcdMonths),
  };
}

export const COHORT_COLUMNS = [
  'performance_year', 'by', 'value', 'aligned_beneficiaries', 'member_months', 'benchmark', 'expenditure',
  'gross_savings', 'medicaid_spend', 'benchmark_pmpm', 'expenditure_pmpm', 'medicaid_pmpm', 'heba',
] as const;

/** A record's cells as strings (money two decimals, empty for null), in COHORT_COLUMNS order. */
export function cohortCells(r: CohortRecord): Record<(typeof COHORT_COLUMNS)[number], string | number | null> {
  const m = (x: bigint | null): string | null => (x === null ? null : formatCents(x));
  return {
    performance_year: r.py, by: r.by, value: r.value, aligned_beneficiaries: r.alignedBeneficiaries, member_months: r.memberMonths,
    benchmark: m(r.benchmark), expenditure: m(r.expenditure), gross_savings: m(r.grossSavings), medicaid_spend: m(r.medicaidSpend),
    benchmark_pmpm: m(r.benchmarkPmpm), expenditure_pmpm: m(r.expenditurePmpm), medicaid_pmpm: m(r.medicaidPmpm),
    heba: m(r.heba),
  };
}

