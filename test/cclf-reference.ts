// An independent reference reader of a CCLF folder, written from ../shared/CCLF.md alone (it shares
// no code with src/): used by test/cclf-roundtrip.test.ts to check the synthetic CCLF set now, and
// to compare `dcsim cclf` with once that command is on main. Slow and simple on purpose.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const LENGTH: Record<string, number> = { '1': 437, '5': 388, '6': 247, '8': 549, '9': 55 };
const NAME = /ZC([0-9AB])([YR])(\d{2})\.D(\d{6})\.T(\d{7})/;

interface CclfFile {
  kind: string;
  yy: string;
  order: string;
  lines: string[];
}

/** Text at a 1-based start and width, trimmed. */
function at(line: string, start: number, width: number): string {
  return line.slice(start - 1, start - 1 + width).trim();
}

/** Cents of an amount (CCLF.md section 1): optional '-', digits, optional '.' and 1–2 decimals; blank 0. */
function cents(text: string, where: string): bigint {
  const t = text.trim();
  if (t === '') return 0n;
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) throw new Error(`${where}: not money: ${JSON.stringify(text)}`);
  const v = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -v : v;
}

/** A date, or undefined when missing (blank, 1000-01-01, 9999-12-31). */
function date(text: string, where: string): string | undefined {
  const t = text.trim();
  if (t === '' || t === '1000-01-01' || t === '9999-12-31') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(t)) throw new Error(`${where}: not a date: ${JSON.stringify(text)}`);
  return t;
}

function num(text: string): number {
  const t = text.trim();
  return t === '' ? 0 : Number(t);
}

function csvRows(path: string): string[][] {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  return lines.map((l) => l.split(',').map((c) => c.trim()));
}

export interface ReferenceRow {
  beneficiary_id: string;
  performance_year: string;
  expenditure: string;
  aligned_months: string;
  entitlement: string;
  dual_status: string;
  primary_care_spend: string;
  participant_spend: string;
}

function money(c: bigint): string {
  const neg = c < 0n;
  const a = neg ? -c : c;
  return `${neg ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
}

/** CCLF.md sections 3 and 4 applied to `dir` (every CCLF1, 5, 6, 8, 9 file in it). */
export function referenceRead(
  dir: string, participantsCsv: string, alignmentCsv: string, codesTxt: string, asOf: string,
  /** Called for every record counted in expenditure: its date, load date and signed cents. */
  onCounted?: (day: string, load: string | undefined, cents: bigint) => void,
): ReferenceRow[] {
  const files: CclfFile[] = [];
  for (const name of readdirSync(dir)) {
    const m = NAME.exec(name);
    if (!m || LENGTH[m[1]!] === undefined) continue;
    const text = readFileSync(join(dir, name), 'latin1');
    const lines: string[] = [];
    text.split('\n').forEach((raw, k) => {
      const l = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (l.trim() === '') return;
      if (l.length > LENGTH[m[1]!]!) throw new Error(`${name}:${k + 1}: record longer than ${LENGTH[m[1]!]}`);
      lines.push(l.padEnd(LENGTH[m[1]!]!, ' '));
    });
    files.push({ kind: m[1]!, yy: m[3]!, order: m[4]! + m[5]!, lines });
  }
  files.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));

  // MBI crosswalk: every CCLF9 row, later replacing earlier, followed to its end
  const next = new Map<string, string>();
  for (const f of files.filter((x) => x.kind === '9')) {
    for (const l of f.lines) {
      const crnt = at(l, 2, 11);
      const prvs = at(l, 13, 11);
      if (crnt === '' || prvs === '' || crnt === prvs) continue;
      next.set(prvs, crnt);
    }
  }
  const current = (mbi: string): string => {
    const seen = new Set<string>([mbi]);
    let m = mbi;
    while (next.has(m)) {
      m = next.get(m)!;
      if (seen.has(m)) throw new Error(`MBI crosswalk cycle at ${mbi}`);
      seen.add(m);
    }
    return m;
  };

  // claim records: one per (kind, id, line), the copy from the latest file
  interface Rec { kind: string; mbi: string; day: string | undefined; load: string | undefined; signed: bigint; npi: string; tin: string; hcpcs: string }
  const recs = new Map<string, Rec>();
  for (const f of files) {
    for (const l of f.lines) {
      const where = `CCLF${f.kind}`;
      if (f.kind === '1') {
        const code = num(at(l, 149, 2));
        const v = cents(at(l, 82, 17), where);
        recs.set(`1|${num(at(l, 1, 13))}`, {
          kind: '1', mbi: at(l, 20, 11), day: date(at(l, 54, 10), where), load: date(at(l, 161, 10), where),
          signed: code === 1 ? -v : v, npi: at(l, 109, 10), tin: '', hcpcs: '',
        });
      } else if (f.kind === '5') {
        const code = num(at(l, 150, 2));
        const v = cents(at(l, 103, 15), where);
        recs.set(`5|${num(at(l, 1, 13))}|${num(at(l, 14, 10))}`, {
          kind: '5', mbi: at(l, 24, 11), day: date(at(l, 88, 10), where) ?? date(at(l, 58, 10), where),
          load: date(at(l, 162, 10), where), signed: code === 1 ? -v : v, npi: at(l, 136, 10), tin: at(l, 126, 10),
          hcpcs: at(l, 98, 5).toUpperCase(),
        });
      } else if (f.kind === '6') {
        const code = num(at(l, 136, 2));
        const v = cents(at(l, 96, 15), where);
        recs.set(`6|${num(at(l, 1, 13))}|${num(at(l, 14, 10))}`, {
          kind: '6', mbi: at(l, 24, 11), day: date(at(l, 81, 10), where) ?? date(at(l, 58, 10), where),
          load: date(at(l, 148, 10), where), signed: code === 1 ? -v : v, npi: at(l, 112, 10), tin: '', hcpcs: '',
        });
      }
    }
  }

  const aligned = new Map<string, Set<number>>();
  const alignRows = csvRows(alignmentCsv);
  if (alignRows[0]?.join(',') !== 'mbi,performance_year,start_month,end_month') throw new Error('alignment header');
  for (const [mbi, py, s, e] of alignRows.slice(1)) {
    const key = `${current(mbi!)}|${py}`;
    const set = aligned.get(key) ?? new Set<number>();
    for (let m = Number(s); m <= Number(e); m++) set.add(m);
    aligned.set(key, set);
  }
  const partRows = csvRows(participantsCsv);
  if (partRows[0]?.join(',') !== 'performance_year,tin,npi') throw new Error('participants header');
  const pairs = new Set(partRows.slice(1).map(([p, t, n]) => `${p}|${t}|${n}`));
  const npis = new Set(partRows.slice(1).map(([p, , n]) => `${p}|${n}`));
  const codes = new Set(
    readFileSync(codesTxt, 'utf8').split(/\r?\n/).map((l) => l.replace(/#.*/, '').trim().toUpperCase()).filter((l) => l !== ''),
  );

  const sums = new Map<string, { e: bigint; part: bigint; pc: bigint }>();
  for (const r of recs.values()) {
    if (r.day === undefined) continue;
    if (r.load !== undefined && r.load > asOf) continue;
    const py = r.day.slice(0, 4);
    const key = `${current(r.mbi)}|${py}`;
    if (!aligned.get(key)?.has(Number(r.day.slice(5, 7)))) continue;
    const s = sums.get(key) ?? { e: 0n, part: 0n, pc: 0n };
    s.e += r.signed;
    onCounted?.(r.day, r.load, r.signed);
    const participant = r.kind === '5' ? pairs.has(`${py}|${r.tin}|${r.npi}`) : npis.has(`${py}|${r.npi}`);
    if (participant) s.part += r.signed;
    if (participant && r.kind === '5' && codes.has(r.hcpcs)) s.pc += r.signed;
    sums.set(key, s);
  }

  // demographics: the latest file of the PY listing the MBI (else of any PY); its latest range start
  const eights = files.filter((f) => f.kind === '8').map((f) => {
    const best = new Map<string, { line: string; start: string }>();
    for (const l of f.lines) {
      const m = current(at(l, 1, 11));
      const start = date(at(l, 62, 10), 'CCLF8') ?? '';
      const b = best.get(m);
      if (b === undefined || start >= b.start) best.set(m, { line: l, start });
    }
    return { yy: f.yy, best };
  });
  const demo = (mbi: string, py: string): [string, string] => {
    const pick = (fs: typeof eights): string | undefined => {
      for (let k = fs.length - 1; k >= 0; k--) {
        const b = fs[k]!.best.get(mbi);
        if (b) return b.line;
      }
      return undefined;
    };
    const l = pick(eights.filter((f) => f.yy === py.slice(-2))) ?? pick(eights);
    if (l === undefined) return ['aged_disabled', 'none'];
    const st = at(l, 48, 2);
    const du = at(l, 50, 2);
    const ent = st === '11' || st === '21' || st === '31' ? 'esrd' : 'aged_disabled';
    const dual = ['02', '04', '08', '10'].includes(du) ? 'full' : ['01', '03', '05', '06', '07'].includes(du) ? 'partial' : 'none';
    return [ent, dual];
  };

  const out: ReferenceRow[] = [];
  for (const [key, months] of aligned) {
    const [mbi, py] = key.split('|') as [string, string];
    const s = sums.get(key) ?? { e: 0n, part: 0n, pc: 0n };
    const e = s.e < 0n ? 0n : s.e;
    let part = s.part < 0n ? 0n : s.part;
    if (part > e) part = e;
    let pc = s.pc < 0n ? 0n : s.pc;
    if (pc > part) pc = part;
    const [entitlement, dual] = demo(mbi, py);
    out.push({
      beneficiary_id: mbi, performance_year: py, expenditure: money(e), aligned_months: String(months.size),
      entitlement, dual_status: dual, primary_care_spend: money(pc), participant_spend: money(part),
    });
  }
  const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');
  out.sort((a, b) => Number(a.performance_year) - Number(b.performance_year) || Buffer.compare(bytes(a.beneficiary_id), bytes(b.beneficiary_id)));
  return out;
}
