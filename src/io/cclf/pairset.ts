// A set of pairs of non-negative whole numbers below 2^53, in two Float64Arrays: a lookup allocates
// nothing (a Map or Set keyed by numbers above 2^31 boxes each key it is asked about).

const TWO32 = 4294967296;

/** A hash of two whole numbers below 2^53, from their low 32 bits (x | 0) and high bits (x / 2^32 | 0): no division remainder. */
function mix(a: number, b: number): number {
  let h = Math.imul((a | 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul((a / TWO32) | 0, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 15) ^ (b | 0), 0xc2b2ae35) ^ Math.imul((b / TWO32) | 0, 0x165667b1);
  return (h ^ (h >>> 13)) >>> 0;
}

export class PairSet {
  private cap = 16;
  private as = new Float64Array(this.cap).fill(-1);
  private bs = new Float64Array(this.cap);
  private n = 0;

  get size(): number {
    return this.n;
  }

  has(a: number, b: number): boolean {
    const mask = this.cap - 1;
    for (let i = mix(a, b) & mask; ; i = (i + 1) & mask) {
      const x = this.as[i]!;
      if (x === -1) return false;
      if (x === a && this.bs[i] === b) return true;
    }
  }

  add(a: number, b: number): void {
    if (this.has(a, b)) return;
    if ((this.n + 1) * 2 > this.cap) this.grow();
    this.put(a, b);
    this.n++;
  }

  private put(a: number, b: number): void {
    const mask = this.cap - 1;
    let i = mix(a, b) & mask;
    while (this.as[i] !== -1) i = (i + 1) & mask;
    this.as[i] = a;
    this.bs[i] = b;
  }

  private grow(): void {
    const { as, bs } = this;
    this.cap *= 2;
    this.as = new Float64Array(this.cap).fill(-1);
    this.bs = new Float64Array(this.cap);
    for (let i = 0; i < as.length; i++) if (as[i] !== -1) this.put(as[i]!, bs[i]!);
  }
}
