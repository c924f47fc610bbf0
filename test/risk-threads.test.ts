// Same seed, same bytes: the trials on one thread and on two (a real worker thread, the built
// dist/io/risk-worker.js that `npm test` builds first) give identical results and identical output.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ratio } from '../src/domain/exact.js';
import { trialRunner } from '../src/usecases/risk/risk-threads.js';
import { renderRiskCsv, renderRiskJson } from '../src/render/risk.js';
import { renderToMemory } from '../src/render/registry.js';
import { riskReport, TRIAL_FIELDS } from '../src/report/risk.js';
import { riskOutcome, trendFactors, type PreparedRisk } from '../src/usecases/risk/risk.js';
import { buildTables } from '../src/usecases/risk/sample.js';
import { CHUNK, FIELDS, onData, runClaimed, runLeftovers, runTrials, trialBoard, type RiskJob } from '../src/usecases/risk/trials.js';
import type { Population } from '../src/domain/population.js';
import { plainRules, rowTable, type Row } from './risk-fixtures.js';

const WORKER = new URL('../dist/usecases/risk/risk-worker.js', import.meta.url);

function prepared(trials: number): PreparedRisk {
  const rows: Row[] = [2022, 2023].flatMap((py) => Array.from({ length: 120 }, (_x, i) => ({ py, exp: String(9000 + ((i * 131) % 5000)), months: 1 + (i % 12), risk: (0.6 + (i % 9) / 10).toFixed(1), ...(i > 115 ? { exp: '260000' } : {}) })));
  const years = [2022, 2023];
  const { shiftFactor, sdFactor } = trendFactors('0.01', '0.04');
  const job: RiskJob = {
    tables: buildTables(rowTable(rows), years, 'standard', true),
    rules: years.map((py) => [plainRules(py, { sequestrationRate: ratio('0.02') }), plainRules(py, { stopLoss: { shares: [ratio('0.9')], pbpm: ratio('12.5') } })]),
    seed: '2024',
    shiftFactor,
    sdFactor,
    attachments: [25_000_000],
  };
  const population = { source: 'fixture', rowsRead: rows.length, groups: [], years, columns: [], attachments: [25_000_000] } as Population;
  return {
    req: { population, rows: rowTable(rows), input: {}, options: [{ track: 'global', capitation: 'pcc' }, { track: 'global', capitation: 'tcc' }], trials, seed: 2024n, trendShift: '0.01', trendSd: '0.04' },
    options: [{ track: 'global', capitation: 'pcc' }, { track: 'global', capitation: 'tcc' }],
    job,
    data: onData(job),
  };
}

describe('threads', () => {
  it('the report names the trial fields in the order the trials write them', () => {
    expect([...TRIAL_FIELDS]).toEqual([...FIELDS]);
  });

  it('the built worker exists (npm test builds before it tests)', () => {
    expect(existsSync(WORKER)).toBe(true);
  });

  it('one thread and two give the same bytes, and two threads really ran', async () => {
    const p = prepared(301);
    const one = await trialRunner({ threads: 1, workerUrl: WORKER })(p.job, 301);
    const two = await trialRunner({ threads: 2, workerUrl: WORKER })(p.job, 301);
    expect(one.threads).toBe(1);
    expect(two.threads).toBe(2);
    expect(Buffer.from(two.results.buffer).equals(Buffer.from(one.results.buffer))).toBe(true);
    const text = async (r: { results: Float64Array; threads: number }) => {
      const rep = riskReport(riskOutcome(p, r.results, r.threads), { track: 'global' });
      return renderRiskJson(rep) + renderRiskCsv(rep) + Buffer.concat(await renderToMemory('riskTrials', rep, 'csv')).toString('utf8');
    };
    expect(await text(two)).toBe(await text(one));
  });

  it('trials a failed worker left (its kept chunk) are run afterwards, with the same numbers', () => {
    const p = prepared(50);
    const board = trialBoard(p.job, 50, true);
    // this thread alone: it never takes the last chunk, kept for a worker that here never came
    expect(runClaimed(p.job, board, false)).toBe(50 - CHUNK);
    expect(runLeftovers(p.job, board)).toBe(CHUNK);
    const want = runTrials(p.job, 0, 50);
    expect(Buffer.from(board.results.buffer).equals(Buffer.from(want.buffer))).toBe(true);
  });
});
