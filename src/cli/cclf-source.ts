// The CCLF data source every data command shares: `--cclf DIR` with its three side files and
// `--as-of`, read into the beneficiary-year rows (src/io/cclf/) and, for run, sweep, compare, risk
// and report, straight into a Population. The parameters used are printed on stderr, and the
// counted oddities (unknown adjustment codes, missing demographics, clamped spends) one line each.
import type { Command } from 'commander';
import { Option } from 'commander';
import { usageError } from '../domain/errors.js';
import type { Population } from '../domain/population.js';
import { readCclf, type CclfReadResult } from '../io/cclf/index.js';
import { cclfPopulation } from '../io/cclf/population.js';
import type { OnRecord } from '../domain/cclf/book.js';
import { terminalSafe } from '../render/terminal.js';
import type { Io } from './io.js';

export interface CclfFlags {
  cclf?: string;
  participants?: string;
  alignment?: string;
  primaryCareCodes?: string;
  asOf?: string;
  excludeImeDshUcc?: boolean;
  addBackReductions?: boolean;
  maxErrors?: number;
  threads?: number;
}

/** The side-file options and the CCLF parameters (`cclf` adds DIR as its argument instead of --cclf). */
export function addCclfInputOptions(cmd: Command, withDir: boolean): Command {
  if (withDir) cmd.option('--cclf <dir>', 'settle a folder of CCLF files instead of a beneficiary CSV (with --participants, --alignment, --primary-care-codes, --as-of; see dcsim cclf --help)');
  return cmd
    .option('--participants <file>', 'CCLF: participants CSV (performance_year,tin,npi)')
    .option('--alignment <file>', 'CCLF: alignment CSV (mbi,performance_year,start_month,end_month)')
    .option('--primary-care-codes <file>', 'CCLF: primary-care HCPCS codes, one a line (# comments)')
    .option('--as-of <YYYY-MM-DD>', 'CCLF: count only records loaded into CMS\'s IDR on or before this date (CLM_IDR_LD_DT)')
    .addOption(new Option('--exclude-ime-dsh-ucc', 'CCLF: subtract CCLF1\'s IME, DSH and uncompensated care amounts from each Part A claim (default: off)'))
    .addOption(new Option('--add-back-reductions', 'CCLF: add the VTAPM PBP reduction amounts of CCLFA/CCLFB back to the claims they reduced (default: off)'));
}

/** --as-of YYYY-MM-DD → yyyymmdd (a usage error otherwise). */
export function asOfArg(v: string | undefined): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec((v ?? '').trim());
  const bad = (): never => {
    throw usageError(`--as-of ${v}: expected a date YYYY-MM-DD`, 'the cut-off for CLM_IDR_LD_DT, e.g. --as-of 2025-06-30');
  };
  if (!m) return bad();
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12 || d < 1 || d > days) return bad();
  return y * 10000 + mo * 100 + d;
}

/** The CCLF inputs are all given (or none is): a usage error naming what is missing. */
export function checkCclfFlags(dir: string | undefined, f: CclfFlags, data?: string): boolean {
  const side = { '--participants': f.participants, '--alignment': f.alignment, '--primary-care-codes': f.primaryCareCodes, '--as-of': f.asOf };
  const given = Object.entries(side).filter(([, v]) => v !== undefined).map(([k]) => k);
  if (dir === undefined) {
    if (given.length || f.excludeImeDshUcc || f.addBackReductions) throw usageError(`${given[0] ?? (f.excludeImeDshUcc ? '--exclude-ime-dsh-ucc' : '--add-back-reductions')} is for a CCLF folder: give it with --cclf DIR`, 'e.g. dcsim run --cclf cclf/ --participants participants.csv --alignment alignment.csv --primary-care-codes codes.txt --as-of 2025-06-30');
    return false;
  }
  if (data !== undefined) throw usageError(`give a data file or --cclf DIR, not both (got ${data} and --cclf ${dir})`);
  const missing = Object.entries(side).filter(([, v]) => v === undefined).map(([k]) => k);
  if (missing.length) throw usageError(`a CCLF folder needs ${missing.join(', ')}`, 'dcsim cclf --help explains each input, with an example');
  return true;
}

/** The files a CCLF read takes in (for same-file checks against the outputs). */
export function cclfInputs(f: CclfFlags): { what: string; path: string }[] {
  return [
    { what: '--participants', path: f.participants! },
    { what: '--alignment', path: f.alignment! },
    { what: '--primary-care-codes', path: f.primaryCareCodes! },
  ];
}

const n = (x: number): string => x.toLocaleString('en-US');

/** Read the folder, printing the parameters and the summary lines on stderr. */
export async function readCclfFolder(dir: string, f: CclfFlags, io: Io, onRecord?: OnRecord): Promise<CclfReadResult> {
  const asOf = asOfArg(f.asOf);
  io.err(`dcsim: cclf: parameters: as-of ${f.asOf!.trim()}; IME/DSH/UCC removal ${f.excludeImeDshUcc ? 'on' : 'off'}; add-back of capitation fee reductions ${f.addBackReductions ? 'on' : 'off'}\n`);
  const r = await readCclf({
    dir, participants: f.participants!, alignment: f.alignment!, primaryCareCodes: f.primaryCareCodes!, asOf,
    excludeImeDshUcc: f.excludeImeDshUcc === true, addBackReductions: f.addBackReductions === true, maxErrors: f.maxErrors ?? 20,
    ...(f.threads !== undefined ? { threads: f.threads } : {}),
    ...(onRecord ? { onRecord } : {}),
  });
  const kinds = [...r.filesByKind.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, c]) => `CCLF${k} ${c}`).join(', ');
  const c = r.counts;
  io.err(`dcsim: cclf: ${n([...r.filesByKind.values()].reduce((a, b) => a + b, 0))} file(s) (${kinds || 'none'}); ${n(c.records)} claim record(s): ${n(c.counted)} counted, ${n(c.duplicates)} older copies, ${n(c.afterAsOf)} loaded after the as-of date, ${n(c.outsideMonths)} outside aligned months, ${n(c.unaligned)} of unaligned MBIs or undated; ${n(r.rows.length)} beneficiary-year row(s)\n`);
  if (r.ignored) io.err(`dcsim: note: ignored ${n(r.ignored)} file(s) in ${terminalSafe(dir)} whose names are not CCLF names (ZC<k><Y|R><yy>.D<yymmdd>.T<hhmmsst>)\n`);
  if (r.addBack) io.err(`dcsim: cclf: add-back: ${n(r.addBack.records)} reduction record(s) from ${n(r.addBack.files)} CCLFA/CCLFB file(s)\n`);
  for (const note of r.notes) io.err(`dcsim: note: ${terminalSafe(note)}\n`);
  if (c.unknownAdjustment.size) {
    const total = [...c.unknownAdjustment.values()].reduce((a, b) => a + b, 0);
    const list = [...c.unknownAdjustment.entries()].slice(0, 5).map(([k, v]) => `"${terminalSafe(String(k))}" ${n(v)}`).join(', ');
    io.err(`dcsim: note: ${n(total)} record(s) with an unknown CLM_ADJSMT_TYPE_CD (${terminalSafe(list)}${c.unknownAdjustment.size > 5 ? ', ...' : ''}) counted as debits (not cancellations)\n`);
  }
  const cl = r.clamps;
  if (cl.noDemographics) io.err(`dcsim: note: ${n(cl.noDemographics)} beneficiary-year(s) with no CCLF8 row: entitlement aged_disabled, dual_status none\n`);
  if (cl.expenditure) io.err(`dcsim: note: ${n(cl.expenditure)} beneficiary-year(s) with net expenditure below 0: set to 0\n`);
  if (cl.participant) io.err(`dcsim: note: ${n(cl.participant)} beneficiary-year(s) with participant spend below 0 or above expenditure: clamped into [0, expenditure]\n`);
  if (cl.primaryCare) io.err(`dcsim: note: ${n(cl.primaryCare)} beneficiary-year(s) with primary care spend below 0 or above participant spend: clamped into [0, participant spend]\n`);
  return r;
}

/** A data command's population from --cclf DIR (the rows go straight into the groups). */
export async function cclfPopulationOf(f: CclfFlags, io: Io, extra: { attachments?: readonly number[]; keepRows?: boolean } = {}): Promise<Population> {
  const dir = f.cclf!;
  const r = await readCclfFolder(dir, f, io);
  return cclfPopulation(r.rows, dir, { ...(extra.attachments?.length ? { attachments: extra.attachments } : {}), ...(extra.keepRows ? { keepRows: true } : {}) });
}
