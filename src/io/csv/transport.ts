// Worker transport: a Group crosses a thread boundary by structured cloning, which keeps fields but
// drops methods. Rebuilding it, and merging the groups of several readers, happens here.
import { DUAL_STATUSES, ENTITLEMENTS, ExactSum, Group, GroupTable, ScaledSums } from '../../domain/population.js';

/** A Group after structured cloning (a worker thread's message): fields without methods. */
type Cloned<T> = { [K in keyof T]: T[K] extends ExactSum ? { lo: number; hi: bigint } : T[K] extends ScaledSums ? { byScale: ({ lo: number; hi: bigint } | undefined)[] } : T[K] extends ExactSum[] ? { lo: number; hi: bigint }[] : T[K] };
export type ClonedGroup = Cloned<Pick<Group, 'py' | 'entitlement' | 'dual' | 'flags' | 'rows' | 'memberMonths' | 'expenditure' | 'primaryCare' | 'participant' | 'medicaid' | 'medicaidRows' | 'medicaidMonths' | 'ownRate' | 'ownRateRows' | 'riskMonths' | 'stopLossExcess' | 'hebaUpMonths' | 'hebaDownMonths'>>;

function sumOf(o: { lo: number; hi: bigint }): ExactSum {
  const s = new ExactSum();
  s.lo = o.lo;
  s.hi = o.hi;
  return s;
}

function scaledOf(o: { byScale: ({ lo: number; hi: bigint } | undefined)[] }): ScaledSums {
  const s = new ScaledSums();
  o.byScale.forEach((x, k) => {
    if (x) s.byScale[k] = sumOf(x);
  });
  return s;
}

/** Rebuild a Group from its structured clone. */
export function reviveGroup(o: ClonedGroup): Group {
  const g = new Group(o.py, o.entitlement, o.dual, o.flags);
  const r: Group = Object.assign(Object.create(Group.prototype) as Group, g, {
    rows: o.rows, memberMonths: o.memberMonths,
    expenditure: sumOf(o.expenditure), primaryCare: sumOf(o.primaryCare), participant: sumOf(o.participant),
    medicaid: sumOf(o.medicaid), medicaidRows: o.medicaidRows, medicaidMonths: o.medicaidMonths,
    ownRate: scaledOf(o.ownRate), ownRateRows: o.ownRateRows, riskMonths: scaledOf(o.riskMonths),
    stopLossExcess: o.stopLossExcess.map((x) => (x ? sumOf(x) : new ExactSum())),
    hebaUpMonths: o.hebaUpMonths, hebaDownMonths: o.hebaDownMonths,
  });
  return r;
}

/** Merge groups from several readers (threads) into one list, one group per key. */
export function mergeGroups(lists: readonly (readonly Group[])[]): Group[] {
  const t = new GroupTable();
  for (const list of lists) {
    for (const g of list) t.get(g.py, ENTITLEMENTS.indexOf(g.entitlement), DUAL_STATUSES.indexOf(g.dual), g.flags).merge(g);
  }
  return t.groups();
}
