// The risk simulation's random numbers: xoroshiro128++ 1.0 (D. Blackman and S. Vigna, "Scrambled
// linear pseudorandom number generators", 2019; reference code https://prng.di.unimi.it/xoroshiro128plusplus.c),
// seeded by splitmix64 (the seeding the same authors recommend) and split into independent streams by
// its jump function (2^64 steps per jump). Written here rather than taken from pure-rand: the hot loop
// needs the state in plain int32 fields it can step inline, with no object per draw; the 64-bit
// arithmetic is done on 32-bit halves and test/risk-prng.test.ts checks it against a BigInt
// transcription of the reference code. Never Math.random: a seed names a run, on any machine.
//
// Stream layout: trial t (0-based) draws from the stream jump^t(seed state), whatever thread runs it.
// A stream yields 32-bit words: each generator step gives the 64-bit output's high word, then its low word.

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

/** The reference code's JUMP constants for xoroshiro128++, as 32-bit words, low word first. */
const JUMP_WORDS = [0xe99c2ddc, 0x2bd7a6a6, 0x6a6fca05, 0x0992ccaf] as const;

const TWO32 = 4294967296;
const TWO53 = 9007199254740992;
const INV32 = 1 / TWO32;

export class Xoroshiro128pp {
  // s0 = a1:a0, s1 = b1:b0 (high:low 32-bit halves, held as int32)
  a1 = 0;
  a0 = 0;
  b1 = 0;
  b0 = 0;
  /** The low word of the last step's output, not yet handed out (-1 when none). */
  private spare = -1;

  /** A generator seeded from a 64-bit seed through splitmix64. */
  static fromSeed(seed: bigint): Xoroshiro128pp {
    const [s0, s1] = splitmix64(seed, 2) as [bigint, bigint];
    const g = new Xoroshiro128pp();
    g.setState(s0, s1);
    if (s0 === 0n && s1 === 0n) g.setState(1n, 0n); // the all-zero state is the one fixed point
    return g;
  }

  setState(s0: bigint, s1: bigint): void {
    this.a1 = Number((s0 >> 32n) & 0xffffffffn) | 0;
    this.a0 = Number(s0 & 0xffffffffn) | 0;
    this.b1 = Number((s1 >> 32n) & 0xffffffffn) | 0;
    this.b0 = Number(s1 & 0xffffffffn) | 0;
    this.spare = -1;
  }

  state(): [bigint, bigint] {
    const w = (h: number, l: number): bigint => (BigInt(h >>> 0) << 32n) | BigInt(l >>> 0);
    return [w(this.a1, this.a0), w(this.b1, this.b0)];
  }

  clone(): Xoroshiro128pp {
    const g = new Xoroshiro128pp();
    g.a1 = this.a1;
    g.a0 = this.a0;
    g.b1 = this.b1;
    g.b0 = this.b0;
    return g;
  }

  /** One step; returns the output's high word and leaves its low word in `spare`. */
  private step(): number {
    const a1 = this.a1;
    const a0 = this.a0;
    const b1 = this.b1;
    const b0 = this.b0;
    // t = s0 + s1
    const tl = (a0 >>> 0) + (b0 >>> 0);
    const t0 = tl >>> 0;
    const t1 = (a1 + b1 + (tl >= TWO32 ? 1 : 0)) | 0;
    // r = rotl(t, 17) + s0
    const r1 = (t1 << 17) | (t0 >>> 15);
    const r0 = (t0 << 17) | (t1 >>> 15);
    const rl = (r0 >>> 0) + (a0 >>> 0);
    const out0 = rl >>> 0;
    const out1 = (r1 + a1 + (rl >= TWO32 ? 1 : 0)) | 0;
    // s1 ^= s0
    const c1 = b1 ^ a1;
    const c0 = b0 ^ a0;
    // s0 = rotl(s0, 49) ^ s1 ^ (s1 << 21); rotl 49 = swap halves, then rotl 17
    this.a1 = ((a0 << 17) | (a1 >>> 15)) ^ c1 ^ ((c1 << 21) | (c0 >>> 11));
    this.a0 = ((a1 << 17) | (a0 >>> 15)) ^ c0 ^ (c0 << 21);
    // s1 = rotl(s1, 28)
    this.b1 = (c1 << 28) | (c0 >>> 4);
    this.b0 = (c0 << 28) | (c1 >>> 4);
    this.spare = out0;
    return out1 >>> 0;
  }

  /** The next 32-bit word, unsigned. */
  u32(): number {
    const s = this.spare;
    if (s >= 0) {
      this.spare = -1;
      return s;
    }
    return this.step();
  }

  /** The next 64-bit output as a BigInt (for tests against the reference); drops any spare word. */
  next64(): bigint {
    this.spare = -1;
    const hi = this.step();
    const lo = this.spare;
    this.spare = -1;
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** A uniform integer in [0, 2^53): the top 21 bits of one word, then a whole word. */
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
        const hi = Math.floor(m / TWO32);
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
   * the same words in the same order, with the generator stepped inline (the bootstrap's hot loop).
   */
  fillCounts(n: number, t: number, k: number, cnt: Uint32Array): void {
    if (n > 2097152) {
      for (let j = 0; j < k; j++) cnt[this.below(n, t)]!++;
      return;
    }
    let done = 0;
    // a word left over from the last call comes first
    if (this.spare >= 0 && done < k) {
      const m = this.spare * n;
      this.spare = -1;
      const hi = Math.floor(m * INV32);
      if (m - hi * TWO32 >= t) {
        cnt[hi]!++;
        done++;
      }
    }
    let a1 = this.a1;
    let a0 = this.a0;
    let b1 = this.b1;
    let b0 = this.b0;
    let spare = -1;
    while (done < k) {
      const tl = (a0 >>> 0) + (b0 >>> 0);
      const t0 = tl >>> 0;
      const t1 = (a1 + b1 + (tl >= TWO32 ? 1 : 0)) | 0;
      const r1 = (t1 << 17) | (t0 >>> 15);
      const r0 = (t0 << 17) | (t1 >>> 15);
      const rl = (r0 >>> 0) + (a0 >>> 0);
      const out0 = rl >>> 0;
      const out1 = ((r1 + a1 + (rl >= TWO32 ? 1 : 0)) | 0) >>> 0;
      const c1 = b1 ^ a1;
      const c0 = b0 ^ a0;
      const na1 = ((a0 << 17) | (a1 >>> 15)) ^ c1 ^ ((c1 << 21) | (c0 >>> 11));
      a0 = ((a1 << 17) | (a0 >>> 15)) ^ c0 ^ (c0 << 21);
      a1 = na1;
      b1 = (c1 << 28) | (c0 >>> 4);
      b0 = (c0 << 28) | (c1 >>> 4);
      let m = out1 * n;
      let hi = Math.floor(m * INV32);
      if (m - hi * TWO32 >= t) {
        cnt[hi]!++;
        done++;
      }
      if (done === k) {
        spare = out0;
        break;
      }
      m = out0 * n;
      hi = Math.floor(m * INV32);
      if (m - hi * TWO32 >= t) {
        cnt[hi]!++;
        done++;
      }
    }
    this.a1 = a1;
    this.a0 = a0;
    this.b1 = b1;
    this.b0 = b0;
    this.spare = spare;
  }

  /** Advance by 2^64 steps (the reference jump()): the start of the next independent stream. */
  jump(): void {
    let x1 = 0;
    let x0 = 0;
    let y1 = 0;
    let y0 = 0;
    for (const w of JUMP_WORDS) {
      for (let b = 0; b < 32; b++) {
        if ((w >>> b) & 1) {
          x1 ^= this.a1;
          x0 ^= this.a0;
          y1 ^= this.b1;
          y0 ^= this.b0;
        }
        this.step();
      }
    }
    this.a1 = x1;
    this.a0 = x0;
    this.b1 = y1;
    this.b0 = y0;
    this.spare = -1;
  }
}

/** below()'s precomputed bound for n: 2^32 mod n (Lemire), or the largest multiple of n <= 2^53. */
export function threshold(n: number): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`cannot draw from ${n} rows`);
  if (n <= 2097152) return TWO32 % n;
  return TWO53 - (TWO53 % n);
}

/** The stream of trial `t`: the seeded state jumped t times. */
export function streamAt(seed: bigint, t: number): Xoroshiro128pp {
  const g = Xoroshiro128pp.fromSeed(seed);
  for (let i = 0; i < t; i++) g.jump();
  return g;
}

/**
 * A standard normal deviate from two uniforms (Box-Muller, the cosine branch; the sine branch is not
 * used). Math.log, Math.sqrt and Math.cos are V8's own fdlibm ports, the same on every platform; the
 * caller rounds the result to 12 decimals so downstream sums stay exact.
 */
export function normal(g: Xoroshiro128pp): number {
  const u1 = g.unitOpenClosed();
  const u2 = g.u53() / TWO53;
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
