// The byte layout of the synthetic CCLF files: record lengths and field positions of CMS's CCLF
// Information Packet v38.0 as ../shared/CCLF.md section 2 lists them (start 1-based, width), file
// names (section 1), dates as day numbers, and per-file byte buffers that hand out ~256 KiB pieces.
// Pure: no fs. The writer (cclf.ts) decides what goes in the records.

/** Record lengths (CCLF.md section 2). */
export const RECORD_LENGTH = { 1: 437, 5: 388, 6: 247, 8: 549, 9: 55 } as const;
export type FileKind = keyof typeof RECORD_LENGTH;

/** Field positions used by the writer: [start (1-based), width]. */
export const F = {
  uniq: [1, 13],
  line: [14, 10],
  c1: {
    mbi: [20, 11], from: [44, 10], thru: [54, 10], paid: [82, 17], facNpi: [109, 10], adj: [149, 2], load: [161, 10],
    capIme: [204, 15], opIme: [219, 22], capDsh: [241, 15], ucc: [256, 15], opDsh: [271, 22], ccn: [293, 20],
  },
  c5: {
    mbi: [24, 11], thru: [58, 10], lineThru: [88, 10], hcpcs: [98, 5], paid: [103, 15], tin: [126, 10],
    npi: [136, 10], adj: [150, 2], load: [162, 10], cntl: [172, 40],
  },
  c6: { mbi: [24, 11], thru: [58, 10], lineThru: [81, 10], paid: [96, 15], npi: [112, 10], adj: [136, 2], load: [148, 10] },
  c8: { mbi: [1, 11], status: [48, 2], dual: [50, 2], rngBgn: [62, 10] },
  c9: { ind: [1, 1], crnt: [2, 11], prvs: [13, 11], effective: [24, 10], obsolete: [34, 10] },
} as const;

type Field = readonly [number, number];

const SPACE = 32;
const LF = 10;

/** One record being built: blanks, fields written at their positions, then LF. */
export class FixedRecord {
  readonly bytes: Uint8Array;
  constructor(readonly kind: FileKind) {
    this.bytes = new Uint8Array(RECORD_LENGTH[kind] + 1);
  }
  clear(): this {
    this.bytes.fill(SPACE);
    this.bytes[this.bytes.length - 1] = LF;
    return this;
  }
  /** Text left-justified in the field (truncated to its width; ASCII only). */
  text(f: Field, s: string): this {
    const at = f[0] - 1;
    const n = Math.min(s.length, f[1]);
    for (let k = 0; k < n; k++) this.bytes[at + k] = s.charCodeAt(k);
    return this;
  }
  /** The field blanked, then `s` written left-justified. */
  set(f: Field, s: string): this {
    this.bytes.fill(SPACE, f[0] - 1, f[0] - 1 + f[1]);
    return this.text(f, s);
  }
  /** Text right-justified in the field. */
  right(f: Field, s: string): this {
    const at = f[0] - 1 + f[1] - s.length;
    for (let k = 0; k < s.length; k++) this.bytes[at + k] = s.charCodeAt(k);
    return this;
  }
  /** A signed amount in the packet's -9(n).99 form: '-' or blank, n digits, '.', 2 digits. */
  amount(f: Field, cents: number): this {
    const digits = f[1] - 4;
    const a = Math.abs(cents);
    const whole = Math.floor(a / 100);
    const frac = a - whole * 100;
    const s = (cents < 0 ? '-' : ' ') + String(whole).padStart(digits, '0') + '.' + String(frac).padStart(2, '0');
    return this.text(f, s);
  }
  /** A non-negative whole number, zero-padded to the field's width (9(n)). */
  number(f: Field, v: number): this {
    return this.text(f, String(v).padStart(f[1], '0'));
  }
  date(f: Field, day: number): this {
    return this.text(f, isoDay(day));
  }
}

// ---- dates as whole days since 1970-01-01 (UTC, proleptic Gregorian) ----------------------------

const MS_PER_DAY = 86_400_000;

export function dayOf(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

// both memoised by day: a run touches a few thousand days, each millions of times
const YMD = new Map<number, { y: number; m: number; d: number }>();
const ISO = new Map<number, string>();

export function ymdOf(day: number): { readonly y: number; readonly m: number; readonly d: number } {
  let v = YMD.get(day);
  if (!v) {
    const t = new Date(day * MS_PER_DAY);
    YMD.set(day, (v = { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() }));
  }
  return v;
}

export function isoDay(day: number): string {
  let s = ISO.get(day);
  if (s === undefined) {
    const { y, m, d } = ymdOf(day);
    ISO.set(day, (s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`));
  }
  return s;
}

export function daysInMonth(year: number, month: number): number {
  return dayOf(year, month + 1, 1) - dayOf(year, month, 1);
}

// ---- files of one performance year --------------------------------------------------------------

/** Monthly files: 12, the one for month m made on the 10th of month m + 1. Run-out files: 3, made on
 *  the 20th of April, July and October of the next year. A record goes into the first file made on
 *  or after its load date. */
export const MONTHLY_FILES = 12;
export const RUNOUT_FILES = 3;
export const FILES_PER_KIND = MONTHLY_FILES + RUNOUT_FILES;

/** Creation days of PY p's files, in order (monthly, then run-out). */
export function creationDays(p: number): number[] {
  const out: number[] = [];
  for (let m = 1; m <= MONTHLY_FILES; m++) out.push(dayOf(p, m + 1, 10));
  for (let r = 1; r <= RUNOUT_FILES; r++) out.push(dayOf(p + 1, 1 + 3 * r, 20));
  return out;
}

/** The index of the first file made on or after `load` (the last file when none is). */
export function windowOf(created: readonly number[], load: number): number {
  for (let w = 0; w < created.length; w++) if (load <= created[w]!) return w;
  return created.length - 1;
}

/** `P.D0001.ACO.ZC<k><Y|R><yy>.D<yymmdd>.T<hhmmsst>` (CCLF.md section 1); the time (03:mm:00.0, mm = 6 × kind) differs by kind. */
export function fileName(kind: FileKind, p: number, w: number, created: number): string {
  const { y, m, d } = ymdOf(created);
  const two = (v: number): string => String(v % 100).padStart(2, '0');
  const yr = w < MONTHLY_FILES ? 'Y' : 'R';
  return `P.D0001.ACO.ZC${kind}${yr}${two(p)}.D${two(y)}${two(m)}${two(d)}.T03${two(kind * 6)}000`;
}

// ---- per-file buffers -----------------------------------------------------------------------------

export interface FileEvent {
  /** Path relative to the output folder, '/'-separated. */
  readonly file: string;
  /** Bytes to append (absent on the closing event). */
  readonly bytes?: Uint8Array;
  /** The file is complete. */
  readonly end?: boolean;
}

const PIECE = 1 << 18;

/** Accumulates each file's bytes and queues ~256 KiB pieces as events. */
export class FileBuffers {
  private readonly open = new Map<string, { buf: Uint8Array; pos: number }>();
  readonly queue: FileEvent[] = [];
  put(file: string, bytes: Uint8Array): void {
    let b = this.open.get(file);
    if (!b) {
      b = { buf: new Uint8Array(PIECE), pos: 0 };
      this.open.set(file, b);
    }
    if (b.pos + bytes.length > b.buf.length) {
      this.queue.push({ file, bytes: b.buf.slice(0, b.pos) });
      b.pos = 0;
    }
    b.buf.set(bytes, b.pos);
    b.pos += bytes.length;
  }
  putText(file: string, s: string): void {
    const a = new Uint8Array(s.length);
    for (let k = 0; k < s.length; k++) a[k] = s.charCodeAt(k);
    this.put(file, a);
  }
  /** Flushes and closes every file whose name satisfies `which` (all by default), in name order. */
  close(which: (file: string) => boolean = () => true): void {
    for (const file of [...this.open.keys()].sort()) {
      if (!which(file)) continue;
      const b = this.open.get(file)!;
      if (b.pos > 0) this.queue.push({ file, bytes: b.buf.slice(0, b.pos) });
      this.queue.push({ file, end: true });
      this.open.delete(file);
    }
  }
  /** Makes sure a file exists (even if nothing is written to it). */
  touch(file: string): void {
    if (!this.open.has(file)) this.open.set(file, { buf: new Uint8Array(PIECE), pos: 0 });
  }
}
