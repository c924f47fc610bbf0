// The risk generator against a BigInt transcription of the reference xoroshiro128plusplus.c and
// splitmix64.c (https://prng.di.unimi.it/), and its draws against their distributions.
import { describe, expect, it } from 'vitest';
import { normal, splitmix64, streamAt, threshold, Xoroshiro128pp } from '../src/risk/prng.js';

const M = (1n << 64n) - 1n;
const rotl = (x: bigint, k: bigint): bigint => ((x << k) | (x >> (64n - k))) & M;

/** The reference next(), on 64-bit BigInts. */
function refNext(s: [bigint, bigint]): bigint {
  const [s0] = s;
  let s1 = s[1];
  const result = (rotl((s0 + s1) & M, 17n) + s0) & M;
  s1 ^= s0;
  s[0] = rotl(s0, 49n) ^ s1 ^ ((s1 << 21n) & M);
  s[1] = rotl(s1, 28n);
  return result;
}

/** The reference jump(). */
function refJump(s: [bigint, bigint]): void {
  const JUMP = [0x2bd7a6a6e99c2ddcn, 0x0992ccaf6a6fca05n];
  let x0 = 0n;
  let x1 = 0n;
  for (const j of JUMP) {
    for (let b = 0n; b < 64n; b++) {
      if ((j >> b) & 1n) {
        x0 ^= s[0];
        x1 ^= s[1];
      }
      refNext(s);
    }
  }
  s[0] = x0;
  s[1] = x1;
}

describe('xoroshiro128++ on 32-bit halves', () => {
  it('splitmix64 gives the published first output for seed 0', () => {
    // splitmix64.c from state 0: 0xe220a8397b1dcdaf (the value every port checks first)
    expect(splitmix64(0n, 1)[0]).toBe(0xe220a8397b1dcdafn);
  });

  it('matches the reference next() for 1,000 steps from several seeds', () => {
    for (const seed of [0n, 1n, 7n, 0xffffffffffffffffn, 123456789n]) {
      const g = Xoroshiro128pp.fromSeed(seed);
      const s = splitmix64(seed, 2) as [bigint, bigint];
      for (let i = 0; i < 1000; i++) expect(g.next64()).toBe(refNext(s));
    }
  });

  it('matches the reference jump(), and a stream yields high word then low word', () => {
    const g = Xoroshiro128pp.fromSeed(42n);
    const s = splitmix64(42n, 2) as [bigint, bigint];
    g.jump();
    refJump(s);
    expect(g.state()).toEqual(s);
    const w = refNext(s);
    expect(g.u32()).toBe(Number(w >> 32n));
    expect(g.u32()).toBe(Number(w & 0xffffffffn));
    // trial 3's stream is the seeded state jumped three times
    const t = [...splitmix64(9n, 2)] as [bigint, bigint];
    refJump(t);
    refJump(t);
    refJump(t);
    expect(streamAt(9n, 3).state()).toEqual(t);
  });

  it('below(n) is uniform: counts over 6 cells within 5 standard errors, and never out of range', () => {
    const g = Xoroshiro128pp.fromSeed(1n);
    const n = 6;
    const t = threshold(n);
    const counts = new Array<number>(n).fill(0);
    const draws = 600_000;
    for (let i = 0; i < draws; i++) counts[g.below(n, t)]!++;
    // each count ~ Binomial(600000, 1/6): mean 100000, sd sqrt(600000 x 1/6 x 5/6) = 288.7
    for (const c of counts) expect(Math.abs(c - 100_000)).toBeLessThan(5 * 288.7);
  });

  it('the large-n path (53-bit rejection) stays in range and hits both halves evenly', () => {
    const g = Xoroshiro128pp.fromSeed(3n);
    const n = 3_000_001; // above 2^21
    const t = threshold(n);
    let low = 0;
    let bad = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = g.below(n, t);
      if (!(x >= 0 && x < n && Number.isInteger(x))) bad++;
      if (x < 1_500_000) low++;
    }
    expect(bad).toBe(0);
    // ~ Binomial(100000, 1500000/3000001 ~ 0.5): sd 158
    expect(Math.abs(low - 50_000)).toBeLessThan(5 * 158);
  });

  it('normal() has mean 0 and variance 1 within their Monte Carlo error', () => {
    const g = Xoroshiro128pp.fromSeed(5n);
    const k = 200_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < k; i++) {
      const z = normal(g);
      s += z;
      s2 += z * z;
    }
    const mean = s / k;
    const variance = s2 / k - mean * mean;
    // se(mean) = 1/sqrt(k) = 0.00224; se(variance) = sqrt(2/k) = 0.00316
    expect(Math.abs(mean)).toBeLessThan(5 * 0.00224);
    expect(Math.abs(variance - 1)).toBeLessThan(5 * 0.00316);
  });
});

describe('fillCounts, the inlined draw loop', () => {
  it('draws exactly what below() draws, word for word, across calls that split a step', () => {
    for (const n of [1, 7, 1000, 2097152]) {
      const a = Xoroshiro128pp.fromSeed(77n);
      const b = Xoroshiro128pp.fromSeed(77n);
      const t = threshold(n);
      const want = new Uint32Array(n);
      const got = new Uint32Array(n);
      // odd counts leave a spare word between calls; u32() after them must see the same word
      for (const k of [3, 5, 1, 10]) {
        for (let j = 0; j < k; j++) want[a.below(n, t)]!++;
        b.fillCounts(n, t, k, got);
        expect(Buffer.from(got.buffer).equals(Buffer.from(want.buffer))).toBe(true);
      }
      expect(b.u32()).toBe(a.u32());
    }
  });
});
