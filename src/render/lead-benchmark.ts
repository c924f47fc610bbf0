// Rule set lead's benchmark build by PY and cohort (METHODOLOGY-2027 section 2 step 0) as a file of
// its own (`dcsim run --lead-benchmark-out FILE.csv|.json`): the rows of the JSON `lead_benchmark`
// section, through the one CSV writer.
import type { Sink } from '../domain/sink.js';
import type { SettlementReport } from '../report/settlement.js';
import { SCHEMA_VERSION } from '../report/settlement.js';
import { VERSION } from '../version.js';
import { CsvWriter, type CsvOptions } from './csv-writer.js';
import { leadBenchmarkJson } from './json.js';

const LEAD_BENCHMARK_COLUMNS = ['performance_year', 'cohort', 'hist', 'rea', 'psa', 'adj', 'u', 'rho', 'months', 'row_benchmark'] as const;

export async function leadBenchmarkCsv(r: SettlementReport, out: Sink, opts: CsvOptions): Promise<void> {
  const w = new CsvWriter(out, opts);
  w.header(LEAD_BENCHMARK_COLUMNS);
  for (const row of leadBenchmarkJson(r)) {
    LEAD_BENCHMARK_COLUMNS.forEach((k, i) => {
      if (i > 0) w.byte(44);
      if (k === 'cohort') w.text(String(row[k]));
      else w.ascii(String(row[k]));
    });
    w.endRow();
  }
  await w.flush();
}

export async function leadBenchmarkJsonRenderer(r: SettlementReport, out: Sink): Promise<void> {
  await out.write(`${JSON.stringify({ schema_version: SCHEMA_VERSION, dcsim_version: VERSION, input: { path: r.source }, lead_benchmark: leadBenchmarkJson(r) }, null, 2)}\n`);
}
