// `dcsim compare DATA`: Professional/PCC, Global/PCC and Global/TCC (or --tracks) side by side on one
// data file and one base scenario, per PY and in total; the option that pays the DCE the most is
// marked. argv -> compare() -> compareReport() -> the registry's renderer (src/render/compare.ts).
import type { Command } from 'commander';
import { usageError } from '../domain/errors.js';
import { compare, defaultOptionsFor, optionLabel, parseOptions } from '../usecases/compare.js';
import { assertDistinctFiles } from '../io/files.js';
import { sniffEntityInput } from '../io/entity-csv.js';
import { writeAll } from '../io/output.js';
import { formatDiagnostic } from '../render/errors.js';
import { render } from '../render/registry.js';
import { terminalSafe } from '../render/terminal.js';
import { compareReport } from '../report/compare.js';
import { attachmentCents } from '../usecases/simulate.js';
import type { CliCommand } from './command.js';
import { noteUnusedYears, readData } from './data.js';
import { checkCclfFlags } from './cclf-source.js';
import { noteAssumed } from './assumed.js';
import { useColor, type Io } from './io.js';
import { dataFlags, inputFiles, naming, outputFormat, repeat, scenarioFromOptions, type CommonOptions } from './options.js';
import { outputSink } from './write.js';
import { commandFormats } from '../render/registry.js';
import { counted } from '../render/format.js';
import { printNotes } from './io.js';
import { programOptionsFrom } from './programs.js';

export interface CompareOptions extends CommonOptions {
  tracks?: string;
  programs?: string;
  scenarioFor?: string[];
}

function define(cmd: Command): Command {
  return dataFlags(cmd, 'the payment options side by side per PY and in total: Professional/PCC, Global/PCC, Global/TCC', '[data]', 'stop after N input errors')
    .option('--tracks <list>', 'options to compare, e.g. professional/pcc,global/tcc (default: professional/pcc,global/pcc,global/tcc)')
    .option('--programs <list>', 'programs to compare instead: PROGRAM/TRACK,... (reach/global, reach/professional, lead/global, lead/professional, mssp/basic_a ... mssp/basic_e, mssp/enhanced)')
    .option('--scenario-for <PROGRAM=FILE>', 'with --programs: a scenario file for one program (reach, lead, mssp) or one choice (mssp/enhanced), laid over the base; repeatable', repeat)
    .addHelpText('after', `
Every option settles the same base scenario (--scenario FILE and the flags) with its own track and
capitation; the option with the highest settlement (what CMS pays the DCE) is marked, per PY and in total.
--programs compares programs (REACH, LEAD, MSSP; docs/mssp.md), each with its own scenario and benchmark:
  dcsim compare data.csv --programs reach/global,mssp/enhanced,mssp/basic_e \\
    --scenario-for mssp=mssp.json --benchmark-pbpm "mssp:aged_disabled=1000,esrd=8000"`);
}

async function run(data: string | undefined, opts: CompareOptions, io: Io): Promise<number> {
  const format = outputFormat(opts, io.stdoutIsTTY, '-o', commandFormats('compare'));
  const cclf = checkCclfFlags(opts.cclf as string | undefined, opts, data);
  if (!cclf && data === undefined) throw usageError('compare needs a data file (or --cclf DIR)', 'e.g. dcsim compare data.csv');
  for (const k of ['track', 'capitation'] as const) {
    if (opts[k] !== undefined) throw usageError(`--${k}: compare settles every option in --tracks`, 'choose the options with --tracks, e.g. --tracks professional/pcc,global/tcc');
  }
  assertDistinctFiles(inputFiles(cclf ? undefined : data, opts), opts.output ? [{ what: '-o', path: opts.output }] : []);
  // An entity file (entity_id / ACO_ID in the header): each entity under each option (dcsim settle).
  const sniff = cclf ? { entity: false, stdin: io.stdin, path: '', displayName: undefined } : await sniffEntityInput(data!, io.stdin);
  if (sniff.entity && opts.programs !== undefined) throw usageError('--programs: an entity file is compared by dcsim settle --program P (one program per run)', 'compare --programs takes beneficiary data');
  if (sniff.entity) {
    const { entityCompareCommand } = await import('./settle-compare.js');
    return entityCompareCommand(sniff.path, opts, { ...io, stdin: sniff.stdin }, sniff.displayName);
  }
  if (opts.programs === undefined && opts.scenarioFor !== undefined) throw usageError('--scenario-for needs --programs', 'e.g. --programs reach/global,mssp/enhanced --scenario-for mssp=mssp.json');
  const { options, base } = opts.programs !== undefined
    ? (({ input, options: o }) => ({ base: input, options: o }))(programOptionsFrom(opts, (rest) => scenarioFromOptions(rest)))
    : ((base) => ({ options: opts.tracks !== undefined ? parseOptions(opts.tracks) : defaultOptionsFor(base), base }))(scenarioFromOptions(opts).input);
  const population = await readData(sniff.path, opts, { ...io, stdin: sniff.stdin }, { attachments: attachmentCents(base), displayName: sniff.displayName });

  const c = naming(opts.scenario as string | undefined, population.source, () => compare(population, base, options));
  noteUnusedYears(io, [base, ...options.flatMap((o) => (o.input ? [o.input] : []))], population.years);
  noteAssumed(io, base, population.years);
  const failed = c.options.filter((o) => !o.ok);
  for (const o of failed) {
    for (const d of o.error.diagnostics) io.err(`${formatDiagnostic({ ...d, message: `${optionLabel(o.option)}: ${d.message}` })}\n`);
  }
  if (failed.length < c.options.length) {
    const report = compareReport(c);
    printNotes(io, c.notes, format === 'table', terminalSafe);
    const out = await outputSink(opts.output, io);
    await render('compare', report, format, out, { excel: opts.excel === true, color: opts.output ? false : useColor(opts.color, io) });
    await writeAll(out, []);
  }
  if (failed.length) {
    io.err(`dcsim: error: ${failed.length} of ${counted(c.options.length, 'option')} could not be settled${failed.length === c.options.length ? '; nothing was written' : ''}\n`);
    return 1;
  }
  return 0;
}

export const command: CliCommand = { name: 'compare', define, run };
