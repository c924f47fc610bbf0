// The model of `dcsim report` (the HTML a board reads): the settlement report, each PY's walk from
// the benchmark to the settlement, and optional sections (payment options, a two-key sweep, the
// distribution of the settlement). Typed values only; src/render/html.ts lays them out. This module
// takes plain figures: the use cases (compare, sweep, risk) are turned into them by the caller.
import { formatRatio } from '../domain/exact.js';
import type { RiskReport } from './risk.js';
import type { YearSettlement } from '../engines/settlement.js';
import { cellOf, type Column, type SettlementReport } from './settlement.js';

export type StepKind = 'total' | 'increase' | 'decrease';

/** One bar of a waterfall: it moves the running figure from `start` to `end` (a total starts at 0).
 *  Money in integer cents. */
export interface WaterfallStep {
  readonly key: string;
  readonly label: string;
  /** The signed change (for a total, the figure itself). */
  readonly amount: bigint;
  readonly start: bigint;
  readonly end: bigint;
  readonly kind: StepKind;
}

export interface Waterfall {
  readonly py: number;
  readonly steps: readonly WaterfallStep[];
}

/** A payment option's settlement by PY (from `compare`), in integer cents. */
export interface OptionSeries {
  readonly label: string;
  readonly years: readonly { readonly py: number; readonly settlement: bigint }[];
  readonly total: bigint;
}

/** A two-key sweep: the total settlement over the PYs at each grid point, in integer cents (null: not settled). */
export interface Heatmap {
  readonly x: { readonly key: string; readonly values: readonly string[] };
  readonly y: { readonly key: string; readonly values: readonly string[] };
  readonly cells: readonly { readonly x: string; readonly y: string; readonly total: bigint | null }[];
}

/** The distribution of one PY's settlement (the `dcsim risk` engine's summary); money in integer cents. */
export interface RiskYear {
  readonly py: number;
  readonly p05: bigint;
  readonly p50: bigint;
  readonly p95: bigint;
  /** P(settlement < 0), 0..1. */
  readonly pLoss: number;
  /** report --programs: the program (reach/global, mssp/enhanced, ...), and the mean of the worst 5% of trials, cents. */
  readonly option?: string;
  readonly worst5?: bigint;
  readonly histogram: readonly { readonly from: bigint; readonly to: bigint; readonly count: number }[];
}

export interface BoardReport {
  readonly settlement: SettlementReport;
  readonly waterfalls: readonly Waterfall[];
  readonly options?: readonly OptionSeries[];
  readonly heatmap?: Heatmap;
  readonly risk?: readonly RiskYear[];
}

/**
 * An optional money line of a year (retention withhold R, HEBA H) in integer cents, as the kernel
 * carries it; undefined when the year has none.
 */
function optionalCents(y: YearSettlement, field: 'retentionWithhold' | 'heba' | 'expenditureCompletion'): bigint | undefined {
  const v = (y as Partial<Pick<YearSettlement, typeof field>>)[field];
  return typeof v === 'bigint' ? v : undefined;
}

function lineOf(columns: readonly Column[], y: YearSettlement, key: string): bigint {
  const c = columns.find((x) => x.key === key);
  if (!c) return 0n;
  const cell = cellOf(c, y);
  return cell.kind === 'money' ? cell.value : 0n;
}

/**
 * A PY's walk (METHODOLOGY section 5): B, -D, -W, +Q, -R, +H = B* + H; -E = S; the corridor (the part
 * of S the DCE does not keep); -sequestration = the settlement. R and H come from the year when it
 * carries them (`retentionWithhold`, `heba`); otherwise R = B - D - W + Q - B* and H = S - B* + E
 * (both 0 under rules without them), so the bars always add up to the published lines.
 */
export function waterfall(y: YearSettlement, columns: readonly Column[]): Waterfall {
  const get = (k: string): bigint => lineOf(columns, y, k);
  const [b, d, w, q, bStar, e, s, shared, seq, settlement] = ['benchmark', 'discount', 'quality_withhold', 'withhold_earned',
    'performance_benchmark', 'expenditure', 'savings', 'shared_savings', 'sequestration', 'settlement'].map(get) as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];
  const r = optionalCents(y, 'retentionWithhold') ?? b - d - w + q - bStar;
  const h = optionalCents(y, 'heba') ?? s - bStar + e;
  const steps: WaterfallStep[] = [];
  let run = 0n;
  const total = (key: string, label: string, v: bigint): void => {
    steps.push({ key, label, amount: v, start: 0n, end: v, kind: 'total' });
    run = v;
  };
  const move = (key: string, label: string, delta: bigint): void => {
    steps.push({ key, label, amount: delta, start: run, end: run + delta, kind: delta < 0n ? 'decrease' : 'increase' });
    run += delta;
  };
  total('benchmark', 'Benchmark (B)', b);
  move('discount', '− Discount (D)', -d);
  move('quality_withhold', '− Quality withhold (W)', -w);
  move('withhold_earned', '+ Withhold earned back (Q)', q);
  move('retention_withhold', '− Retention withhold (R)', -r);
  move('heba', '+ HEBA (H)', h);
  total('performance_benchmark', '= Performance benchmark (B* + H)', bStar + h);
  // with claims completion (issue 17), the estimate is its own bar beside the claims
  const completion = optionalCents(y, 'expenditureCompletion') ?? 0n;
  if (completion === 0n) move('expenditure', '− Expenditure (E)', -e);
  else {
    move('expenditure', '− Expenditure, loaded claims (E − completion)', -(e - completion));
    move('expenditure_completion', '− Expenditure completion (estimate)', -completion);
  }
  total('savings', '= Savings / losses (S)', s);
  move('corridor', '± Corridor (not kept)', shared - s);
  move('sequestration', '− Sequestration', -seq);
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
    const money = (k: string): bigint => {
      const x = v[k];
      return x?.kind === 'money' ? x.cents : 0n;
    };
    const p = v.p_loss;
    const h = y.settlement.histogram;
    const k = BigInt(Math.max(1, h.counts.length));
    const edge = (i: number): bigint => h.min + ((h.max - h.min) * BigInt(i)) / k;
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

/**
 * `dcsim report ENTITY-FILE`: the board report of entity-level data, what a REACH finance team mails:
 * the replay of each entity-year (`dcsim settle`, beside CMS's published figures where the file has
 * them) and each entity under each payment option (`dcsim compare` on the file).
 */
export interface EntityBoardReport {
  readonly settle: import('./entity.js').EntityReport;
  readonly compare: import('./entity-compare.js').EntityComparison;
}
