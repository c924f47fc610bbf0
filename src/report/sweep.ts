// The report model of `dcsim sweep`: its parameters (the grid's columns, the scenario count, whether
// scenarios have names) and a stream of entries, one per scenario, each with its PYs' run columns
// (money as integer cents, rates as canonical text) and per-scenario totals. Built lazily from the
// use case's results (a sweep may have a million scenarios: the model never holds them all).
// Pure: no I/O, no use case imported for values.
import type { SweepResult, SweepYear } from '../usecases/sweep.js';
import { OUTPUT_COLUMNS } from './settlement.js';

/** A PY's run columns, as the sweep settles them (money in integer cents). */
export type SweepReportYear = SweepYear;

/** The output-contract columns of a PY (METHODOLOGY section 10, schema version 2), in order. */
export type SweepYearColumn = Exclude<keyof SweepReportYear, 'aligned_by' | 'stop_loss_payout' | 'stop_loss_charge' | 'risk'>;
export const SWEEP_YEAR_COLUMNS: readonly SweepYearColumn[] = OUTPUT_COLUMNS.map((c) => c.key as SweepYearColumn);

/**
 * A varied key's output column: `vary.` and the key (or `key.sub`), in CSV, JSON and xlsx alike
 * (schema version 3), so it never repeats a year column's name (discount_rate, quality_score, ...).
 */
export function varyColumn(column: string): string {
  return `vary.${column}`;
}

/** One varied column of the grid. */
export interface SweepAxisInfo {
  /** The output column: the key, or `key.sub`. */
  readonly column: string;
  /** Its values are words (an enum key): written as text cells. */
  readonly text: boolean;
}

/** A varied value of one scenario. */
export interface SweepValue {
  /** Canonical text (the CSV and table cell). */
  readonly text: string;
  /** The JSON value. */
  readonly json: string | number | boolean;
}

export interface SweepTotals {
  readonly settlement: bigint;
  readonly shared: bigint;
  readonly capitation: bigint;
  readonly savings: bigint;
  readonly cmsNet: bigint;
}

interface EntryBase {
  readonly id: number;
  readonly name?: string | undefined;
  /** One per axis, in the grid's order. */
  readonly values: readonly SweepValue[];
}

export type SweepEntry =
  | (EntryBase & {
    readonly ok: true;
    readonly years: readonly SweepReportYear[];
    /** The scenario has stop-loss (its JSON rows carry the stop-loss lines). */
    readonly stopLoss: boolean;
    readonly notes: readonly string[];
  })
  | (EntryBase & { readonly ok: false; readonly errors: readonly { readonly message: string; readonly hint?: string }[] });

export interface SweepParameters {
  /** Scenarios in the sweep (grid size x list length). */
  readonly scenarios: number;
  readonly axes: readonly SweepAxisInfo[];
  /** Some scenario has a name: the output has a scenario_name column. */
  readonly named: boolean;
}

export interface SweepReport {
  readonly input: { readonly path: string; readonly rowsRead: number; readonly years: number };
  readonly parameters: SweepParameters;
  /** The scenarios in the sweep's order; iterate once. */
  readonly entries: Iterable<SweepEntry>;
}

/** What the sweep use case gives the model. */
export interface SweepReportInput {
  readonly source: string;
  readonly rowsRead: number;
  readonly years: number;
  readonly axes: readonly SweepAxisInfo[];
  readonly scenarios: number;
  readonly named: boolean;
  readonly results: Iterable<SweepResult>;
}

/** The totals over a scenario's PYs (the table's columns). */
export function sweepTotals(years: readonly SweepReportYear[]): SweepTotals {
  let settlement = 0n;
  let shared = 0n;
  let capitation = 0n;
  let savings = 0n;
  let cmsNet = 0n;
  for (const y of years) {
    settlement += y.settlement;
    shared += y.shared_savings;
    capitation += y.capitation_paid;
    savings += y.savings;
    cmsNet += y.cms_net_savings;
  }
  return { settlement, shared, capitation, savings, cmsNet };
}

/** A scenario as messages name it: `scenario 3 ("name" discount_rate=0.01)`. */
export function sweepEntryLabel(e: EntryBase, axes: readonly SweepAxisInfo[]): string {
  const parts = [e.name !== undefined ? JSON.stringify(e.name) : undefined, ...axes.map((a, i) => `${a.column}=${e.values[i]!.text}`)].filter((x) => x !== undefined);
  return `scenario ${e.id}${parts.length ? ` (${parts.join(' ')})` : ''}`;
}

function* entries(results: Iterable<SweepResult>): Generator<SweepEntry> {
  for (const r of results) {
    const s = r.scenario;
    if (r.ok) yield { id: s.id, name: s.name, values: s.values, ok: true, years: r.years, stopLoss: s.input.stop_loss_attachment !== undefined, notes: r.notes };
    else yield { id: s.id, name: s.name, values: s.values, ok: false, errors: r.error.diagnostics.map((d) => ({ message: d.message, ...(d.hint ? { hint: d.hint } : {}) })) };
  }
}

export function sweepReport(x: SweepReportInput): SweepReport {
  return {
    input: { path: x.source, rowsRead: x.rowsRead, years: x.years },
    parameters: { scenarios: x.scenarios, axes: x.axes, named: x.named },
    entries: { [Symbol.iterator]: () => entries(x.results) },
  };
}
