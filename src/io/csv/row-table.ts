// Building a RowTable (domain/population.ts) while reading: growable typed columns, appended to by
// the row sink only when the caller asked for rows (`keepRows`), so a plain read allocates nothing.
import type { RowTable } from '../../domain/population.js';

type Columns = {
  py: Uint16Array; months: Uint8Array; flags: Uint8Array; entitlement: Uint8Array; heba: Int8Array;
  expenditure: Float64Array; primaryCare: Float64Array; participant: Float64Array;
  riskMantissa: Float64Array; riskScale: Uint8Array; ownRate: Float64Array;
};

function alloc(n: number): Columns {
  return {
    py: new Uint16Array(n), months: new Uint8Array(n), flags: new Uint8Array(n), entitlement: new Uint8Array(n), heba: new Int8Array(n),
    expenditure: new Float64Array(n), primaryCare: new Float64Array(n), participant: new Float64Array(n),
    riskMantissa: new Float64Array(n), riskScale: new Uint8Array(n), ownRate: new Float64Array(n),
  };
}

const KEYS = Object.keys(alloc(0)) as (keyof Columns)[];

export class RowTableBuilder {
  length = 0;
  private c: Columns;
  constructor(expected = 0) {
    this.c = alloc(Math.max(1024, expected));
  }

  push(py: number, months: number, flags: number, ent: number, heba: number, exp: number, pcs: number, ps: number, riskM: number, riskK: number, rate: number): void {
    let c = this.c;
    const i = this.length;
    if (i === c.py.length) {
      const next = alloc(i * 2);
      for (const k of KEYS) (next[k] as { set(a: ArrayLike<number>): void }).set(c[k]);
      this.c = c = next;
    }
    c.py[i] = py;
    c.months[i] = months;
    c.flags[i] = flags;
    c.entitlement[i] = ent;
    c.heba[i] = heba;
    c.expenditure[i] = exp;
    c.primaryCare[i] = pcs > 0 ? pcs : 0;
    c.participant[i] = ps > 0 ? ps : 0;
    c.riskMantissa[i] = riskM;
    c.riskScale[i] = riskK;
    c.ownRate[i] = rate > 0 ? rate : 0;
    this.length = i + 1;
  }

  /** The rows so far, in columns of exactly `length` entries (copies: the growth slack is freed). */
  table(): RowTable {
    const n = this.length;
    const out = {} as Record<keyof Columns, unknown>;
    for (const k of KEYS) out[k] = this.c[k].slice(0, n);
    return { length: n, ...(out as Columns) };
  }
}
