// The model of `dcsim report` (the HTML a board reads): the settlement report, each PY's walk from
// the benchmark to the settlement, and optional sections (payment options, a two-key sweep, the
// distribution of the settlement). Typed values only; src/render/html.ts lays them out. This module
// takes plain figures: the use cases (compare, sweep, risk) are turned into them by the caller.
import { formatCents, formatRatio } from '../domain/exact.js';
import type { RiskReport } from './risk.js';
import { Dec, ZERO } from '../domain/decimal.js';
import { fromCents } from '../domain/money.js';
import type { YearSettlement } from '../engines/settlement.js';
import { cellOf, type Column, type SettlementReport } from './settlement.js';

export type StepKind = 'total' | 'increase' | 'decrease';

/** One bar of a waterfall: it moves the running figure from `start` to `end` (a total starts at 0). */
export interface WaterfallStep {
  readonly key: string;
  readonly label: string;
  /** The signed change (for a total, the figure itself). */
  readonly amount: Dec;
  readonly start: Dec;
  readonly end: Dec;
  readonly kind: StepKind;
}

export interface Waterfall {
  readonly py: number;
  readonly steps: readonly WaterfallStep[];
}

/** A payment option's settlement by PY (from `compare`). */
export interface OptionSeries {
  readonly label: string;
  readonly years: readonly { readonly py: number; readonly settlement: Dec }[];
  readonly total: Dec;
}

/** A two-key sweep: the total settlement over the PYs at each grid point (null: not settled). */
export interface Heatmap {
  readonly x: { readonly key: string; readonly values: readonly string[] };
  readonly y: { readonly key: string; readonly values: readonly string[] };
  readonly cells: readonly { readonly x: string; readonly y: string; readonly total: Dec | null }[];
}

/** Money in the risk model: a Dec, or dollars as a decimal string or a number. */
export type Amount = Dec | string | number;

/** The distribution of one PY's settlement (the `dcsim risk` engine's summary). */
export interface RiskYear {
  readonly py: number;
  readonly p05: Amount;
  readonly p50: Amount;
  readonly p95: Amount;
  /** P(settlement < 0), 0..1. */
  readonly pLoss: number;
  /** report --programs: the program (reach/global, mssp/enhanced, ...), and the mean of the worst 5% of trials. */
  readonly option?: string;
  readonly worst5?: Amount;
  readonly histogram: readonly { readonly from: Amount; readonly to: Amount; readonly count: number }[];
}

export interface BoardReport {
  readonly settlement: SettlementReport;
  readonly waterfalls: readonly Waterfall[];
  readonly options?: readonly OptionSeries[];
  readonly heatmap?: Heatmap;
  readonly risk?: readonly RiskYear[];
}

export function amount(x: Amount): Dec {
  return x instanceof Dec ? x : new Dec(String(x));
}

/**
 * An optional money line of a year (retention withhold R, HEBA H) that the settlement kernel may
 * carry: a Dec, integer cents (bigint), or a decimal string. Undefined when the year has none.
 */
export function optionalMoney(y: YearSettlement, field: string): Dec | undefined {
  const v = (y as unknown as Record<string, unknown>)[field];
  if (v === undefined || v === null) return undefined;
  if (v instanceof Dec) return v;
  if (typeof v === 'bigint') return fromCents(v);
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return new Dec(v);
  if (typeof v === 'object' && typeof (v as { toFixed?: unknown }).toFixed === 'function') return new Dec((v as { toFixed(): string }).toFixed());
  return undefined;
}

function lineOf(columns: readonly Column[], y: YearSettlement, key: string): Dec {
  const c = columns.find((x) => x.key === key);
  if (!c) return ZERO;
  const cell = cellOf(c, y);
  return cell.kind === 'money' ? fromCents(cell.value) : ZERO;
}

/**
 * A PY's walk (METHODOLOGY section 5): B, -D, -W, +Q, -R, +H = B* + H; -E = S; the corridor (the part
 * of S the DCE does not keep); -sequestration = the settlement. R and H come from the year when it
 * carries them (`retentionWithhold`, `heba`); otherwise R = B - D - W + Q - B* and H = S - B* + E
 * (both 0 under rules without them), so the bars always add up to the published lines.
 */
export function waterfall(y: YearSettlement, columns: readonly Column[]): Waterfall {
  const get = (k: string): Dec => lineOf(columns, y, k);
  const [b, d, w, q, bStar, e, s, shared, seq, settlement] = ['benchmark', 'discount', 'quality_withhold', 'withhold_earned',
    'performance_benchmark', 'expenditure', 'savings', 'shared_savings', 'sequestration', 'settlement'].map(get) as [Dec, Dec, Dec, Dec, Dec, Dec, Dec, Dec, Dec, Dec];
  const r = optionalMoney(y, 'retentionWithhold') ?? b.minus(d).minus(w).plus(q).minus(bStar);
  const h = optionalMoney(y, 'heba') ?? s.minus(bStar).plus(e);
  const steps: WaterfallStep[] = [];
  let run = ZERO;
  const total = (key: string, label: string, v: Dec): void => {
    steps.push({ key, label, amount: v, start: ZERO, end: v, kind: 'total' });
    run = v;
  };
  const move = (key: string, label: string, delta: Dec): void => {
    steps.push({ key, label, amount: delta, start: run, end: run.plus(delta), kind: delta.isNeg() && !delta.isZero() ? 'decrease' : 'increase' });
    run = run.plus(delta);
  };
  total('benchmark', 'Benchmark (B)', b);
  move('discount', '− Discount (D)', d.neg());
  move('quality_withhold', '− Quality withhold (W)', w.neg());
  move('withhold_earned', '+ Withhold earned back (Q)', q);
  move('retention_withhold', '− Retention withhold (R)', r.neg());
  move('heba', '+ HEBA (H)', h);
  total('performance_benchmark', '= Performance benchmark (B* + H)', bStar.plus(h));
  move('expenditure', '− Expenditure (E)', e.neg());
  total('savings', '= Savings / losses (S)', s);
  move('corridor', '± Corridor (not kept)', shared.minus(s));
  move('sequestration', '− Sequestration', seq.neg());
  total('settlement', '= Settlement', settlement);
  return { py: y.py, steps };
}

export function boardReport(settlement: SettlementReport, extra: Omit<BoardReport, 'settlement' | 'waterfalls'> = {}): BoardReport {
  return { settlement, waterfalls: settlement.years.map((y) => waterfall(y, settlement.columns)), ...extra };
}

/** The risk section's model from `dcsim risk`'s report: per PY (first option), the settlement's
 *  p05, p50, p95, P(loss) and its histogram with the bins' edges in dollars. */
export function riskYears(r: RiskReport, everyOption = false): RiskYear[] {
  const first = r.rows[0]?.option;
  return r.rows.filter((y) => everyOption || y.option === first).map((y) => {
    const v = y.settlement.values;
    const money = (k: string): string => {
      const x = v[k];
      return x?.kind === 'money' ? formatCents(x.cents) : '0.00';
    };
    const p = v.p_loss;
    const h = y.settlement.histogram;
    const k = BigInt(Math.max(1, h.counts.length));
    const edge = (i: number): string => formatCents(h.min + ((h.max - h.min) * BigInt(i)) / k);
    return {
      py: y.py,
      p05: money('p05'),
      p50: money('p50'),
      p95: money('p95'),
      pLoss: p?.kind === 'share' ? Number(formatRatio(p.value, 10)) : 0,
      ...(everyOption ? { option: y.option, worst5: money('expected_shortfall') } : {}),
      histogram: h.counts.map((count, i) => ({ from: edge(i), to: edge(i + 1), count })),
    };
  });
}
