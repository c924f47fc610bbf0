// The derived beneficiary-year rows straight into a Population (no temporary file): each row folded
// into its group by the CSV reader's own fold (src/io/csv/rowsink.ts), so a CCLF folder and the CSV
// `dcsim cclf` writes from it settle to the same groups. Columns not in CCLF keep dcsim's defaults
// (risk_score 1, claims_aligned true, no Medicaid spend, no own rate, no HEBA).
import { FLAG_CLAIMS, populationOf, type Population } from '../../domain/population.js';
import type { CclfRow } from '../../domain/cclf/book.js';
import { COLUMNS, RowSink, type Column, type HeaderInfo } from '../csv/rowsink.js';

/** The columns a CCLF folder gives (CCLF.md section 5), in output order. */
export const CCLF_COLUMNS = ['beneficiary_id', 'performance_year', 'expenditure', 'aligned_months', 'entitlement', 'dual_status', 'primary_care_spend', 'participant_spend'] as const satisfies readonly Column[];

export interface CclfPopulationOptions {
  /** Stop-loss attachment points (cents). */
  readonly attachments?: readonly number[];
  /** Keep the rows (population.rows), as `dcsim risk` needs. */
  readonly keepRows?: boolean;
}

export function cclfPopulation(rows: readonly CclfRow[], source: string, o: CclfPopulationOptions = {}): Population {
  const index = new Int32Array(COLUMNS.length).fill(-1);
  CCLF_COLUMNS.forEach((c, i) => {
    index[COLUMNS.indexOf(c)] = i;
  });
  const header: HeaderInfo = { index, width: CCLF_COLUMNS.length, unknown: [], present: COLUMNS.filter((c) => (CCLF_COLUMNS as readonly string[]).includes(c)) };
  const sink = new RowSink(header, { source, maxErrors: 1, expectedRows: rows.length, ...(o.attachments?.length ? { attachments: o.attachments } : {}), ...(o.keepRows ? { keepRows: true } : {}) });
  for (const r of rows) {
    sink.fold(r.py, r.entitlement, r.dual, FLAG_CLAIMS, r.alignedMonths, r.expenditure, r.primaryCare, r.participant, -1, -1, 1, 0, 0);
  }
  return populationOf(source, rows.length, sink.groups.groups(), header.present, o.attachments ?? [], sink.rows?.table());
}
