// `dcsim risk [DATA]`: read the rows (or the bundled sample), bootstrap each PY's aligned beneficiaries,
// settle every trial, print the distribution. A thin layer over riskSimulation() and the renderers.
import type { Command } from 'commander';
import { programOptionsFrom } from './programs.js';
import { usageError } from '../domain/errors.js';
import type { NamedFile } from '../io/files.js';
import { commandFormats, renderToMemory } from '../render/registry.js';
import { riskParameters, riskReport } from '../report/risk.js';
import { defaultOptionsFor, optionLabel, parseOptions } from '../usecases/compare.js';
import { trialRunner } from '../usecases/risk/risk-threads.js';
import { prepareRisk, riskOutcome } from '../usecases/risk/risk.js';
import { attachmentCents, closingNotes, simulate } from '../usecases/simulate.js';
import { terminalSafe } from '../render/terminal.js';
import type { CliCommand } from './command.js';
import { noteUnusedYears, planData, readData } from './data.js';
import { assumedLine } from './assumed.js';
import { useColor, type Io } from './io.js';
import { dataFlags, MAX_TRIALS, naming, outputArg, outputFormat, positiveInt, repeat, type CommonOptions } from './options.js';
import { writeOutputs } from './write.js';

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

function define(cmd: Command): Command {
  return dataFlags(cmd, 'the distribution of each PY\'s settlement by bootstrap: P(loss), percentiles, the worst 5%', '[data]', 'stop after N input errors',
    'beneficiary CSV file, or - for stdin (default: the bundled sample population)', 'bootstrap threads: 1, or 2 (default: 2 on two cores); reading is one thread')
    .option('--trials <n>', 'bootstrap trials (default 10000; at most 100,000,000, and as many as fit in 2 GiB)', positiveInt('--trials', MAX_TRIALS))
    .option('--seed <n>', 'random seed: the same seed gives the same output on any machine and thread count (default 1)')
    .option('--trend-shift <x>', 'mean of the PY-wide cost trend shock ε: expenditure x (1 + ε) (default 0)')
    .option('--trend-sd <x>', 'standard deviation of ε (default 0: no shock drawn)')
    .option('--compare', 'every payment option side by side (Professional/PCC, Global/PCC, Global/TCC, or --tracks)')
    .option('--tracks <list>', 'with --compare: the options, e.g. professional/pcc,global/tcc')
    .option('--programs <list>', 'programs instead of tracks (implies --compare), e.g. reach/global,mssp/enhanced (as dcsim compare --programs)')
    .option('--scenario-for <PROGRAM=FILE>', 'with --programs: a scenario file for one program; repeatable', repeat)
    .option('--trials-out <file>', 'also write one CSV row per trial, PY and option (B, E, S, shared savings, settlement)', outputArg('--trials-out', false))
    .option('--stats', 'print the run\'s threads, draws and draws per second on stderr')
    .addHelpText('after', `
Each trial draws, for every PY, as many aligned beneficiaries as the PY has, uniformly with
replacement, and settles the draw exactly as \`dcsim run\` settles the data (METHODOLOGY section 12).
--threads sets the bootstrap's threads (1, or 2: the default on two cores); the output is the same
bytes either way. The data is read by one thread.
Examples:
  dcsim risk                                          the bundled sample, 10,000 trials
  dcsim risk data.csv --track global --trials 2000 --seed 7
  dcsim risk data.csv --compare -O csv                P(loss) per PY for every payment option
  dcsim risk data.csv --compare --stop-loss-attachment 250000 --stop-loss-share 0.9 --stop-loss-pbpm 12.50
  dcsim risk data.csv --trend-sd 0.03 --trials-out trials.csv -o risk.json`);
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

/** --trials-out rows at most (one per trial, PY and option): the CSV is built whole before it is written. */
export const MAX_TRIAL_LINES = 5_000_000;

async function run(data: string | undefined, opts: RiskOptions, io: Io): Promise<number> {
  const format = outputFormat(opts, io.stdoutIsTTY, '-o', commandFormats('risk'));
  if (opts.compare) {
    for (const k of ['track', 'capitation'] as const) {
      if (opts[k] !== undefined) throw usageError(`--${k}: --compare settles every option in --tracks`, 'choose the options with --tracks, e.g. --tracks professional/pcc,global/tcc');
    }
  } else if (opts.tracks !== undefined) throw usageError('--tracks needs --compare', 'e.g. dcsim risk data.csv --compare --tracks professional/pcc,global/pcc');
  if (opts.programs === undefined && opts.scenarioFor !== undefined) throw usageError('--scenario-for needs --programs', 'e.g. --compare --programs reach/global,mssp/enhanced --scenario-for mssp=mssp.json');
  const trials = opts.trials ?? 10_000;
  const seed = seedOf(opts.seed);
  const outputs: NamedFile[] = [];
  if (opts.output) outputs.push({ what: '-o', path: opts.output });
  if (opts.trialsOut) outputs.push({ what: '--trials-out', path: opts.trialsOut });
  // --programs (METHODOLOGY-2027 section 4): each program with its own scenario, P(loss) and the worst 5% per program
  const plan = opts.programs !== undefined
    ? programOptionsFrom(opts, (rest) => planData(data, rest, io, 'simulating', outputs))
    : ((p) => ({ ...p, options: opts.compare ? (opts.tracks !== undefined ? parseOptions(opts.tracks) : defaultOptionsFor(p.input)) : null }))(planData(data, opts, io, 'simulating', outputs));
  const { input, options } = plan;
  const population = await readData(plan.path, opts, io, { attachments: attachmentCents(input), displayName: plan.displayName, keepRows: true });
  const rows = population.rows;
  if (!rows) throw new Error('the reader did not keep the rows (keepRows)');

  noteUnusedYears(io, [input, ...(options ?? []).flatMap((o) => (o.input ? [o.input] : []))], population.years);
  for (const n of closingNotes(input, population.years)) io.err(`dcsim: note: ${terminalSafe(n)}\n`);
  const bar = trialProgress(io, opts.progress !== false);
  const started = performance.now();
  const runner = trialRunner({ ...(opts.threads !== undefined ? { threads: Math.min(2, opts.threads) } : {}), ...(bar ? { onProgress: bar.update } : {}) });
  const prepared = naming(plan.scenarioFile, population.source, () =>
    prepareRisk({ population, rows, input, options, trials, seed, trendShift: opts.trendShift ?? '0', trendSd: opts.trendSd ?? '0' }),
  );
  if (opts.trialsOut) {
    const lines = trials * prepared.job.tables.length * prepared.options.length;
    if (lines > MAX_TRIAL_LINES) throw usageError(`--trials-out: ${trials.toLocaleString('en-US')} trials x ${prepared.job.tables.length} PY(s) x ${prepared.options.length} option(s) is ${lines.toLocaleString('en-US')} lines; --trials-out writes at most ${MAX_TRIAL_LINES.toLocaleString('en-US')}`, 'use fewer trials with --trials-out');
  }
  if (trials === 1) io.err('dcsim: note: with one trial the standard deviation (divisor N - 1) is undefined: settlement_sd and savings_sd are left empty\n');
  const done = await runner(prepared.job, trials).finally(() => bar?.done());
  // What `dcsim run` says of the data's capitation (a defaulted rate, capitation with no claims
  // reduced), per option: the trials settle with the same rates.
  const settled = (options ?? [null]).flatMap((o) => {
    const sim = simulate(population, o ? (o.input ?? { ...input, track: o.track, capitation: o.capitation }) : input);
    return sim.years.flatMap((y) => y.notes).map((n) => (o ? `${optionLabel(o)}: ${n}` : n));
  });
  for (const n of settled) io.err(`dcsim: note: ${n}\n`);
  const outcome = riskOutcome(prepared, done.results, done.threads);
  const seconds = (performance.now() - started) / 1000;
  if (opts.stats) {
    io.err(`dcsim: stats: threads=${outcome.threads} trials=${trials} draws=${outcome.draws} seconds=${seconds.toFixed(3)} draws_per_second=${Math.round(outcome.draws / Math.max(seconds, 1e-9))}\n`);
  }

  // Rule set lead: the assumed values in the parameters and on stderr.
  const assumed = assumedLine(input, population.years);
  if (assumed !== undefined) io.err(`dcsim: assumed (rule set lead, not CMS text): ${terminalSafe(assumed)}\n`);
  const report = riskReport(outcome, { ...riskParameters(input, options), ...(assumed !== undefined ? { assumed } : {}) });
  const ro = { excel: opts.excel === true, color: opts.output ? false : useColor(opts.color, io) };
  // (bytes: an xlsx is binary)
  const text: Uint8Array = Buffer.concat(await renderToMemory('risk', report, format, ro));
  const files: [string, (string | Uint8Array)[]][] = [];
  if (opts.trialsOut) files.push([opts.trialsOut, [Buffer.concat(await renderToMemory('riskTrials', report, 'csv', ro)).toString('utf8')]]);
  if (opts.output) files.push([opts.output, [text]]);
  await writeOutputs(files, opts.output ? undefined : [text], io);
  return 0;
}

export const command: CliCommand = { name: 'risk', define, run };
