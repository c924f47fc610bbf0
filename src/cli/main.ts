// Command-line wiring only: parse arguments, call a command, set the exit code.
// Exit 0 success, 1 bad data or scenario, 2 bad usage.
import { Command, CommanderError, Option } from 'commander';
import { DcsimError } from '../domain/errors.js';
import { installOutputCleanup, removePendingOutputs, writeStdout } from '../io/output.js';
import { formatError } from '../render/errors.js';
import { terminalSafe } from '../render/terminal.js';
import { VERSION } from '../version.js';
import { SYNTH_MAX_BENEFICIARIES } from './limits.js';
import type { Io } from './io.js';
import { addScenarioFlags, positiveInt, threadsArg } from './options.js';
import { addSettleFlags, SETTLE_HELP } from './settle-flags.js';

const processIo = (): Io => ({
  out: writeStdout,
  outBytes: writeStdout,
  err: (t) => void process.stderr.write(t),
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  env: process.env,
  stdin: process.stdin,
});

/** A command that reads a data file: its reading options, every scenario flag, the output options. */
function dataCommand(program: Command, name: string, description: string, data: string, maxErrors: string, dataDoc = 'beneficiary CSV file, or - for stdin'): Command {
  const cmd = program
    .command(name)
    .description(description)
    .argument(data, dataDoc)
    .option('--max-errors <n>', maxErrors, positiveInt('--max-errors'), 20)
    .option('--threads <n>', 'reading threads: 1, or 2 for files over 8 MiB (default: 2 from 256 MiB, where the benchmark measured it no slower)', threadsArg)
    .option('--no-progress', 'no progress bar on stderr');
  return outputOptions(addScenarioFlags(cmd));
}

function outputOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('-O, --output-format <format>', 'table, csv, json or xlsx (report: html) (default: from -o\'s extension; table on a terminal, csv in a pipe)'))
    .option('-o, --output <file>', 'write to FILE (atomically) instead of stdout')
    .option('--excel', 'CSV for Excel: UTF-8 BOM and CRLF line ends')
    .option('--color', 'colour the table even when not on a terminal')
    .option('--no-color', 'never colour (also NO_COLOR=1)');
}

export function buildProgram(io: Io, setCode: (c: number) => void): Command {
  const program = new Command('dcsim')
    .description('Medicare Direct Contracting / ACO REACH settlement simulator.\nExact per-year settlements (Professional and Global tracks, PCC/TCC) from beneficiary cost CSVs.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(dcsim --help for usage)')
    .configureOutput({
      writeOut: (s) => void io.out(s),
      writeErr: (s) => io.err(s),
      // (the user's words are echoed: shown with control characters escaped, line by line)
      outputError: (s, write) => write(`dcsim: ${s.split('\n').map(terminalSafe).join('\n')}`),
    })
    .exitOverride();

  const run = dataCommand(program, 'run', 'settle a beneficiary cost CSV (or the bundled sample) under a track and scenario', '[data]', 'stop after N input errors',
    'beneficiary CSV file, or - for stdin (default: the bundled sample population)')
    .option('--by <cohort>', 'add cohort records per PY: dual_status, alignment or entitlement (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--cohorts-only', 'with -O csv: print the cohort rows instead of the settlement')
    .option('--cohorts-out <file>', 'also write the cohort rows to FILE (.csv or .json)');
  run.addHelpText('after', `
Examples:
  dcsim run --track global                         settle the bundled sample
  dcsim run data.csv --track professional -O csv   one CSV row per performance year
  dcsim run data.csv --scenario s.json --quality-score 2023=0.9 -o out.json
  dcsim run data.csv --rules reach --capitation tcc --tcc-rate 0.45
Per-year values: --discount-rate 0.03 (every PY) or --discount-rate 2023=0.03,2024=0.035.
Rates by entitlement: --benchmark-pbpm aged_disabled=1000,esrd:2023=7800.
dcsim engines lists every parameter with its default; METHODOLOGY.md has the formulas.`);
  run.action(async (data: string | undefined, opts: Record<string, unknown>) => {
    const { runCommand } = await import('./run.js');
    setCode(await runCommand(data, opts, io));
  });

  const sweep = dataCommand(program, 'sweep', 'settle a grid (--vary) or a list (--scenarios) of scenarios on one data file: one row per scenario and PY', '<data>', 'stop after N input errors; list at most N failed scenarios')
    .option('--vary <KEY=values>', 'vary a scenario key: KEY=v1,v2,... or KEY=start:stop:step (stop inclusive); repeatable, the grid is the product', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--scenarios <file>', 'a JSON array of scenarios (each may have "name"), each over the base; with --vary, each runs the whole grid');
  sweep.addHelpText('after', `
The base scenario is --scenario FILE and the scenario flags, as for run; a --scenarios entry is
applied over the base, and --vary over both. KEY is any scenario key (dcsim engines lists them);
benchmark_pbpm.aged_disabled=... varies one entitlement's rate, discount_rate.2023=... one PY's value.
Examples:
  dcsim sweep data.csv --track global --vary discount_rate=0.0005:0.05:0.0005 --vary quality_score=0.01:1:0.01 -O csv
  dcsim sweep data.csv --vary track=professional,global --vary rules=dc,reach
  dcsim sweep data.csv --scenarios options.json -O json
A scenario that cannot be settled is reported on stderr with its id; the others still run (exit 1).`);
  sweep.action(async (data: string, opts: Record<string, unknown>) => {
    const { sweepCommand } = await import('./sweep.js');
    setCode(await sweepCommand(data, opts, io));
  });

  const compare = dataCommand(program, 'compare', 'the payment options side by side per PY and in total: Professional/PCC, Global/PCC, Global/TCC', '<data>', 'stop after N input errors')
    .option('--tracks <list>', 'options to compare, e.g. professional/pcc,global/tcc (default: professional/pcc,global/pcc,global/tcc)')
    .option('--programs <list>', 'programs to compare instead: PROGRAM/TRACK,... (reach/global, reach/professional, lead/global, lead/professional, mssp/basic_a ... mssp/basic_e, mssp/enhanced)')
    .option('--scenario-for <PROGRAM=FILE>', 'with --programs: a scenario file for one program (reach, lead, mssp) or one choice (mssp/enhanced), laid over the base; repeatable', (v: string, prev: string[] = []) => [...prev, v]);
  compare.addHelpText('after', `
Every option settles the same base scenario (--scenario FILE and the flags) with its own track and
capitation; the option with the highest settlement (what CMS pays the DCE) is marked, per PY and in total.
--programs compares programs (REACH, LEAD, MSSP; docs/mssp.md), each with its own scenario and benchmark:
  dcsim compare data.csv --programs reach/global,mssp/enhanced,mssp/basic_e \
    --scenario-for mssp=mssp.json --benchmark-pbpm "mssp:aged_disabled=1000,esrd=8000"`);
  compare.action(async (data: string, opts: Record<string, unknown>) => {
    const { compareCommand } = await import('./compare.js');
    setCode(await compareCommand(data, opts, io));
  });

  const settle = outputOptions(addSettleFlags(program
    .command('settle')
    .description("replay entity-level settlements (CMS's published per-entity results) through the kernel: what-ifs, --check, --summary")
    .argument('<data>', 'entity CSV (one row per entity per PY; section 11 or CMS PUF column names), or - for stdin')
    .option('--max-errors <n>', 'stop after N input errors', positiveInt('--max-errors'), 20)));
  settle.addHelpText('after', SETTLE_HELP);
  settle.action(async (data: string, opts: Record<string, unknown>) => {
    const { settleCommand } = await import('./settle.js');
    setCode(await settleCommand(data, opts, io));
  });

  const report = dataCommand(program, 'report', 'a self-contained HTML report (charts inline, prints on A4/Letter) of a settlement, its payment options and more', '[data]', 'stop after N input errors',
    'beneficiary CSV file, or - for stdin (default: the bundled sample population)')
    .option('--by <cohort>', 'add a cohort section per PY: dual_status, alignment or entitlement (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--vary <KEY=values>', 'two of these add a heatmap of the total settlement over the grid (as sweep --vary)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--tracks <list>', 'payment options to compare (default: professional/pcc,global/pcc,global/tcc)')
    .option('--programs <list>', 'programs to compare instead of --tracks, e.g. reach/global,mssp/enhanced (as dcsim compare --programs)')
    .option('--scenario-for <PROGRAM=FILE>', 'with --programs: a scenario file for one program; repeatable', (v: string, prev: string[] = []) => [...prev, v])
    .option('--risk [trials]', 'add the distribution of the settlement per PY, simulated as dcsim risk does (default 1000 trials)')
    .option('--seed <n>', 'seed of the --risk simulation (default 1)');
  report.addHelpText('after', `
Writes one HTML file: inline CSS and SVG charts (no script, nothing fetched), under 5 MB, to mail or print.
Examples:
  dcsim report -o report.html                                the bundled sample
  dcsim report data.csv --scenario s.json --by dual_status -o report.html
  dcsim report data.csv --vary discount_rate=0.01:0.05:0.01 --vary quality_score=0.8:1:0.05 -o report.html
  dcsim report data.csv --risk 2000 -o report.html                 with the distribution of the settlement`);
  report.action(async (data: string | undefined, opts: Record<string, unknown>) => {
    const { reportCommand } = await import('./report.js');
    setCode(await reportCommand(data, opts, io));
  });

  const risk = dataCommand(program, 'risk', 'the distribution of each PY\'s settlement by bootstrap: P(loss), percentiles, the worst 5%', '[data]', 'stop after N input errors',
    'beneficiary CSV file, or - for stdin (default: the bundled sample population)')
    .option('--trials <n>', 'bootstrap trials (default 10000)', positiveInt('--trials'))
    .option('--seed <n>', 'random seed: the same seed gives the same output on any machine and thread count (default 1)')
    .option('--trend-shift <x>', 'mean of the PY-wide cost trend shock ε: expenditure x (1 + ε) (default 0)')
    .option('--trend-sd <x>', 'standard deviation of ε (default 0: no shock drawn)')
    .option('--compare', 'every payment option side by side (Professional/PCC, Global/PCC, Global/TCC, or --tracks)')
    .option('--tracks <list>', 'with --compare: the options, e.g. professional/pcc,global/tcc')
    .option('--programs <list>', 'with --compare: programs instead of tracks, e.g. reach/global,mssp/enhanced (as dcsim compare --programs)')
    .option('--scenario-for <PROGRAM=FILE>', 'with --programs: a scenario file for one program; repeatable', (v: string, prev: string[] = []) => [...prev, v])
    .option('--trials-out <file>', 'also write one CSV row per trial, PY and option (B, E, S, shared savings, settlement)')
    .option('--stats', 'print the run\'s threads, draws and draws per second on stderr');
  risk.addHelpText('after', `
Each trial draws, for every PY, as many aligned beneficiaries as the PY has, uniformly with
replacement, and settles the draw exactly as \`dcsim run\` settles the data (METHODOLOGY section 12).
--threads also sets the bootstrap's threads (1, or 2: the default on two cores); the output is the
same bytes either way.
Examples:
  dcsim risk                                          the bundled sample, 10,000 trials
  dcsim risk data.csv --track global --trials 2000 --seed 7
  dcsim risk data.csv --compare -O csv                P(loss) per PY for every payment option
  dcsim risk data.csv --compare --stop-loss-attachment 250000 --stop-loss-share 0.9 --stop-loss-pbpm 12.50
  dcsim risk data.csv --trend-sd 0.03 --trials-out trials.csv -o risk.json`);
  risk.action(async (data: string | undefined, opts: Record<string, unknown>) => {
    const { riskCommand } = await import('./risk.js');
    setCode(await riskCommand(data, opts, io));
  });

  program
    .command('engines')
    .description('list the payment engines, rule sets and every scenario parameter with its default')
    .action(async () => {
      const { enginesCommand } = await import('./engines.js');
      setCode(await enginesCommand(io));
    });

  program
    .command('synth')
    .description('write a deterministic synthetic beneficiary population (every input column)')
    .requiredOption('-n, --beneficiaries <n>', 'beneficiaries per year (at most 999,999,999)', positiveInt('--beneficiaries', SYNTH_MAX_BENEFICIARIES))
    .option('--years <range>', 'performance years, e.g. 2021-2025 or 2023', '2021-2025')
    .option('--seed <n>', 'random seed', '1')
    .option('-o, --output <file>', 'write to FILE (atomically) instead of stdout')
    .action(async (opts: Record<string, unknown>) => {
      const { synthCommand } = await import('./synth.js');
      setCode(await synthCommand(opts, io));
    });

  return program;
}

/** Ctrl-C or a kill: remove any half-written output file, then exit as the signal would (130, 143). */
export function onInterrupt(): void {
  installOutputCleanup();
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    removePendingOutputs();
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof DcsimError) {
      io.err(formatError(e));
      return e.exitCode;
    }
    io.err(`dcsim: internal error: ${(e as Error).stack ?? String(e)}\nthis is a bug in dcsim: please report it with the command you ran\n`);
    return 70;
  }
}
