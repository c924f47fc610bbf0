// The grid of a sweep: `--vary KEY=v1,v2,...` or `KEY=start:stop:step` parsed into axes of exact
// values (usage errors, exit 2), its size, and how a grid point sets a scenario's keys. Pure.
import { formatDecimal, scaledText, type Ratio } from '../domain/exact.js';
import { DcsimError, usageError } from '../domain/errors.js';
import { didYouMean } from '../domain/did-you-mean.js';
import { ENTITLEMENTS, MAX_PY, MIN_PY, type Entitlement } from '../domain/population.js';
import {
  ENUM_VALUES, isScenarioKey, KEY_NAMES, NUMBER_LIMITS_HINT, numberLimitProblem, parseValue, SCENARIO_KEYS, show,
  type ByEntitlement, type Origin, type PerYear, type ScenarioKey,
} from '../domain/scenario.js';

/** Most scenarios one sweep may run (grid size x list length). */
export const MAX_SCENARIOS = 1_000_000;

export interface AxisValue {
  /** Canonical text (the CSV cell): "0.0125", "global", "true". */
  readonly text: string;
  /** The JSON value: rates as strings, whole numbers as numbers, booleans as booleans. */
  readonly json: string | number | boolean;
  /** The parsed value: the scenario value for the key, or for `key.sub` a PerYear (by entitlement) or a Ratio (one PY). */
  readonly value: unknown;
}

/** One `--vary`: a key (or `key.entitlement` / `key.PY`) and its values, in order. */
export interface Axis {
  readonly key: ScenarioKey;
  readonly sub?: string;
  /** Output column name: the key, or `key.sub`. */
  readonly column: string;
  readonly values: readonly AxisValue[];
}

export type Grid = readonly Axis[];

const DECIMAL_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

function varyOrigin(column: string): Origin {
  return { where: () => `--vary ${column}`, exitCode: 2 };
}

/** An exact decimal string as (integer mantissa, scale). */
function scaled(text: string): { n: bigint; k: number } {
  const t = text.trim();
  const neg = t.startsWith('-');
  const body = t.replace(/^[+-]/, '');
  const [i = '', f = ''] = body.split('.');
  const n = BigInt(`${i || '0'}${f}`);
  return { n: neg ? -n : n, k: f.length };
}

/** mantissa / 10^k as a plain decimal string without trailing zeros ("0.05", "1", "0"). */
export const decimalText = scaledText;

/**
 * start:stop:step, stop inclusive, in exact decimal steps: the values are start + i x step for
 * i = 0, 1, ... while they do not pass stop. Usage errors (exit 2) for anything else.
 */
export function expandRange(text: string, what = '--vary'): string[] {
  const parts = text.split(':');
  if (parts.length !== 3) throw usageError(`${what}: "${text}" is not a range`, 'a range is START:STOP:STEP (stop inclusive)');
  for (const p of parts) {
    if (!DECIMAL_RE.test(p.trim())) throw usageError(`${what}: "${p.trim()}" in the range ${text} is not a number`, 'START, STOP and STEP are plain decimals');
    const problem = numberLimitProblem(p.trim());
    if (problem !== undefined) throw new DcsimError([{ message: `${what}: ${show(p.trim())} in the range ${show(text)} ${problem}`, hint: NUMBER_LIMITS_HINT }], 1);
  }
  const [a, b, s] = parts.map(scaled) as [{ n: bigint; k: number }, { n: bigint; k: number }, { n: bigint; k: number }];
  const k = Math.max(a.k, b.k, s.k);
  const up = (x: { n: bigint; k: number }) => x.n * 10n ** BigInt(k - x.k);
  const start = up(a);
  const stop = up(b);
  const step = up(s);
  if (step <= 0n) throw usageError(`${what}: the step of ${text} must be above 0`, 'a range is START:STOP:STEP with STEP above 0');
  if (start > stop) throw usageError(`${what}: the range ${text} starts above its stop`, 'ranges run upward: start:stop:step with start <= stop');
  const count = (stop - start) / step + 1n;
  if (count > BigInt(MAX_SCENARIOS)) throw usageError(`${what}: the range ${text} has ${count} values; a sweep runs at most ${MAX_SCENARIOS.toLocaleString('en-US')} scenarios`, 'use a larger step or a narrower range');
  const out: string[] = [];
  for (let v = start; v <= stop; v += step) out.push(decimalText(v, k));
  return out;
}

/** Parse one `--vary KEY=v1,v2,...` or `--vary KEY=start:stop:step`. Usage errors exit 2. */
export function parseVary(spec: string): Axis {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw usageError(`--vary ${spec}: expected KEY=v1,v2,... or KEY=start:stop:step`, '--vary KEY=V1,V2,... (values) or --vary KEY=START:STOP:STEP (a range, stop inclusive)');
  const keyText = spec.slice(0, eq).trim();
  const valuesText = spec.slice(eq + 1).trim();
  const [rawKey = '', sub, ...rest] = keyText.split('.');
  const key = rawKey.replace(/-/g, '_');
  if (!isScenarioKey(key) || rest.length) {
    const guess = didYouMean(rawKey, KEY_NAMES);
    throw usageError(`--vary ${keyText}: unknown scenario key`, guess ? `did you mean "${guess}"? (dcsim engines lists every key)` : 'dcsim engines lists every key');
  }
  const k = key as ScenarioKey;
  const kind = SCENARIO_KEYS[k].kind;
  if (kind === 'text') throw usageError(`--vary ${keyText}: "${k}" is a label, not a parameter`, 'name scenarios in a --scenarios list');
  if (kind === 'bands' || kind === 'object') throw usageError(`--vary ${keyText}: "${k}" is a table of values and cannot be varied`, 'give each value in a --scenarios entry');
  if (kind === 'list') throw usageError(`--vary ${keyText}: "${k}" is a list of values and cannot be varied`, 'give each list in a --scenarios entry (stop-loss attachment points are applied while reading, so one sweep has one set)');
  const isPy = (x: string | undefined) => x !== undefined && /^\d{4}$/.test(x) && Number(x) >= MIN_PY && Number(x) <= MAX_PY;
  // By entitlement: KEY (every entitlement and PY), KEY.PY (one PY of every entitlement) or KEY.ENTITLEMENT.
  if (kind === 'byEntitlement' && sub !== undefined && !isPy(sub) && !(ENTITLEMENTS as readonly string[]).includes(sub)) {
    throw usageError(`--vary ${keyText}: "${sub}" is neither an entitlement nor a performance year`, `vary ${k} for every entitlement (${k}=...), one PY of every entitlement (${k}.2023=...) or one entitlement (${k}.aged_disabled=...; entitlements: ${ENTITLEMENTS.join(', ')})`);
  }
  if (kind === 'perYear' && sub !== undefined && !isPy(sub)) {
    throw usageError(`--vary ${keyText}: "${sub}" is not a performance year`, `vary one PY's value with ${k}.2023=..., or every PY's with ${k}=...`);
  }
  if (kind !== 'perYear' && kind !== 'byEntitlement' && sub !== undefined) throw usageError(`--vary ${keyText}: "${k}" has no parts`, `use --vary ${k}=...`);
  const column = sub === undefined ? k : `${k}.${sub}`;
  if (valuesText === '') throw usageError(`--vary ${column}: no values`, 'give values (v1,v2,...) or a range (start:stop:step)');
  const numeric = kind === 'perYear' || kind === 'byEntitlement' || kind === 'int';
  let texts: string[];
  if (valuesText.includes(':')) {
    if (!numeric) throw usageError(`--vary ${column}: a range needs a numeric key`, `list the values: --vary ${column}=${kind === 'enum' ? ENUM_VALUES[k]!.join(',') : 'true,false'}`);
    texts = expandRange(valuesText, `--vary ${column}`);
  } else {
    texts = valuesText.split(',').map((t) => t.trim());
    if (texts.some((t) => t === '')) throw usageError(`--vary ${column}=${valuesText}: an empty value`, 'separate values with single commas: v1,v2,v3');
  }
  const origin = varyOrigin(column);
  const values = texts.map((t): AxisValue => {
    switch (kind) {
      case 'perYear': {
        const v = parseValue(k, t, origin) as PerYear;
        const text = formatDecimal(v.all!);
        return { text, json: text, value: sub === undefined ? v : v.all };
      }
      case 'byEntitlement': {
        // (every entitlement, or one PY of every entitlement: the same value for each)
        const v = (parseValue(k, sub === undefined || isPy(sub) ? t : { [sub]: t }, origin) as ByEntitlement)[isPy(sub) || sub === undefined ? ENTITLEMENTS[0] : (sub as Entitlement)]!;
        const text = formatDecimal(v.all!);
        return { text, json: text, value: sub === undefined ? Object.fromEntries(ENTITLEMENTS.map((e) => [e, v])) : isPy(sub) ? v.all : v };
      }
      case 'int': {
        const v = parseValue(k, t, origin) as number;
        return { text: String(v), json: v, value: v };
      }
      case 'bool': {
        const v = parseValue(k, t, origin) as boolean;
        return { text: String(v), json: v, value: v };
      }
      default: {
        const v = parseValue(k, t, origin) as string;
        return { text: v, json: v, value: v };
      }
    }
  });
  return sub === undefined ? { key: k, column, values } : { key: k, sub, column, values };
}

/** Check a grid's axes together: one axis per column, a key not varied both whole and in part. */
export function checkGrid(grid: Grid): void {
  const seen = new Set<string>();
  for (const a of grid) {
    if (seen.has(a.column)) throw usageError(`--vary ${a.column} is given twice`, 'give every value of a key in one --vary');
    seen.add(a.column);
  }
  for (const a of grid) {
    if (a.sub !== undefined && seen.has(a.key)) throw usageError(`--vary ${a.column} and --vary ${a.key} both set ${a.key}`, `vary ${a.key} as a whole or by part, not both`);
  }
}

/** Scenarios a sweep runs: the product of the axes' lengths, times the list's length (if any). */
export function gridSize(grid: Grid, listLength?: number): number {
  let n = listLength === undefined ? 1 : listLength;
  for (const a of grid) n *= a.values.length;
  return n;
}

export function applyAxis(input: Record<string, unknown>, axis: Axis, v: AxisValue): void {
  if (axis.sub === undefined) {
    input[axis.key] = v.value;
  } else if (SCENARIO_KEYS[axis.key].kind === 'byEntitlement' && /^\d{4}$/.test(axis.sub)) {
    // one PY of every entitlement
    const prev = input[axis.key] as ByEntitlement | undefined;
    input[axis.key] = Object.fromEntries(ENTITLEMENTS.map((e) => {
      const p = prev?.[e];
      const byYear = new Map(p?.byYear);
      byYear.set(Number(axis.sub), v.value as Ratio);
      return [e, { all: p?.all, byYear } satisfies PerYear];
    }));
  } else if (SCENARIO_KEYS[axis.key].kind === 'byEntitlement') {
    input[axis.key] = { ...(input[axis.key] as ByEntitlement | undefined), [axis.sub]: v.value as PerYear };
  } else {
    const prev = input[axis.key] as PerYear | undefined;
    const byYear = new Map(prev?.byYear);
    byYear.set(Number(axis.sub), v.value as Ratio);
    input[axis.key] = { all: prev?.all, byYear } satisfies PerYear;
  }
}


/**
 * A --vary KEY.PY naming a PY the data does not have: every value settles the same, so the scenarios
 * are identical. One note per such axis (run's wording for a value of a PY not in the data).
 */
export function unusedAxisNotes(grid: readonly { readonly key: string; readonly sub?: string; readonly column: string; readonly values: readonly unknown[] }[], years: readonly number[]): string[] {
  const span = years.length === 0 ? 'none' : years.length === 1 ? `${years[0]}` : `${Math.min(...years)}-${Math.max(...years)}`;
  return grid
    .filter((a) => a.sub !== undefined && /^\d{4}$/.test(a.sub) && !years.includes(Number(a.sub)))
    .map((a) => `--vary ${a.column}: PY${a.sub} is not in the data (PYs ${span}): its ${a.values.length} value(s) are not used, and the scenarios that differ only in it are identical`);
}
