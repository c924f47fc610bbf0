// The MBI crosswalk (CCLF.md section 3, "Current MBI"): PRVS_NUM → CRNT_NUM over every CCLF9 row of
// every file, a later row replacing an earlier one, followed to its end (A→B and B→C make A→C).
// A cycle is an error, reported with the MBIs it runs through.

/** The links, by interned MBI id: next[id] is the id it was replaced by, or -1. */
export class Crosswalk {
  next = new Int32Array(1024).fill(-1);
  /** Where each link was set (an opaque number the reader maps back to FILE:LINE), by previous id. */
  where = new Int32Array(1024);
  links = 0;

  /** prev → crnt (ids); a later call for the same prev replaces the earlier. */
  link(prev: number, crnt: number, where: number): void {
    if (prev === crnt) return;
    this.ensure(Math.max(prev, crnt) + 1);
    if (this.next[prev] === -1) this.links++;
    this.next[prev] = crnt;
    this.where[prev] = where;
  }

  private ensure(n: number): void {
    if (n <= this.next.length) return;
    let cap = this.next.length;
    while (cap < n) cap *= 2;
    const next = new Int32Array(cap).fill(-1);
    next.set(this.next);
    const where = new Int32Array(cap);
    where.set(this.where);
    this.next = next;
    this.where = where;
  }
}

export type Resolution =
  | { readonly ok: true; readonly end: Int32Array }
  | { readonly ok: false; readonly cycle: readonly number[]; readonly where: number };

/** Each of the `n` ids followed to the end of its chain (an id without a link ends at itself). */
export function resolveCrosswalk(cw: Crosswalk, n: number): Resolution {
  const end = new Int32Array(n).fill(-1);
  // 0 unvisited, 1 on the current path, 2 resolved
  const state = new Uint8Array(n);
  const path: number[] = [];
  for (let start = 0; start < n; start++) {
    if (state[start] === 2) continue;
    path.length = 0;
    let id = start;
    let last: number;
    for (;;) {
      if (state[id] === 2) {
        last = end[id]!;
        break;
      }
      if (state[id] === 1) {
        const from = path.indexOf(id);
        const cycle = [...path.slice(from), id];
        return { ok: false, cycle, where: cw.where[path[path.length - 1]!]! };
      }
      state[id] = 1;
      path.push(id);
      const nx = id < cw.next.length ? cw.next[id]! : -1;
      if (nx === -1 || nx >= n) {
        last = nx === -1 ? id : nx;
        break;
      }
      id = nx;
    }
    for (const p of path) {
      state[p] = 2;
      end[p] = last;
    }
  }
  return { ok: true, end };
}
