// `dcsim report [DATA] -o report.html`: settle the data (or the bundled sample) as `run` does, compare
// the payment options as `compare` does, optionally sweep two keys as `sweep` does, and write one
// self-contained HTML file. The use cases' results become the report model's plain figures here.
import { usageError } from '../domain/errors.js';
import { fromCents } from '../domain/money.js';
import { compare, DEFAULT_OPTIONS, optionLabel, parseOptions } from '../usecases/compare.js';
import { boardReport, riskYears, type Heatmap, type OptionSeries, type RiskYear } from '../report/board.js';
import { settlementReport } from '../report/settlement.js';
import { attachmentCents, simulate } from '../usecases/simulate.js';
import { checkGrid, parseVary, sweepAll } from '../usecases/sweep.js';
import { assertDistinctFiles } from '../io/files.js';
import { renderToMemory } from '../render/registry.js';
import { writeText } from './write.js';
import type { Io } from './io.js';
import { inputFiles, naming, outputFormat, positiveInt, scenarioFromOptions } from './options.js';
import { readData } from './read.js';
import { programOptionsFrom } from './programs.js';
import { cohortDims, SAMPLE_DATA, SAMPLE_SCENARIO, type RunOptions } from './run.js';

export interface ReportCommandOptions extends RunOptions {
  vary?: string[];
  tracks?: string;
  programs?: string;
  scenarioFor?: string[];
  /** --risk [trials]: true for the default count. */
  risk?: boolean | string;
  seed?: string;
}

/** The most grid points a heatmap shows (50 x 50). */
export const MAX_HEATMAP_CELLS = 2500;
/** The report must stay small enough to mail. */
export const MAX_REPORT_BYTES = 5 * 1024 * 1024;

export async function reportCommand(data: string | undefined, opts: ReportCommandOptions, io: Io): Promise<number> {
  outputFormat(opts, io.stdoutIsTTY, '-o', ['html']);
  const by = cohortDims(opts.by);
  const grid = (opts.vary ?? []).map(parseVary);
  if (grid.length !== 0 && grid.length !== 2) throw usageError(`report --vary: give two keys for the heatmap (got ${grid.length})`, 'e.g. --vary discount_rate=0.01:0.05:0.01 --vary quality_score=0.8:1:0.05');
  checkGrid(grid);
  const cells = grid.reduce((n, a) => n * a.values.length, 1);
  if (grid.length && cells > MAX_HEATMAP_CELLS) throw usageError(`report --vary: ${cells} grid points; the heatmap shows at most ${MAX_HEATMAP_CELLS}`, 'use fewer values or larger steps (dcsim sweep has no limit)');
  const sample = data === undefined;
  const defaultFile = sample && opts.scenario === undefined ? SAMPLE_SCENARIO : undefined;
  if (opts.programs === undefined && opts.scenarioFor !== undefined) throw usageError('--scenario-for needs --programs', 'e.g. --programs reach/global,mssp/enhanced --scenario-for mssp=mssp.json');
  // --programs (METHODOLOGY-2027 section 4): the programs compared instead of the tracks, and with --risk P(loss) per program
  const programs = opts.programs !== undefined ? programOptionsFrom(opts, defaultFile) : undefined;
  const options = programs ? programs.options : opts.tracks !== undefined ? parseOptions(opts.tracks) : DEFAULT_OPTIONS;
  const { input } = programs ? { input: programs.base } : scenarioFromOptions(opts, defaultFile);
  if (sample) io.err(`dcsim: no input file given: reporting on the bundled sample population (fixtures/sample.csv${opts.scenario === undefined ? ' with fixtures/sample-scenario.json' : ''})\n`);
  assertDistinctFiles(inputFiles(data ?? SAMPLE_DATA, opts), opts.output ? [{ what: '-o', path: opts.output as string }] : []);
  const extra = { attachments: attachmentCents(input), ...(sample ? { displayName: 'fixtures/sample.csv' } : {}) };
  const risk = opts.risk !== undefined && opts.risk !== false ? await import('./risk.js') : undefined;
  const withRows = risk ? await risk.readRows(data ?? SAMPLE_DATA, opts, io, extra) : undefined;
  const population = withRows ? withRows.population : await readData(data ?? SAMPLE_DATA, opts, io, extra);
  const scenarioFile = (opts.scenario as string | undefined) ?? (sample ? 'fixtures/sample-scenario.json' : undefined);
  const sim = naming(scenarioFile, population.source, () => simulate(population, input));

  // The payment options, as `dcsim compare` settles them (the scenario's own track and capitation aside).
  const { track: _t, capitation: _c, ...base } = input;
  const cmp = naming(scenarioFile, population.source, () => compare(population, base, options));
  const series: OptionSeries[] = [];
  for (const o of cmp.options) {
    if (o.ok) series.push({ label: o.option.program ? optionLabel(o.option) : `${o.option.track[0]!.toUpperCase()}${o.option.track.slice(1)}/${o.option.capitation.toUpperCase()}`, years: o.years.map((l) => ({ py: l.py!, settlement: fromCents(l.settlement) })), total: fromCents(o.total.settlement) });
    else io.err(`dcsim: note: ${optionLabel(o.option)} is left out of the comparison: ${o.error.diagnostics[0]?.message ?? 'it cannot be settled'}\n`);
  }

  let heatmap: Heatmap | undefined;
  if (grid.length === 2) {
    const [gx, gy] = grid as [(typeof grid)[number], (typeof grid)[number]];
    let failed = 0;
    const hcells = sweepAll(population, input, grid).map((r) => {
      if (!r.ok) failed++;
      const total = r.ok ? fromCents(r.years.reduce((t, y) => t + y.settlement, 0n)) : null;
      return { x: r.scenario.values[0]!.text, y: r.scenario.values[1]!.text, total };
    });
    if (failed) io.err(`dcsim: note: ${failed} of ${cells} grid point(s) could not be settled; the heatmap shows them as n/a\n`);
    heatmap = { x: { key: gx.column, values: gx.values.map((v) => v.text) }, y: { key: gy.column, values: gy.values.map((v) => v.text) }, cells: hcells };
  }

  let riskSection: RiskYear[] | undefined;
  if (risk && withRows) {
    // The distribution of the settlement, as `dcsim risk` simulates it (its default seed, 1,000 trials here).
    const trials = opts.risk === true ? 1000 : positiveInt('--risk', 1_000_000)(String(opts.risk));
    const [{ prepareRisk, riskOutcome }, { trialRunner }, { riskReport }] = await Promise.all([import('../usecases/risk/risk.js'), import('../usecases/risk/risk-threads.js'), import('../report/risk.js')]);
    const prepared = naming(scenarioFile, population.source, () => prepareRisk({ population, rows: withRows.rows, input, options: programs ? programs.options : null, trials, seed: risk.seedOf(opts.seed), trendShift: '0', trendSd: '0' }));
    const run = await trialRunner()(prepared.job, trials);
    riskSection = riskYears(riskReport(riskOutcome(prepared, run.results, run.threads), {}), programs !== undefined);
  }
  for (const n of sim.notes) io.err(`dcsim: note: ${n}\n`);
  const model = boardReport(settlementReport(sim, { by }), { options: series, ...(heatmap ? { heatmap } : {}), ...(riskSection ? { risk: riskSection } : {}) });
  const parts = await renderToMemory('board', model, 'html');
  const bytes = parts.reduce((n, p) => n + p.length, 0);
  if (bytes > MAX_REPORT_BYTES) throw usageError(`the report would be ${(bytes / 1048576).toFixed(1)} MB; at most 5 MB`, 'use a smaller --vary grid');
  await writeText(Buffer.concat(parts).toString('utf8'), opts.output, io);
  return 0;
}
