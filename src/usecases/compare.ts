// compare(): the payment options (track / capitation) side by side on one population and one base
// scenario: per PY and in total, what the DCE is paid and what CMS keeps. Pure: no I/O. Each option
// is an ordinary simulate() of the base with its track and capitation, so every figure equals
// `dcsim run --track T --capitation C` of the same data and scenario.
import { DcsimError, usageError } from '../domain/errors.js';
import { R0, type Ratio } from '../domain/exact.js';
import type { Population } from '../domain/population.js';
import type { TrackId } from '../domain/rules.js';
import type { CapitationId, ScenarioInput } from '../domain/scenario.js';
import { CAPITATIONS, TRACKS } from '../engines/registry.js';
import type { MsspLines } from '../engines/mssp.js';
import { MSSP_TRACK_IDS } from '../domain/mssp.js';
import { programInput, programLabel, type ProgramChoice } from './programs.js';
import { simulate, type Simulation } from './simulate.js';

export interface PaymentOption {
  readonly track: TrackId;
  readonly capitation: CapitationId;
  /** compare --programs: the program and its track (track and capitation above are then its REACH/LEAD ones, or placeholders for MSSP). */
  readonly program?: ProgramChoice;
  /** The whole scenario the option settles under (programInput), instead of the base with its track and capitation. */
  readonly input?: ScenarioInput;
}

/** A program choice as a payment option, with the scenario it settles under (usecases/programs.ts). */
export function programOption(base: ScenarioInput, c: ProgramChoice, own?: ScenarioInput): PaymentOption {
  const input = programInput(base, c, own);
  return { track: c.program === 'mssp' ? 'global' : c.track as TrackId, capitation: input.capitation ?? 'pcc', program: c, input };
}

/**
 * The options compared when none are named: Professional/PCC, Global/PCC, Global/TCC; under program
 * mssp (the base's `program`), every MSSP track (each refusing REACH's track and capitation).
 */
export function defaultOptionsFor(base: ScenarioInput): readonly PaymentOption[] {
  if (base.program !== 'mssp') return DEFAULT_OPTIONS;
  return MSSP_TRACK_IDS.map((track) => programOption(base, { program: 'mssp', track }));
}

/** The scenario an option settles under. */
export function optionInput(base: ScenarioInput, o: PaymentOption): ScenarioInput {
  return o.input ?? { ...base, track: o.track, capitation: o.capitation };
}

/** Professional/PCC, Global/PCC and Global/TCC: every option the registry allows, in that order. */
export const DEFAULT_OPTIONS: readonly PaymentOption[] = [
  { track: 'professional', capitation: 'pcc' },
  { track: 'global', capitation: 'pcc' },
  { track: 'global', capitation: 'tcc' },
];

export function optionLabel(o: PaymentOption): string {
  return o.program ? programLabel(o.program) : `${o.track}/${o.capitation}`;
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

/** One PY (or the total) of one option. Money is integer cents (the settlement's own lines). */
export interface CompareLine {
  /** The PY, or null for the total over the PYs. */
  readonly py: number | null;
  readonly settlement: bigint;
  readonly sharedSavings: bigint;
  /** Capitation paid during the year (cash flow). */
  readonly capitationPaid: bigint;
  readonly cmsNetSavings: bigint;
  readonly savings: bigint;
  /** The base of the savings rate: B* by default (HEBA not in it), or B. */
  readonly rateBase: bigint;
  /** savings / rate base; for the total, Σ savings / Σ rate base. Exact. */
  readonly savingsRate: Ratio;
  readonly retentionWithhold: bigint;
  readonly heba: bigint;
  /** The corridor base: B* + H by default, or B. */
  readonly corridorBase: bigint;
  /** Schema version 3: the claims completion estimate inside expenditure. */
  readonly expenditureCompletion: bigint;
  /** This option pays the DCE the most in this PY (or in total); ties are all marked. */
  readonly paysMost: boolean;
  /** compare --programs (METHODOLOGY-2027 section 4): the lines of each program. */
  readonly benchmark: bigint;
  readonly discount: bigint;
  readonly qualityWithhold: bigint;
  readonly withholdEarned: bigint;
  readonly expenditure: bigint;
  readonly sequestration: bigint;
  /** Program mssp's lines of the PY (absent for the total and for REACH/LEAD). */
  readonly mssp?: MsspLines;
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

type Line = Omit<CompareLine, 'paysMost'>;

function rateOf(savings: bigint, base: bigint): Ratio {
  return base === 0n ? R0 : base < 0n ? { n: -savings, d: -base } : { n: savings, d: base };
}

/** Mark the largest settlement among lines (ties: every one of them). */
function markMax<T extends { settlement: bigint }>(lines: readonly T[]): boolean[] {
  let max: bigint | undefined;
  for (const l of lines) if (max === undefined || l.settlement > max) max = l.settlement;
  return lines.map((l) => max !== undefined && l.settlement === max);
}

/**
 * Settle the base scenario under each option (its track and capitation replace the base's).
 * An option that cannot be settled is returned with its error; the others are still compared.
 */
export function compare(population: Population, base: ScenarioInput, options: readonly PaymentOption[] = DEFAULT_OPTIONS): Comparison {
  type Raw = { option: PaymentOption; simulation: Simulation; error?: undefined } | { option: PaymentOption; simulation?: undefined; error: DcsimError };
  const raw = options.map((option): Raw => {
    try {
      return { option, simulation: simulate(population, optionInput(base, option)) };
    } catch (e) {
      if (e instanceof DcsimError) return { option, error: e };
      throw e;
    }
  });
  const settled = raw.filter((r): r is Raw & { simulation: Simulation } => r.simulation !== undefined);
  const pre = settled.map(({ simulation: sim }) => {
    const years = sim.years.map((y): Line => {
      const rateBase = sim.scenario.input.corridor_base === 'benchmark' ? y.benchmark : y.performanceBenchmark;
      return {
        py: y.py, settlement: y.settlement, sharedSavings: y.sharedSavings, capitationPaid: y.capitationPaid, cmsNetSavings: y.cmsNetSavings,
        savings: y.savings, rateBase, savingsRate: y.savingsRate, retentionWithhold: y.retentionWithhold, heba: y.heba, corridorBase: y.corridorBase,
        expenditureCompletion: y.expenditureCompletion,
        benchmark: y.benchmark, discount: y.discount, qualityWithhold: y.qualityWithhold, withholdEarned: y.withholdEarned, expenditure: y.expenditure,
        sequestration: y.sequestration, ...(y.mssp ? { mssp: y.mssp } : {}),
      };
    });
    const sum = (f: (l: Line) => bigint) => years.reduce((t, l) => t + f(l), 0n);
    const savings = sum((l) => l.savings);
    const rateBase = sum((l) => l.rateBase);
    const total: Line = {
      py: null, settlement: sum((l) => l.settlement), sharedSavings: sum((l) => l.sharedSavings), capitationPaid: sum((l) => l.capitationPaid),
      cmsNetSavings: sum((l) => l.cmsNetSavings), savings, rateBase, savingsRate: rateOf(savings, rateBase),
      retentionWithhold: sum((l) => l.retentionWithhold), heba: sum((l) => l.heba), corridorBase: sum((l) => l.corridorBase),
      expenditureCompletion: sum((l) => l.expenditureCompletion),
      benchmark: sum((l) => l.benchmark), discount: sum((l) => l.discount), qualityWithhold: sum((l) => l.qualityWithhold),
      withholdEarned: sum((l) => l.withholdEarned), expenditure: sum((l) => l.expenditure), sequestration: sum((l) => l.sequestration),
    };
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

