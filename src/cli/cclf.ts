// `dcsim cclf DIR ...`: a folder of CCLF files → dcsim's beneficiary-year CSV (CCLF.md section 5),
// to stdout or -o (atomically, through the output sink). The reading and the rules are in
// src/io/cclf/ and src/domain/cclf/; this file wires the flags and writes the rows.
import type { Command } from 'commander';
import { assertDistinctFiles } from '../io/files.js';
import { CsvWriter } from '../render/csv-writer.js';
import { CCLF_COLUMNS } from '../io/cclf/population.js';
import { DUAL_STATUSES, ENTITLEMENTS } from '../domain/population.js';
import type { CliCommand } from './command.js';
import type { Io } from './io.js';
import { outputArg, positiveInt, threadsArg } from './options.js';
import { outputSink } from './write.js';
import { writeLagReport } from './lag-report.js';
import { LagTriangle } from '../usecases/cclf/lag.js';
import { addCclfInputOptions, cclfInputs, checkCclfFlags, readCclfFolder, type CclfFlags } from './cclf-source.js';

export interface CclfCommandOptions extends CclfFlags {
  output?: string;
  lagReport?: string;
}

export const CCLF_HELP = `
Reads every CCLF1 (Part A), CCLF5 (Part B), CCLF6 (DME), CCLF8 (demographics) and CCLF9 (MBI
cross-reference) file in DIR (plain, .gz, or inside .zip archives as CMS sends them; names contain
ZC<k><Y|R><yy>.D<yymmdd>.T<hhmmsst>) and writes one row per aligned beneficiary and PY:
  beneficiary_id,performance_year,expenditure,aligned_months,entitlement,dual_status,
  primary_care_spend,participant_spend
How (docs/cclf.md has the rules and their sources):
  - an old MBI is followed through every CCLF9 row to the current one (A->B, B->C give A->C);
  - a record (CUR_CLM_UNIQ_ID, line) sent twice counts once, the copy in the later file;
  - cancellations (CLM_ADJSMT_TYPE_CD 1) subtract, originals and adjustments add: no pairing;
  - a record counts in the month of its thru date (Part B: the line's), if that month is aligned,
    and only if CMS loaded it (CLM_IDR_LD_DT) on or before --as-of;
  - participant spend: CCLF5 lines whose (PY, TIN, NPI) is in --participants; CCLF1 and CCLF6
    records whose (PY, NPI) is, any TIN; primary care: participant CCLF5 lines with a listed HCPCS.
The inputs beside DIR:
  participants.csv     performance_year,tin,npi        one row per participant TIN/NPI per PY
  alignment.csv        mbi,performance_year,start_month,end_month   aligned in months start..end
  codes.txt            one HCPCS code a line (# comments)
--lag-report FILE also writes the lag triangle (paid amounts by PY, incurred month and months until
CMS loaded them) with chain-ladder completion factors per PY, for a completion_factor estimate.
Example:
  dcsim cclf cclf/ --participants participants.csv --alignment alignment.csv \\
      --primary-care-codes codes.txt --as-of 2025-06-30 -o beneficiaries.csv
  dcsim run beneficiaries.csv --track global
or settle the folder directly: dcsim run --cclf cclf/ --participants ... --as-of 2025-06-30`;

function define(cmd: Command): Command {
  return addCclfInputOptions(cmd
    .description('a folder of CMS CCLF files (claims, demographics, MBI changes) -> the beneficiary-year CSV dcsim reads')
    .argument('<dir>', 'the folder of CCLF files (plain, .gz, or .zip archives)'), false)
    .option('--max-errors <n>', 'stop after N input errors', positiveInt('--max-errors'), 20)
    .option('--threads <n>', 'threads reading the claim files: 1, or 2, the newer files on one and the older on the other; the same rows either way (default: 2 from 64 MiB of claim files; 1 with --lag-report)', threadsArg)
    .option('-o, --output <file>', 'write to FILE (atomically) instead of stdout')
    .option('--lag-report <file>', 'also write the lag triangle and chain-ladder completion factors to FILE (CSV)', outputArg('--lag-report', false))
    .addHelpText('after', CCLF_HELP);
}

/** `dcsim cclf DIR ...`: the rows to stdout or -o. */
export async function cclfCommand(dir: string, opts: CclfCommandOptions, io: Io): Promise<number> {
  checkCclfFlags(dir, opts);
  assertDistinctFiles(cclfInputs(opts), [
    ...(opts.output ? [{ what: '-o', path: opts.output }] : []),
    ...(opts.lagReport ? [{ what: '--lag-report', path: opts.lagReport }] : []),
  ]);
  // The triangle takes every counted record with a load date: incurred month from its thru date,
  // lag = months from that month to the month CMS loaded it (month indexes are year x 12 + month - 1).
  const triangle = opts.lagReport ? new LagTriangle() : undefined;
  let undated = 0;
  const r = await readCclfFolder(dir, opts, io, triangle
    ? (py, thru, load, cents) => {
        if (load < 0) undated++;
        else triangle.add(py, (thru % 12) + 1, Math.max(0, load - thru), BigInt(cents));
      }
    : undefined);
  // (on an error, main() removes the temporary file with every pending output)
  const out = await outputSink(opts.output, io);
  const w = new CsvWriter(out);
  w.header(CCLF_COLUMNS);
  for (const row of r.rows) {
    w.text(row.mbi);
    w.byte(44);
    w.int(row.py);
    w.byte(44);
    w.cents(row.expenditure);
    w.byte(44);
    w.int(row.alignedMonths);
    w.byte(44);
    w.ascii(ENTITLEMENTS[row.entitlement]!);
    w.byte(44);
    w.ascii(DUAL_STATUSES[row.dual]!);
    w.byte(44);
    w.cents(row.primaryCare);
    w.byte(44);
    w.cents(row.participant);
    w.endRow();
    await w.settle();
  }
  await w.flush();
  await out.commit();
  if (triangle && opts.lagReport) {
    const [y, m] = opts.asOf!.trim().split('-').map(Number) as [number, number];
    await writeLagReport(opts.lagReport, triangle, { year: y, month: m });
    if (undated > 0) io.err(`dcsim: note: --lag-report: ${undated} counted record(s) have no load date (CLM_IDR_LD_DT) and are not in the triangle\n`);
  }
  return 0;
}

export const command: CliCommand = { name: 'cclf', define, run: (dir, opts, io) => cclfCommand(dir!, opts as CclfCommandOptions, io) };
