// `dcsim run [DATA]`: read, settle, render. A thin layer over readInput() and simulate().
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readInput } from '../io/input.js';
import { writeAtomic } from '../io/output.js';
import { renderCsv } from '../render/csv.js';
import { renderJson } from '../render/json.js';
import { renderTable } from '../render/table.js';
import { settlementReport } from '../report/settlement.js';
import { simulate } from '../simulate.js';
import { useColor, type Io } from './io.js';
import { outputFormat, scenarioFromOptions } from './options.js';
import { progressReporter } from './progress.js';

export const SAMPLE_DATA = fileURLToPath(new URL('../../fixtures/sample.csv', import.meta.url));
export const SAMPLE_SCENARIO = fileURLToPath(new URL('../../fixtures/sample-scenario.json', import.meta.url));

export interface RunOptions extends Record<string, unknown> {
  outputFormat?: string;
  output?: string;
  maxErrors?: number;
  color?: boolean;
  excel?: boolean;
  progress?: boolean;
}

/** Read the data (or the bundled sample) and settle it; returns what to print. */
export async function runCommand(data: string | undefined, opts: RunOptions, io: Io): Promise<number> {
  const format = outputFormat(opts, io.stdoutIsTTY);
  const sample = data === undefined;
  const { input } = scenarioFromOptions(opts, sample && opts.scenario === undefined ? SAMPLE_SCENARIO : undefined);
  if (sample) io.err(`dcsim: no input file given: settling the bundled sample population (${SAMPLE_DATA.replace(/.*\/(fixtures\/)/, '$1')}${opts.scenario === undefined ? ' with fixtures/sample-scenario.json' : ''})\n`);
  const path = data ?? SAMPLE_DATA;
  const progress = progressReporter(io, opts.progress !== false && path !== '-' ? safeSize(path) : undefined);
  const { population, unknownColumns } = await readInput(path, {
    maxErrors: opts.maxErrors ?? 20,
    ...(sample ? { displayName: 'fixtures/sample.csv' } : {}),
    ...(progress ? { onProgress: progress.update } : {}),
  }, io.stdin).finally(() => progress?.done());
  if (unknownColumns.length) io.err(`dcsim: note: ignoring ${unknownColumns.length} unknown column(s): ${unknownColumns.join(', ')}\n`);
  const sim = simulate(population, input);
  const report = settlementReport(sim);
  const text = format === 'json' ? renderJson(report) : format === 'csv' ? renderCsv(report, { excel: opts.excel === true }) : renderTable(report, { color: opts.output ? false : useColor(opts.color, io) });
  if (format !== 'table') for (const n of sim.notes) io.err(`dcsim: note: ${n}\n`);
  if (opts.output) writeAtomic(opts.output, text);
  else await io.out(text);
  return 0;
}

function safeSize(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch {
    return undefined;
  }
}
