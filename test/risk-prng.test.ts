// The risk generator against a BigInt transcription of the reference xoshiro128plusplus.c and
// splitmix64.c (https://prng.di.unimi.it/), and its draws against their distributions.
import { describe, expect, it } from 'vitest';
import { normal, splitmix64, streamAt, threshold, Xoshiro128pp } from '../src/usecases/risk/prng.js';

const u = (x: bigint): bigint => BigInt.asUintN(32, x);
const rotl = (x: bigint, k: bigint): bigint => u((x << k) | (x >> (32n - k)));

/** The reference next(), on BigInts held to 32 bits. */
function refNext(s: bigint[]): bigint {
  const result = u(rotl(u(s[0]! + s[3]!), 7n) + s[0]!);
  const t = u(s[1]! << 9n);
  s[2] = s[2]! ^ s[0]!;
  s[3] = s[3]! ^ s[1]!;
  s[1] = s[1]! ^ s[2]!;
  s[0] = s[0]! ^ s[3]!;
  s[2] = s[2]! ^ t;
  s[3] = rotl(s[3]!, 11n);
  return result;
}

/** The reference jump(). */
function refJump(s: bigint[]): void {
  const JUMP = [0x8764000bn, 0xf542d2d3n, 0x6fa035c3n, 0x77f2db5bn];
  const x = [0n, 0n, 0n, 0n];
  for (const j of JUMP) {
    for (let b = 0n; b < 32n; b++) {
      if ((j >> b) & 1n) for (let i = 0; i < 4; i++) x[i] = x[i]! ^ s[i]!;
      refNext(s);
    }
  }
  for (let i = 0; i < 4; i++) s[i] = x[i]!;
}

/** The seeded state: splitmix64's two outputs as four 32-bit words, low word first. */
function refSeed(seed: bigint): bigint[] {
  const [a, b] = splitmix64(seed, 2) as [bigint, bigint];
  return [u(a), a >> 32n, u(b), b >> 32n];
}

describe('xoshiro128++', () => {
  it('splitmix64 gives the published first output for seed 0', () => {
    // splitmix64.c from state 0: 0xe220a8397b1dcdaf (the value every port checks first)
    expect(splitmix64(0n, 1)[0]).toBe(0xe220a8397b1dcdafn);
  });

  it('matches the reference next() for 2,000 steps from several seeds', () => {
    for (const seed of [0n, 1n, 7n, 0xffffffffffffffffn, 123456789n]) {
      const g = Xoshiro128pp.fromSeed(seed);
      const s = refSeed(seed);
      for (let i = 0; i < 2000; i++) expect(g.u32()).toBe(Number(refNext(s)));
    }
  });

  it('matches the reference jump(); trial t\'s stream is the seeded state jumped t times', () => {
    const g = Xoshiro128pp.fromSeed(42n);
    const s = refSeed(42n);
    g.jump();
    refJump(s);
    expect(g.state()).toEqual(s.map(Number));
    expect(g.u32()).toBe(Number(refNext(s)));
    const t = refSeed(9n);
    refJump(t);
    refJump(t);
    refJump(t);
    expect(streamAt(9n, 3).state()).toEqual(t.map(Number));
  });

  it('below(n) is uniform: counts over 6 cells within 5 standard errors, and never out of range', () => {
    const g = Xoshiro128pp.fromSeed(1n);
    const n = 6;
    const t = threshold(n);
    const counts = new Array<number>(n).fill(0);
    const draws = 600_000;
    for (let i = 0; i < draws; i++) counts[g.below(n, t)]!++;
    // each count ~ Binomial(600000, 1/6): mean 100000, sd sqrt(600000 x 1/6 x 5/6) = 288.7
    for (const c of counts) expect(Math.abs(c - 100_000)).toBeLessThan(5 * 288.7);
  });

  it('the large-n path (53-bit rejection) stays in range and hits both halves evenly', () => {
    const g = Xoshiro128pp.fromSeed(3n);
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
    const g = Xoshiro128pp.fromSeed(5n);
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
      const a = Xoshiro128pp.fromSeed(77n);
      const b = Xoshiro128pp.fromSeed(77n);
      const t = threshold(n);
      const want = new Uint32Array(n);
      const got = new Uint32Array(n);
      // several calls in a row, then the next output: the same as below() leaves it
      for (const k of [3, 5, 1, 10]) {
        for (let j = 0; j < k; j++) want[a.below(n, t)]!++;
        b.fillCounts(n, t, k, got);
        expect(Buffer.from(got.buffer).equals(Buffer.from(want.buffer))).toBe(true);
      }
      expect(b.u32()).toBe(a.u32());
    }
  });
});
