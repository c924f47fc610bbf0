// Shared option handling: scenario keys as flags, file + flags merged (flags win), output format.
import { addCclfInputOptions } from './cclf-source.js';
import { Command, Option } from 'commander';
import { DcsimError, usageError } from '../domain/errors.js';
import {
  byEntitlementFlag, ENUM_VALUES, FLAG_ORIGIN, kebab, KEY_NAMES, parseValue, perYearFlag, SCENARIO_KEYS,
  type ScenarioInput, type ScenarioKey,
} from '../domain/scenario.js';
import type { NamedFile } from '../io/files.js';
import { parseJsonText, readScenarioFile } from '../io/scenario-file.js';
import { extensionHint, formatHelp, FORMATS, formatOfPath, orList, type CommandName, type Format } from '../render/registry.js';

const PROGRAM_ENUMS: ReadonlySet<string> = new Set(['program', 'mssp_track', 'msr', 'msr_interpolation', 'quality_status']);

/**
 * The flags of a command that reads a data file: its reading options, every scenario flag, the output
 * options. Reading is one thread; `threads` documents a command's own --threads (risk's bootstrap),
 * and elsewhere --threads is refused (usage error) rather than silently ignored.
 */
export function dataFlags(cmd: Command, description: string, data: string, maxErrors: string, dataDoc = 'beneficiary CSV file, or - for stdin', threads?: string): Command {
  cmd
    .description(description)
    .argument(data, `${dataDoc}; read by one thread`)
    .option('--max-errors <n>', maxErrors, positiveInt('--max-errors'), 20)
    .addOption(threads !== undefined ? new Option('--threads <n>', threads).argParser(threadsArg) : new Option('--threads <n>').hideHelp().argParser(noReadingThreads))
    .option('--no-progress', 'no progress bar on stderr');
  addCclfInputOptions(cmd, true);
  return outputFlags(addScenarioFlags(cmd));
}

/** --threads on a command without threads of its own: dcsim reads with one thread. */
function noReadingThreads(v: string): never {
  throw usageError(`--threads ${v}: a CSV is read by one thread (a second one made it slower), and --cclf claim files by two from 64 MiB on their own; only dcsim risk and dcsim cclf take --threads`, 'drop --threads');
}

/** -O, -o, --excel and the colour flags; -O lists the command's formats from the render registry (COMMAND_KINDS). */
export function outputFlags(cmd: Command): Command {
  return cmd
    .addOption(new Option('-O, --output-format <format>', formatHelp(cmd.name() as CommandName)))
    .option('-o, --output <file>', 'write to FILE (atomically) instead of stdout; - is stdout', outputArg('-o', true))
    .option('--excel', 'CSV for Excel: UTF-8 BOM and CRLF line ends')
    .option('--color', 'colour the table even when not on a terminal')
    .option('--no-color', 'never colour (also NO_COLOR=1)');
}

/** A repeatable flag's values, in order. */
export const repeat = (v: string, prev: string[] = []): string[] => [...prev, v];

/** Add one flag per scenario key (METHODOLOGY section 9): snake_case key -> --kebab-case flag. */
export function addScenarioFlags(cmd: Command): Command {
  cmd.option('-s, --scenario <file>', 'scenario JSON file; flags override its keys');
  for (const key of KEY_NAMES) {
    if (key === 'name') continue;
    const spec = SCENARIO_KEYS[key];
    const flag = `--${kebab(key)}`;
    if (spec.kind === 'bool') {
      cmd.addOption(new Option(`${flag} [bool]`, `${spec.doc} (default ${String(spec.default)})`));
      continue;
    }
    const arg = spec.kind === 'perYear' ? '<value|PY=value,...>' : spec.kind === 'byEntitlement' ? '<value|PY=value|ent[:PY]=value,...>' : spec.kind === 'list' ? '<v1,v2,...>'
      : spec.kind === 'bands' ? '<edge:share,...,:share>' : spec.kind === 'object' ? '<json>' : '<value>';
    const o = new Option(`${flag} ${arg}`, `${spec.doc} (default: ${spec.default})`);
    // (the program keys are checked by parseValue: exit 1 naming the key and its values, as in a scenario file)
    if (spec.kind === 'enum' && !PROGRAM_ENUMS.has(key)) o.choices(ENUM_VALUES[key]!);
    cmd.addOption(o);
  }
  return cmd;
}

function camel(key: string): string {
  return key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** The scenario from --scenario and the flags; flags beat the file key by key. */
export function scenarioFromOptions(opts: Record<string, unknown>, defaultFile?: string): { input: ScenarioInput; fromFlags: Set<ScenarioKey> } {
  const file = (opts.scenario as string | undefined) ?? defaultFile;
  const base: ScenarioInput = file ? readScenarioFile(file) : {};
  const merged: Record<string, unknown> = { ...base };
  const fromFlags = new Set<ScenarioKey>();
  for (const key of KEY_NAMES) {
    const v = opts[camel(key)];
    if (v === undefined) continue;
    const spec = SCENARIO_KEYS[key];
    let raw: unknown = v;
    if (spec.kind === 'perYear') raw = perYearFlag(String(v), `--${kebab(key)}`);
    else if (spec.kind === 'byEntitlement') raw = byEntitlementFlag(String(v), `--${kebab(key)}`);
    else if (spec.kind === 'bool' && v === true) raw = true;
    else if (spec.kind === 'object') raw = parseJsonText(String(v), `--${kebab(key)}`);
    merged[key] = parseValue(key, raw, FLAG_ORIGIN);
    fromFlags.add(key);
  }
  const input = merged as ScenarioInput;
  if (input.capitation === 'tcc' && (input.track ?? 'global') === 'professional' && (fromFlags.has('capitation') || fromFlags.has('track'))) {
    throw usageError('--capitation tcc is not available on the professional track', 'TCC is a Global option: use --track global, or --capitation pcc');
  }
  return { input, fromFlags };
}

/** The files a data command reads: the data and the scenario file(s), for assertDistinctFiles. */
export function inputFiles(data: string | undefined, opts: Record<string, unknown>): NamedFile[] {
  const out: NamedFile[] = data !== undefined ? [{ what: 'the input', path: data }] : [];
  for (const [what, key] of [['--participants', 'participants'], ['--alignment', 'alignment'], ['--primary-care-codes', 'primaryCareCodes']] as const) {
    if (typeof opts.cclf === 'string' && typeof opts[key] === 'string') out.push({ what, path: opts[key] });
  }
  if (typeof opts.scenario === 'string') out.push({ what: '--scenario', path: opts.scenario });
  if (typeof opts.scenarios === 'string') out.push({ what: '--scenarios', path: opts.scenarios });
  return out;
}

export type { Format } from '../render/registry.js';

/** The options every data command shares (commander's camelCase names). */
export interface CommonOptions extends Record<string, unknown> {
  outputFormat?: string;
  output?: string;
  maxErrors?: number;
  color?: boolean;
  excel?: boolean;
  progress?: boolean;
  threads?: number;
}

/** The formats a data command writes unless it says otherwise (html is the report's). */
export const DATA_FORMATS: readonly Format[] = ['table', 'csv', 'json', 'xlsx'];

/** -O wins; else the -o file's extension; else table on a terminal and CSV in a pipe (formats and
 *  extensions: src/render/registry.ts). `flag` names the option in errors; `accepts`: the formats the
 *  command writes; xlsx and html are files, never written to a terminal. */
export function outputFormat(opts: { outputFormat?: string; output?: string }, stdoutIsTTY: boolean, flag = '-o', accepts: readonly Format[] = DATA_FORMATS): Format {
  const f = opts.outputFormat;
  let format: Format;
  if (f !== undefined) {
    const named = Object.hasOwn(FORMATS, f) ? (f as Format) : undefined;
    if (named === undefined || !accepts.includes(named)) throw usageError(`-O ${f}: unknown output format`, `use ${orList(accepts.map((a) => `-O ${a}`))}`);
    format = named;
  } else if (opts.output) {
    const byExt = formatOfPath(opts.output);
    if (byExt === undefined || !accepts.includes(byExt)) throw usageError(`${flag} ${opts.output}: cannot tell the format from the extension`, flag === '-o' ? `${extensionHint(accepts)}, or pass -O` : extensionHint(accepts));
    format = byExt;
  } else format = accepts.includes('table') ? (stdoutIsTTY ? 'table' : 'csv') : accepts[0]!;
  if ((format === 'xlsx' || format === 'html') && !opts.output && stdoutIsTTY) {
    throw usageError(`-O ${format} writes a file: give it a name with -o`, `e.g. -o out.${format}, or pipe stdout to a file`);
  }
  return format;
}

export function positiveInt(name: string, max = Number.MAX_SAFE_INTEGER) {
  return (v: string): number => {
    const t = v.trim();
    if (!/^\d+$/.test(t) || Number(t) < 1) throw usageError(`${name} ${v}: expected a whole number of at least 1`);
    if (t.replace(/^0+/, '').length > 16 || Number(t) > max) throw usageError(`${name} ${v}: at most ${max.toLocaleString('en-US')}`);
    return Number(t);
  };
}

/**
 * The one parser of an output path (-o, --cohorts-out, --trials-out, synth -o): "-" is stdout (as "-"
 * is stdin) where the flag writes the command's main output, refused for a second output; an empty
 * name (an unset variable in a script) is a usage error, never a silent stdout.
 */
export function outputArg(flag: string, stdoutAllowed: boolean) {
  return (v: string): string | undefined => {
    if (v === '') throw usageError(`${flag} "": the file name is empty`, `give a file name${stdoutAllowed ? ', or - for stdout' : ''} (an unset variable in a script?)`);
    if (v === '-') {
      if (stdoutAllowed) return undefined;
      throw usageError(`${flag} -: stdout carries the main output; give ${flag} a file name`, `e.g. ${flag} ${flag === '--trials-out' ? 'trials.csv' : 'cohorts.csv'}`);
    }
    return v;
  };
}

/** The most trials a flag takes (risk --trials, report --risk): MAX_TRIALS of src/usecases/risk/risk.ts (a memory check on the data follows). */
export const MAX_TRIALS = 100_000_000;

/** risk's --threads: 1 or 2 (the bootstrap uses at most two). */
export function threadsArg(v: string): number {
  const t = v.trim();
  if (t !== '1' && t !== '2') throw usageError(`--threads ${v}: expected 1 or 2`, '--threads 1 runs the trials on the main thread; 2 (the default on two cores) on two');
  return Number(t);
}

/**
 * Run a step that resolves the scenario against the data (a PY the rule set does not cover, a
 * missing rate): its errors name the scenario file, or else the data file, like every other error.
 */
export function naming<T>(scenarioFile: string | undefined, dataFile: string, step: () => T): T {
  try {
    return step();
  } catch (e) {
    throw named(e, scenarioFile, dataFile);
  }
}

/** naming() for a step that settles asynchronously. */
export async function namingAsync<T>(scenarioFile: string | undefined, dataFile: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    throw named(e, scenarioFile, dataFile);
  }
}

function named(e: unknown, scenarioFile: string | undefined, dataFile: string): unknown {
  if (!(e instanceof DcsimError) || e.exitCode === 2) return e; // bad usage names no file
  return new DcsimError(e.diagnostics.map((d) => (d.file !== undefined ? d : { ...d, file: scenarioFile ?? dataFile })), e.exitCode, e.more);
}
