// The worker's log when the claim files are split by file (claim-files.ts): the worker reads the
// older files, so a record it counts may still be an older copy of one in the main thread's newer
// files. For every record that passed its own duplicate check it logs the key, what became of the
// record (book.ts recordOutcome) and its signed cents, 28 bytes a record (a CLM_LINE_NUM has up to
// 10 digits: a double), and posts each file's log when the file is read; the main thread, once its
// own keys are all in, takes back (CclfBook.retract) each logged record whose key it also saw, and
// lets the log go.
import type { CclfBook } from '../../domain/cclf/book.js';
import type { RecordSet } from '../../domain/cclf/keys.js';

export interface ClaimLogData {
  readonly n: number;
  readonly ids: Float64Array;
  readonly lines: Float64Array;
  readonly outcomes: Int32Array;
  readonly cents: Float64Array;
  /** Entries whose record had an unknown adjustment code: entry → the code's text. */
  readonly unknownAdjustment: Map<number, string>;
}

export class ClaimLog {
  private n = 0;
  private ids: Float64Array;
  private lines: Float64Array;
  private outcomes: Int32Array;
  private cents: Float64Array;
  private readonly unknown = new Map<number, string>();

  constructor(expected = 0) {
    const cap = Math.max(64, expected);
    this.ids = new Float64Array(cap);
    this.lines = new Float64Array(cap);
    this.outcomes = new Int32Array(cap);
    this.cents = new Float64Array(cap);
  }

  push(id: number, line: number, outcome: number, signed: number, unknownAdjustment?: string): void {
    if (this.n === this.ids.length) this.grow();
    const i = this.n++;
    this.ids[i] = id;
    this.lines[i] = line;
    this.outcomes[i] = outcome;
    this.cents[i] = signed;
    if (unknownAdjustment !== undefined) this.unknown.set(i, unknownAdjustment);
  }

  /** The entries (views of the log's buffers, which postMessage can transfer). */
  data(): ClaimLogData {
    const n = this.n;
    return { n, ids: this.ids.subarray(0, n), lines: this.lines.subarray(0, n), outcomes: this.outcomes.subarray(0, n), cents: this.cents.subarray(0, n), unknownAdjustment: this.unknown };
  }


  private grow(): void {
    const cap = Math.ceil(this.ids.length * 1.5);
    const more = <T extends Float64Array | Int32Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.ids = more(this.ids, new Float64Array(cap));
    this.lines = more(this.lines, new Float64Array(cap));
    this.outcomes = more(this.outcomes, new Int32Array(cap));
    this.cents = more(this.cents, new Float64Array(cap));
  }
}

/** Take back every logged record whose key `newer` holds; returns how many. */
export function retractLogged(book: CclfBook, log: ClaimLogData, newer: RecordSet): number {
  let taken = 0;
  for (let i = 0; i < log.n; i++) {
    if (!newer.has(log.ids[i]!, log.lines[i]!)) continue;
    book.retract(log.outcomes[i]!, log.cents[i]!);
    const t = log.unknownAdjustment.get(i);
    if (t !== undefined) book.retractUnknownAdjustment(t);
    taken++;
  }
  return taken;
}
