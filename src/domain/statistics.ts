// Exact statistics for simulated money (dcsim risk): the square root behind the standard deviation,
// √(n/d) rounded half-even to an integer on BigInts so no float error enters, and the percentiles reported.

/** ⌊√x⌋ for x ≥ 0 (Newton's method on BigInts). */
export function isqrt(x: bigint): bigint {
  if (x < 0n) throw new RangeError('isqrt of a negative number');
  if (x < 2n) return x;
  let r = BigInt(Math.floor(Math.sqrt(Number(x)))) + 1n;
  for (;;) {
    const next = (r + x / r) >> 1n;
    if (next >= r) break;
    r = next;
  }
  while (r * r > x) r -= 1n;
  while ((r + 1n) * (r + 1n) <= x) r += 1n;
  return r;
}

/** √(n/d) rounded half-even to an integer (n ≥ 0, d > 0): the standard deviation in cents from a variance in cents². */
export function roundedSqrt(n: bigint, d: bigint): bigint {
  const s = isqrt(n / d); // ⌊√(n/d)⌋ = ⌊√⌊n/d⌋⌋
  // compare n/d with (s + 1/2)^2 = (4s² + 4s + 1) / 4
  const lhs = 4n * n;
  const rhs = (4n * s * s + 4n * s + 1n) * d;
  if (lhs > rhs || (lhs === rhs && s % 2n === 1n)) return s + 1n;
  return s;
}

/** The percentiles `dcsim risk` reports (nearest rank), in the order its outputs list them. */
export const PERCENTILES = [1, 5, 25, 50, 75, 95, 99] as const;
