// The aggregated population: every valid input row folded into a small group keyed by
// (PY, entitlement, dual status, alignment flags). Settlement, cohorts and sweeps work on groups
// only, so a scenario's cost does not depend on the number of rows. All sums are exact integers.

export const ENTITLEMENTS = ['aged_disabled', 'esrd'] as const;
export type Entitlement = (typeof ENTITLEMENTS)[number];
export const DUAL_STATUSES = ['none', 'partial', 'full'] as const;
export type DualStatus = (typeof DUAL_STATUSES)[number];

/** Alignment flag bits of a group. */
export const FLAG_CLAIMS = 1;
export const FLAG_VOLUNTARY = 2;
/** mltss_enrolled && !opted_out */
export const FLAG_MLTSS = 4;


/** Largest fraction digits a risk score may carry (keeps every per-row product exact). */
export const MAX_RISK_SCALE = 12;

const FLUSH_AT = 4e15; // below 2^52, so a Number sum plus one bounded addend stays exact

/**
 * An exact integer sum: a Number while it is safely below 2^53, spilling into a BigInt.
 * Every addend must itself be an exact integer below 2^53 - FLUSH_AT (callers guarantee it,
 * or use addBig).
 */
export class ExactSum {
  lo = 0;
  hi = 0n;
  add(v: number): void {
    const s = this.lo + v;
    if (s > FLUSH_AT) {
      this.hi += BigInt(s);
      this.lo = 0;
    } else {
      this.lo = s;
    }
  }
  addBig(v: bigint): void {
    this.hi += v;
  }
  /** Add a*b*c, exactly, for non-negative integers. */
  addProduct(a: number, b: number, c: number): void {
    const p = a * b * c;
    if (p > FLUSH_AT) this.hi += BigInt(a) * BigInt(b) * BigInt(c);
    else this.add(p);
  }
  value(): bigint {
    return this.hi + BigInt(this.lo);
  }
  merge(o: ExactSum): void {
    this.hi += o.value();
  }
}

/** Sums of a scaled quantity kept apart by scale (10^k), so no row is rescaled. */
export class ScaledSums {
  readonly byScale: (ExactSum | undefined)[] = [];
  at(k: number): ExactSum {
    let s = this.byScale[k];
    if (s === undefined) {
      s = new ExactSum();
      this.byScale[k] = s;
    }
    return s;
  }
  merge(o: ScaledSums): void {
    o.byScale.forEach((s, k) => {
      if (s) this.at(k).merge(s);
    });
  }
}

export interface GroupKey {
  readonly py: number;
  readonly entitlement: Entitlement;
  readonly dual: DualStatus;
  readonly flags: number;
}

export class Group implements GroupKey {
  rows = 0;
  memberMonths = 0;
  /** Σ expenditure, cents */
  readonly expenditure = new ExactSum();
  readonly primaryCare = new ExactSum();
  readonly participant = new ExactSum();
  /** Medicaid spend (cents), the rows that carry it and their member months. */
  readonly medicaid = new ExactSum();
  medicaidRows = 0;
  medicaidMonths = 0;
  /** Rows with their own benchmark_pbpm: Σ rate_cents × risk_mantissa × months, by risk scale k
   *  (the dollar amount is value / 10^(k+2)). */
  readonly ownRate = new ScaledSums();
  ownRateRows = 0;
  /** Rows without their own rate: Σ risk_mantissa × months by risk scale k (risk-months = value / 10^k). */
  readonly riskMonths = new ScaledSums();
  /** Rows with their own rate: Σ risk_mantissa × months by risk scale k (for the raw risk score). */
  readonly ownRateRiskMonths = new ScaledSums();
  /** Σ max(0, expenditure - attachment) in cents, per stop-loss attachment point read with. */
  stopLossExcess: ExactSum[] = [];
  /** Σ aligned_months of the rows with heba = up, and of those with heba = down (METHODOLOGY 4.2). */
  hebaUpMonths = 0;
  hebaDownMonths = 0;
  constructor(
    readonly py: number,
    readonly entitlement: Entitlement,
    readonly dual: DualStatus,
    readonly flags: number,
  ) {}

  merge(o: Group): void {
    this.rows += o.rows;
    this.memberMonths += o.memberMonths;
    this.expenditure.merge(o.expenditure);
    this.primaryCare.merge(o.primaryCare);
    this.participant.merge(o.participant);
    this.medicaid.merge(o.medicaid);
    this.medicaidRows += o.medicaidRows;
    this.medicaidMonths += o.medicaidMonths;
    this.ownRate.merge(o.ownRate);
    this.ownRateRows += o.ownRateRows;
    this.riskMonths.merge(o.riskMonths);
    this.ownRateRiskMonths.merge(o.ownRateRiskMonths);
    this.hebaUpMonths += o.hebaUpMonths;
    this.hebaDownMonths += o.hebaDownMonths;
    o.stopLossExcess.forEach((x, i) => {
      (this.stopLossExcess[i] ??= new ExactSum()).merge(x);
    });
  }
}

export interface Population {
  /** Where the rows came from, as the user named it. */
  readonly source: string;
  readonly rowsRead: number;
  readonly groups: readonly Group[];
  /** Performance years present, ascending. */
  readonly years: readonly number[];
  /** Columns present in the input (section 2 names only). */
  readonly columns: readonly string[];
  /** Stop-loss attachment points (cents) whose excesses the groups carry. */
  readonly attachments: readonly number[];
  /** Every valid row, in file order: only when the reader was asked to keep rows (`keepRows`). */
  readonly rows?: RowTable;
}

/**
 * The valid input rows as compact columns (one entry per row, in file order), for work that needs
 * rows rather than groups (e.g. resampling). Money is in exact integer cents held in Float64Arrays.
 */
export interface RowTable {
  readonly length: number;
  readonly py: Uint16Array;
  readonly months: Uint8Array;
  /** FLAG_CLAIMS | FLAG_VOLUNTARY | FLAG_MLTSS (mltss_enrolled && !opted_out) */
  readonly flags: Uint8Array;
  /** Index into ENTITLEMENTS. */
  readonly entitlement: Uint8Array;
  /** HEBA_UP (1), HEBA_DOWN (-1) or HEBA_NONE (0). */
  /** The `heba` column by code: 1 up, -1 down, 0 none. */
  readonly heba: Int8Array;
  /** Cents, exact integers. */
  readonly expenditure: Float64Array;
  /** Cents (0 when the row gives none). */
  readonly primaryCare: Float64Array;
  /** Cents (0 when the row gives none). */
  readonly participant: Float64Array;
  /** risk_score = riskMantissa / 10^riskScale (an empty risk score is 1: mantissa 1, scale 0). */
  readonly riskMantissa: Float64Array;
  readonly riskScale: Uint8Array;
  /** The row's own benchmark_pbpm in cents; 0 = none. */
  readonly ownRate: Float64Array;
}

export const MIN_PY = 2000;
export const MAX_PY = 2099;

export function groupIndex(py: number, ent: number, dual: number, flags: number): number {
  return (((py - MIN_PY) * 2 + ent) * 3 + dual) * 8 + flags;
}

/** Collects groups while reading. */
export class GroupTable {
  /** Dense, preallocated: a holey array indexed from ~2000 up would fall back to a dictionary. */
  private readonly slots: (Group | null)[] = new Array<Group | null>((MAX_PY - MIN_PY + 1) * 48).fill(null);
  get(py: number, ent: number, dual: number, flags: number): Group {
    const i = groupIndex(py, ent, dual, flags);
    let g = this.slots[i];
    if (!g) {
      g = new Group(py, ENTITLEMENTS[ent]!, DUAL_STATUSES[dual]!, flags);
      this.slots[i] = g;
    }
    return g;
  }
  groups(): Group[] {
    return this.slots.filter((g): g is Group => g !== null);
  }
}

export function populationOf(source: string, rowsRead: number, groups: Group[], columns: readonly string[], attachments: readonly number[] = [], rows?: RowTable): Population {
  const years = [...new Set(groups.map((g) => g.py))].sort((a, b) => a - b);
  return { source, rowsRead, groups, years, columns, attachments, ...(rows ? { rows } : {}) };
}
