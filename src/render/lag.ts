// The lag report as one tidy CSV: a `record` column says what each row is.
//   triangle     PY, incurred month, months (lag to load), paid, cumulative_paid
//   age_to_age   PY, months (from this age to the next), factor, numerator, denominator, origins, source
//   to_ultimate  PY, months (age), factor (cumulative, to ultimate)
//   completion   PY, paid (observed), cumulative_paid (ultimate, to the cent), factor (the PY's
//                completion_factor), source (the ages estimated from the PY's own months)
// Factors print exactly when they have at most 10 decimals, else rounded half-even to 10.
import { formatRatio, type Ratio } from '../domain/exact.js';
import type { Sink } from '../domain/sink.js';
import type { LagReport } from '../report/lag.js';
import { CsvWriter } from './csv-writer.js';
import type { RenderOptions } from './options.js';

export const LAG_COLUMNS = ['record', 'as_of', 'performance_year', 'incurred_month', 'months', 'paid', 'cumulative_paid', 'factor', 'numerator', 'denominator', 'origins', 'source'] as const;

export async function lagCsv(r: LagReport, out: Sink, opts: RenderOptions): Promise<void> {
  const w = new CsvWriter(out, opts.excel ? { excel: true } : {});
  w.header(LAG_COLUMNS);
  // bigint: money (cents); number: a count; { raw }: a factor (ASCII); string: text
  type Cell = string | number | bigint | { raw: string } | undefined;
  const row = (cells: Cell[]): void => {
    while (cells.length < LAG_COLUMNS.length) cells.push(undefined);
    cells.forEach((c, k) => {
      if (k > 0) w.byte(44);
      if (c === undefined) return;
      if (typeof c === 'bigint') w.cents(c);
      else if (typeof c === 'number') w.int(c);
      else if (typeof c === 'string') w.text(c);
      else w.ascii(c.raw);
    });
    w.endRow();
  };
  const raw = (f: Ratio): { raw: string } => ({ raw: formatRatio(f) });
  for (const t of r.triangle) row(['triangle', r.asOf, t.py, t.month, t.lag, t.paid, t.cumulative]);
  for (const f of r.factors) {
    row(['age_to_age', r.asOf, f.py, undefined, f.age, undefined, undefined, raw(f.factor), f.numerator, f.denominator, f.origins, f.source]);
  }
  for (const f of r.toUltimate) row(['to_ultimate', r.asOf, f.py, undefined, f.age, undefined, undefined, raw(f.factor)]);
  for (const c of r.completion) {
    row(['completion', r.asOf, c.py, undefined, undefined, c.observed, c.ultimate, raw(c.factor), undefined, undefined, undefined, c.agesUsed.join(' ')]);
  }
  await w.flush();
}
