// compare(): the payment options (track / capitation) side by side on one population and one base
// scenario: per PY and in total, what the DCE is paid and what CMS keeps. Pure: no I/O. Each option
// is an ordinary simulate() of the base with its track and capitation, so every figure equals
// `dcsim run --track T --capitation C` of the same data and scenario.
import { Dec, ZERO } from './domain/decimal.js';
import { DcsimError, usageError } from './domain/errors.js';
import type { Population } from './domain/population.js';
import type { TrackId } from './domain/rules.js';
import type { CapitationId, ScenarioInput } from './domain/scenario.js';
import { CAPITATIONS, TRACKS } from './engines/registry.js';
import { simulate, type Simulation } from './simulate.js';

export interface PaymentOption {
  readonly track: TrackId;
  readonly capitation: CapitationId;
}

/** Professional/PCC, Global/PCC and Global/TCC: every option the registry allows, in that order. */
export const DEFAULT_OPTIONS: readonly PaymentOption[] = [
  { track: 'professional', capitation: 'pcc' },
  { track: 'global', capitation: 'pcc' },
  { track: 'global', capitation: 'tcc' },
];

export function optionLabel(o: PaymentOption): string {
  return `${o.track}/${o.capitation}`;
}

/** "professional/pcc,global/tcc" into options; usage errors (exit 2) name what is wrong. */
export function parseOptions(text: string): PaymentOption[] {
  const out: PaymentOption[] = [];
  const all = Object.values(TRACKS).flatMap((t) => t.capitations.map((c) => `${t.id}/${c}`)).join(', ');
  for (const part of text.split(',')) {
    const t = part.trim().toLowerCase();
    const m = /^([a-z]+)\/([a-z]+)$/.exec(t);
    if (!m) throw usageError(`--tracks ${text}: "${part.trim()}" is not TRACK/CAPITATION`, `the options are ${all}`);
    const track = Object.hasOwn(TRACKS, m[1]!) ? TRACKS[m[1]!] : undefined;
    const cap = Object.hasOwn(CAPITATIONS, m[2]!) ? CAPITATIONS[m[2]!] : undefined;
    if (!track) throw usageError(`--tracks: unknown track "${m[1]}"`, `the options are ${all}`);
    if (!cap) throw usageError(`--tracks: unknown capitation "${m[2]}"`, `the options are ${all}`);
    if (!track.capitations.includes(cap.id)) throw usageError(`--tracks: ${cap.id} is not available on the ${track.id} track`, `the options are ${all}`);
    const o: PaymentOption = { track: track.id, capitation: cap.id };
    if (out.some((x) => optionLabel(x) === optionLabel(o))) throw usageError(`--tracks: ${optionLabel(o)} is listed twice`);
    out.push(o);
  }
  return out;
}

/** One PY (or the total) of one option. Money is rounded to the cent (the settlement's own lines). */
export interface CompareLine {
  /** The PY, or null for the total over the PYs. */
  readonly py: number | null;
  readonly settlement: Dec;
  readonly sharedSavings: Dec;
  /** Capitation paid during the year (cash flow). */
  readonly capitationPaid: Dec;
  readonly cmsNetSavings: Dec;
  readonly savings: Dec;
  /** The base the savings rate is taken on (corridor base: B* by default, or B). */
  readonly corridorBase: Dec;
  /** savings / corridor base; for the total, Σ savings / Σ corridor base. Unrounded. */
  readonly savingsRate: Dec;
  /** This option pays the DCE the most in this PY (or in total); ties are all marked. */
  readonly paysMost: boolean;
}

export type CompareOption =
  | { readonly option: PaymentOption; readonly ok: true; readonly simulation: Simulation; readonly years: readonly CompareLine[]; readonly total: CompareLine }
  | { readonly option: PaymentOption; readonly ok: false; readonly error: DcsimError };

export interface Comparison {
  readonly population: Population;
  readonly years: readonly number[];
  readonly options: readonly CompareOption[];
  /** Labels of the options that pay the DCE the most in total (more than one on a tie). */
  readonly best: readonly string[];
  readonly notes: readonly string[];
}

function lineOf(py: number | null, settlement: Dec, sharedSavings: Dec, capitationPaid: Dec, cmsNetSavings: Dec, savings: Dec, corridorBase: Dec, savingsRate: Dec): Omit<CompareLine, 'paysMost'> {
  return { py, settlement, sharedSavings, capitationPaid, cmsNetSavings, savings, corridorBase, savingsRate };
}

/** Mark the largest settlement among lines (ties: every one of them). */
function markMax<T extends { settlement: Dec }>(lines: readonly T[]): boolean[] {
  let max: Dec | undefined;
  for (const l of lines) if (max === undefined || l.settlement.gt(max)) max = l.settlement;
  return lines.map((l) => max !== undefined && l.settlement.eq(max));
}

/**
 * Settle the base scenario under each option (its track and capitation replace the base's).
 * An option that cannot be settled is returned with its error; the others are still compared.
 */
export function compare(population: Population, base: ScenarioInput, options: readonly PaymentOption[] = DEFAULT_OPTIONS): Comparison {
  type Raw = { option: PaymentOption; simulation: Simulation; error?: undefined } | { option: PaymentOption; simulation?: undefined; error: DcsimError };
  const raw = options.map((option): Raw => {
    try {
      return { option, simulation: simulate(population, { ...base, track: option.track, capitation: option.capitation }) };
    } catch (e) {
      if (e instanceof DcsimError) return { option, error: e };
      throw e;
    }
  });
  const settled = raw.filter((r): r is Raw & { simulation: Simulation } => r.simulation !== undefined);
  const pre = settled.map(({ simulation: sim }) => {
    const years = sim.years.map((y) => lineOf(y.py, y.settlement, y.sharedSavings, y.capitationPaid, y.cmsNetSavings, y.savings, y.audit.corridorBase, y.savingsRate));
    const sum = (f: (l: Omit<CompareLine, 'paysMost'>) => Dec) => years.reduce((t, l) => t.plus(f(l)), ZERO);
    const savings = sum((l) => l.savings);
    const base = sum((l) => l.corridorBase);
    const total = lineOf(null, sum((l) => l.settlement), sum((l) => l.sharedSavings), sum((l) => l.capitationPaid), sum((l) => l.cmsNetSavings), savings, base, base.isZero() ? ZERO : savings.div(base));
    return { years, total };
  });
  const totalMarks = markMax(pre.map((p) => p.total));
  const yearMarks = population.years.map((_py, i) => markMax(pre.map((p) => p.years[i]!)));
  const out: CompareOption[] = [];
  let k = 0;
  for (const r of raw) {
    if (r.simulation === undefined) {
      out.push({ option: r.option, ok: false, error: r.error });
      continue;
    }
    const p = pre[k]!;
    const j = k++;
    out.push({
      option: r.option,
      ok: true,
      simulation: r.simulation,
      years: p.years.map((l, i) => ({ ...l, paysMost: yearMarks[i]![j]! })),
      total: { ...p.total, paysMost: totalMarks[j]! },
    });
  }
  const notes = [...new Set(settled.flatMap((s) => s.simulation.notes.map((n) => `${optionLabel(s.option)}: ${n}`)))];
  return {
    population,
    years: population.years,
    options: out,
    best: out.filter((o) => o.ok && o.total.paysMost).map((o) => optionLabel(o.option)),
    notes,
  };
}

export type { Dec };
