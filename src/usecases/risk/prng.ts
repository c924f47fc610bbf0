// The risk simulation's random numbers: xoshiro128++ 1.0 (D. Blackman and S. Vigna, "Scrambled
// linear pseudorandom number generators", 2019; reference code https://prng.di.unimi.it/xoshiro128plusplus.c),
// seeded by splitmix64 (the seeding the same authors recommend) and split into independent streams by
// its jump function (2^64 steps per jump). Written here rather than taken from pure-rand: the hot loop
// steps the generator inline on four int32 locals with no object per draw, and a 32-bit generator is
// native to JavaScript's int32 arithmetic: measured on this machine it draws an index in about a third
// of the time of xoroshiro128++ emulated on 32-bit halves. test/risk-prng.test.ts checks it against a
// BigInt transcription of the reference code. Never Math.random: a seed names a run, on any machine.
//
// Seeding: splitmix64(seed) gives x1, x2; the state is (x1 low word, x1 high word, x2 low, x2 high).
// Stream layout: trial t (0-based) draws from the stream jump^t(seed state), whatever thread runs it;
// a stream is the sequence of the generator's 32-bit outputs.

const M64 = (1n << 64n) - 1n;

/** splitmix64 (Vigna, public domain): the first `count` outputs from `seed`. */
export function splitmix64(seed: bigint, count: number): bigint[] {
  let x = BigInt.asUintN(64, seed);
  const out: bigint[] = [];
  for (let i = 0; i < count; i++) {
    x = (x + 0x9e3779b97f4a7c15n) & M64;
    let z = x;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
    out.push(z ^ (z >> 31n));
  }
  return out;
}

/** The reference code's JUMP constants (2^64 steps). */
const JUMP = [0x8764000b, 0xf542d2d3, 0x6fa035c3, 0x77f2db5b] as const;

const TWO32 = 4294967296;
const INV32 = 1 / TWO32;
const TWO53 = 9007199254740992;

export class Xoshiro128pp {
  // the state words s[0..3], held as int32
  s0 = 0;
  s1 = 0;
  s2 = 0;
  s3 = 0;

  /** A generator seeded from a 64-bit seed through splitmix64. */
  static fromSeed(seed: bigint): Xoshiro128pp {
    const [x1, x2] = splitmix64(seed, 2) as [bigint, bigint];
    const g = new Xoshiro128pp();
    g.setState([x1 & 0xffffffffn, x1 >> 32n, x2 & 0xffffffffn, x2 >> 32n].map(Number) as [number, number, number, number]);
    if ((g.s0 | g.s1 | g.s2 | g.s3) === 0) g.s0 = 1; // the all-zero state is the one fixed point
    return g;
  }

  setState(w: readonly [number, number, number, number]): void {
    this.s0 = w[0] | 0;
    this.s1 = w[1] | 0;
    this.s2 = w[2] | 0;
    this.s3 = w[3] | 0;
  }

  /** The state words, unsigned. */
  state(): [number, number, number, number] {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }

  clone(): Xoshiro128pp {
    const g = new Xoshiro128pp();
    g.s0 = this.s0;
    g.s1 = this.s1;
    g.s2 = this.s2;
    g.s3 = this.s3;
    return g;
  }

  /** The next 32-bit output, unsigned (the reference next()). */
  u32(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    const x = (s0 + this.s3) | 0;
    const result = (((x << 7) | (x >>> 25)) + s0) >>> 0;
    const t = s1 << 9;
    const s2 = this.s2 ^ s0;
    const s3 = this.s3 ^ s1;
    this.s1 = s1 ^ s2;
    this.s0 = s0 ^ s3;
    this.s2 = s2 ^ t;
    this.s3 = (s3 << 11) | (s3 >>> 21);
    return result;
  }

  /** A uniform integer in [0, 2^53): the top 21 bits of one output, then a whole output. */
  u53(): number {
    return (this.u32() >>> 11) * TWO32 + this.u32();
  }

  /** A uniform double in (0, 1]: (u53 + 1) / 2^53, exact. */
  unitOpenClosed(): number {
    return (this.u53() + 1) / TWO53;
  }

  /**
   * A uniform integer in [0, n), without bias. For n <= 2^21 it is Lemire's multiply-shift with
   * rejection (r x n < 2^53 is exact in a double; draws whose low part falls below 2^32 mod n are
   * redrawn); above, a 53-bit draw rejected at or beyond the largest multiple of n below 2^53, then
   * taken mod n. `t` must be threshold(n).
   */
  below(n: number, t: number): number {
    if (n <= 2097152) {
      for (;;) {
        const m = this.u32() * n;
        const hi = Math.floor(m * INV32);
        if (m - hi * TWO32 >= t) return hi;
      }
    }
    for (;;) {
      const x = this.u53();
      if (x < t) return x % n;
    }
  }

  /**
   * Draw `k` indices in [0, n) exactly as k calls of below(n, t) would, counting each in cnt[index]:
   * the same outputs in the same order, with the generator stepped inline (the bootstrap's hot loop).
   */
  fillCounts(n: number, t: number, k: number, cnt: Uint32Array): void {
    if (n > 2097152) {
      for (let j = 0; j < k; j++) cnt[this.below(n, t)]!++;
      return;
    }
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    let done = 0;
    while (done < k) {
      const x = (s0 + s3) | 0;
      const r = (((x << 7) | (x >>> 25)) + s0) >>> 0;
      const tt = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= tt;
      s3 = (s3 << 11) | (s3 >>> 21);
      const m = r * n;
      const hi = Math.floor(m * INV32);
      if (m - hi * TWO32 >= t) {
        cnt[hi]!++;
        done++;
      }
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }

  /** Advance by 2^64 steps (the reference jump()): the start of the next independent stream. */
  jump(): void {
    let x0 = 0;
    let x1 = 0;
    let x2 = 0;
    let x3 = 0;
    for (const w of JUMP) {
      for (let b = 0; b < 32; b++) {
        if ((w >>> b) & 1) {
          x0 ^= this.s0;
          x1 ^= this.s1;
          x2 ^= this.s2;
          x3 ^= this.s3;
        }
        this.u32();
      }
    }
    this.s0 = x0;
    this.s1 = x1;
    this.s2 = x2;
    this.s3 = x3;
  }
}

/** below()'s precomputed bound for n: 2^32 mod n (Lemire), or the largest multiple of n <= 2^53. */
export function threshold(n: number): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`cannot draw from ${n} rows`);
  if (n <= 2097152) return TWO32 % n;
  return TWO53 - (TWO53 % n);
}

/** The stream of trial `t`: the seeded state jumped t times. */
export function streamAt(seed: bigint, t: number): Xoshiro128pp {
  const g = Xoshiro128pp.fromSeed(seed);
  for (let i = 0; i < t; i++) g.jump();
  return g;
}

/**
 * A standard normal deviate from two uniforms (Box-Muller, the cosine branch; the sine branch is not
 * used). Math.log, Math.sqrt and Math.cos are V8's own fdlibm ports, the same on every platform; the
 * caller rounds the result to 12 decimals so downstream sums stay exact.
 */
export function normal(g: Xoshiro128pp): number {
  const u1 = g.unitOpenClosed();
  const u2 = g.u53() / TWO53;
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
