// LOCAL STUB (untracked): stands in for the kernel's exact.ts until it lands on main.
import { Dec } from './decimal.js';
export interface Ratio { readonly n: bigint; readonly d: bigint }
export const R0: Ratio = { n: 0n, d: 1n };
export const R1: Ratio = { n: 1n, d: 1n };
export function ratio(x: string | number | bigint | Dec): Ratio {
  if (typeof x === 'bigint') return { n: x, d: 1n };
  if (typeof x === 'number') return { n: BigInt(x), d: 1n };
  const s = typeof x === 'string' ? x : x.toFixed();
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(s)!;
  const f = m[3] ?? '';
  return { n: BigInt(`${m[1]}${m[2] || '0'}${f}`), d: 10n ** BigInt(f.length) };
}
export function ratioOfCents(c: bigint): Ratio { return { n: c, d: 100n }; }
export const add = (a: Ratio, b: Ratio): Ratio => ({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });
export const sub = (a: Ratio, b: Ratio): Ratio => ({ n: a.n * b.d - b.n * a.d, d: a.d * b.d });
export const mul = (a: Ratio, b: Ratio): Ratio => ({ n: a.n * b.n, d: a.d * b.d });
export const div = (a: Ratio, b: Ratio): Ratio => (b.n < 0n ? { n: -a.n * b.d, d: a.d * -b.n } : { n: a.n * b.d, d: a.d * b.n });
export const neg = (a: Ratio): Ratio => ({ n: -a.n, d: a.d });
export const abs = (a: Ratio): Ratio => ({ n: a.n < 0n ? -a.n : a.n, d: a.d });
export function cmp(a: Ratio, b: Ratio): -1 | 0 | 1 { const x = a.n * b.d - b.n * a.d; return x < 0n ? -1 : x > 0n ? 1 : 0; }
export function sign(a: Ratio): -1 | 0 | 1 { return a.n < 0n ? -1 : a.n > 0n ? 1 : 0; }
export const isZero = (a: Ratio): boolean => a.n === 0n;
export const min = (a: Ratio, b: Ratio): Ratio => (cmp(a, b) <= 0 ? a : b);
export const max = (a: Ratio, b: Ratio): Ratio => (cmp(a, b) >= 0 ? a : b);
function roundHalfEven(n: bigint, d: bigint): bigint {
  const neg = n < 0n; const a = neg ? -n : n;
  let q = a / d; const r = a - q * d;
  if (2n * r > d || (2n * r === d && q % 2n === 1n)) q += 1n;
  return neg ? -q : q;
}
export function toCents(dollars: Ratio): bigint { return roundHalfEven(dollars.n * 100n, dollars.d); }
export function rateTimesCents(rate: Ratio, c: bigint): bigint { return roundHalfEven(rate.n * c, rate.d); }
export function roundTo(a: Ratio, places: number): Ratio { const p = 10n ** BigInt(places); return { n: roundHalfEven(a.n * p, a.d), d: p }; }
export function formatCents(c: bigint): string {
  const neg = c < 0n; const a = neg ? -c : c;
  const s = `${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
  return neg && a !== 0n ? `-${s}` : s;
}
export function formatRatio(r: Ratio, places = 10): string {
  const x = roundTo(r, places);
  return new Dec(x.n.toString()).div(new Dec(x.d.toString())).toFixed();
}
export function toDec(r: Ratio): Dec { return new Dec(r.n.toString()).div(new Dec(r.d.toString())); }
