// `dcsim risk [DATA]`: read the rows (or the bundled sample), bootstrap each PY's aligned beneficiaries,
// settle every trial, print the distribution. A thin layer over riskSimulation() and the renderers.
import { DEFAULT_OPTIONS, optionLabel, parseOptions } from '../usecases/compare.js';
import { programOptionsFrom } from './programs.js';
import { usageError } from '../domain/errors.js';
import type { Population } from '../domain/population.js';
import { readPopulation } from '../io/csv/index.js';
import { assertDistinctFiles, type NamedFile } from '../io/files.js';
import { openFileSink, writeAll, type Sink } from '../io/output.js';
import { trialRunner } from '../usecases/risk/risk-threads.js';
import { riskReport } from '../report/risk.js';
import { prepareRisk, riskOutcome } from '../usecases/risk/risk.js';
import type { RowTable } from '../usecases/risk/rows.js';
import { attachmentCents } from '../usecases/simulate.js';
import { useColor, type Io } from './io.js';
import { inputFiles, naming, outputFormat, scenarioFromOptions, type CommonOptions } from './options.js';
import { noteUnusedYears } from './read.js';
import { renderToMemory } from '../render/registry.js';
import { terminalSafe } from '../render/terminal.js';
import { readProgress } from './progress.js';
import { SAMPLE_DATA, SAMPLE_SCENARIO } from './run.js';

export interface RiskOptions extends CommonOptions {
  trials?: number;
  seed?: string;
  trendShift?: string;
  trendSd?: string;
  trialsOut?: string;
  compare?: boolean;
  tracks?: string;
  programs?: string;
  scenarioFor?: string[];
  stats?: boolean;
}

/** Every file this command writes goes through here: all are complete before any is renamed into place. */
async function writeFiles(files: readonly (readonly [string, string])[]): Promise<void> {
  const open: [Sink, string][] = [];
  try {
    for (const [path, text] of files) open.push([await openFileSink(path), text]);
    for (const [sink, text] of open) await sink.write(text);
  } catch (e) {
    for (const [sink] of open) await sink.abort();
    throw e;
  }
  for (const [sink] of open) await writeAll(sink, []);
}

export function seedOf(text: string | undefined): bigint {
  const s = text ?? '1';
  if (!/^\d+$/.test(s) || !Number.isSafeInteger(Number(s))) throw usageError(`--seed ${s}: expected a whole number from 0 to 9007199254740991`, 'e.g. --seed 42');
  return BigInt(s);
}

/** A progress bar on stderr for runs over a second, only on a terminal. */
export function trialProgress(io: Io, enabled: boolean): { update(done: number, total: number): void; done(): void } | undefined {
  if (!enabled || !io.stderrIsTTY) return undefined;
  const start = Date.now();
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - start < 1000 || now - last < 100) return;
      last = now;
      const frac = done / total;
      const bar = '#'.repeat(Math.round(frac * 24)).padEnd(24, '.');
      const secs = (now - start) / 1000;
      const eta = frac > 0 ? secs * (1 / frac - 1) : 0;
      io.err(`\r[${bar}] ${(frac * 100).toFixed(0).padStart(3)}%  ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} trials  ETA ${eta.toFixed(1)}s `);
      shown = true;
    },
    done() {
      if (shown) io.err('\r\x1b[K');
    },
  };
}

export async function readRows(path: string, opts: RiskOptions, io: Io, extra: { attachments: readonly number[]; displayName?: string }): Promise<{ population: Population; rows: RowTable }> {
  const progress = readProgress(io, path, opts.progress !== false);
  const options = {
    maxErrors: opts.maxErrors ?? 20,
    keepRows: true,
    ...(extra.displayName !== undefined ? { displayName: extra.displayName } : {}),
    ...(progress ? { onProgress: progress.update } : {}),
    ...(extra.attachments.length ? { attachments: extra.attachments } : {}),
    ...(opts.threads !== undefined ? { threads: Math.min(2, opts.threads) } : {}),
  };
  const { population, unknownColumns } = await readPopulation(path, { ...options, stdin: io.stdin }).finally(() => progress?.done());
  if (unknownColumns.length) io.err(`dcsim: note: ignoring ${unknownColumns.length} unknown column(s): ${terminalSafe(unknownColumns.join(', '))}\n`);
  const rows = (population as Population & { rows?: RowTable }).rows;
  if (!rows) throw new Error('the reader did not keep the rows (keepRows)');
  return { population, rows };
}

export async function riskCommand(data: string | undefined, opts: RiskOptions, io: Io): Promise<number> {
  const format = outputFormat(opts, io.stdoutIsTTY, '-o', ['table', 'csv', 'json']);
  if (opts.compare) {
    for (const k of ['track', 'capitation'] as const) {
      if (opts[k] !== undefined) throw usageError(`--${k}: --compare settles every option in --tracks`, 'choose the options with --tracks, e.g. --tracks professional/pcc,global/tcc');
    }
  } else if (opts.tracks !== undefined) throw usageError('--tracks needs --compare', 'e.g. dcsim risk data.csv --compare --tracks professional/pcc,global/pcc');
  if (opts.programs === undefined && opts.scenarioFor !== undefined) throw usageError('--scenario-for needs --programs', 'e.g. --compare --programs reach/global,mssp/enhanced --scenario-for mssp=mssp.json');
  const trials = opts.trials ?? 10_000;
  const seed = seedOf(opts.seed);
  const sample = data === undefined;
  const defaultFile = sample && opts.scenario === undefined ? SAMPLE_SCENARIO : undefined;
  // --programs (METHODOLOGY-2027 section 4): each program with its own scenario, P(loss) and the worst 5% per program
  const programs = opts.programs !== undefined ? programOptionsFrom(opts, defaultFile) : undefined;
  const options = programs ? programs.options : opts.compare ? (opts.tracks !== undefined ? parseOptions(opts.tracks) : DEFAULT_OPTIONS) : null;
  const input = programs ? programs.base : scenarioFromOptions(opts, defaultFile).input;
  if (sample) io.err(`dcsim: no input file given: simulating the bundled sample population (fixtures/sample.csv${opts.scenario === undefined ? ' with fixtures/sample-scenario.json' : ''})\n`);
  const path = data ?? SAMPLE_DATA;
  const outputs: NamedFile[] = [];
  if (opts.output) outputs.push({ what: '-o', path: opts.output });
  if (opts.trialsOut) outputs.push({ what: '--trials-out', path: opts.trialsOut });
  assertDistinctFiles([...inputFiles(path, opts), ...(sample && opts.scenario === undefined ? [{ what: '--scenario', path: SAMPLE_SCENARIO }] : [])], outputs);
  const { population, rows } = await readRows(path, opts, io, { attachments: attachmentCents(input), ...(sample ? { displayName: 'fixtures/sample.csv' } : {}) });
  const scenarioFile = (opts.scenario as string | undefined) ?? (sample ? 'fixtures/sample-scenario.json' : undefined);

  noteUnusedYears(io, [input, ...(options ?? []).flatMap((o) => (o.input ? [o.input] : []))], population.years);
  const bar = trialProgress(io, opts.progress !== false);
  const started = performance.now();
  const runner = trialRunner({ ...(opts.threads !== undefined ? { threads: Math.min(2, opts.threads) } : {}), ...(bar ? { onProgress: bar.update } : {}) });
  const prepared = naming(scenarioFile, population.source, () =>
    prepareRisk({ population, rows, input, options, trials, seed, trendShift: opts.trendShift ?? '0', trendSd: opts.trendSd ?? '0' }),
  );
  const run = await runner(prepared.job, trials).finally(() => bar?.done());
  const outcome = riskOutcome(prepared, run.results, run.threads);
  const seconds = (performance.now() - started) / 1000;
  if (opts.stats) {
    io.err(`dcsim: stats: threads=${outcome.threads} trials=${trials} draws=${outcome.draws} seconds=${seconds.toFixed(3)} draws_per_second=${Math.round(outcome.draws / Math.max(seconds, 1e-9))}\n`);
  }

  const parameters: Record<string, string> = {
    ...(options ? { options: options.map(optionLabel).join(',') } : { track: input.track ?? 'global', capitation: input.capitation ?? 'pcc' }),
    ...(programs ? {} : { rules: input.rules ?? 'dc' }),
    attribution: input.attribution ?? 'standard',
    ...(input.stop_loss_attachment ? { stop_loss_attachment: input.stop_loss_attachment.map((a) => a.toFixed(2)).join(',') } : {}),
  };
  const report = riskReport(outcome, parameters);
  const ro = { excel: opts.excel === true, color: opts.output ? false : useColor(opts.color, io) };
  const text = Buffer.concat(await renderToMemory('risk', report, format, ro)).toString('utf8');
  const files: [string, string][] = [];
  if (opts.trialsOut) files.push([opts.trialsOut, Buffer.concat(await renderToMemory('riskTrials', report, 'csv', ro)).toString('utf8')]);
  if (opts.output) files.push([opts.output, text]);
  await writeFiles(files);
  if (!opts.output) await io.out(text);
  return 0;
}
