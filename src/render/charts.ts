// The report's charts, declared as Vega-Lite specs (marks, encodings, scales): data in, spec out.
// charts-svg.ts renders them to static SVG at build time. Amounts are plotted as JS numbers (a
// position on a page, never arithmetic); every label printed on a mark is the exact two-decimal text.
import { formatCents } from '../domain/exact.js';
import type { Heatmap, OptionSeries, RiskYear, Waterfall } from '../report/board.js';
import type { MedicaidYear } from '../report/medicaid.js';
import { groupThousands } from './format.js';

/** A chart to render: the Vega-Lite spec, and the accessible title and description. */
export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  readonly desc: string;
  readonly spec: Record<string, unknown>;
}

/**
 * Colours that survive grey print and colour-blindness: cividis-like stops (dark navy, grey, yellow),
 * far apart in lightness, with a dark outline so the light one shows on white paper.
 */
export const PALETTE = { dark: '#00224e', mid: '#7d7c78', light: '#fee838', outline: '#1a1a1a' } as const;
const STEP_COLORS = { total: PALETTE.dark, increase: PALETTE.light, decrease: PALETTE.mid } as const;

/** Integer cents as the exact two-decimal text, thousands grouped. */
export const money = (c: bigint): string => groupThousands(formatCents(c));
export const signed = (c: bigint): string => {
  const s = money(c);
  return s.startsWith('-') ? `−${s.slice(1)}` : s === '0.00' ? s : `+${s}`;
};
/** Integer cents as dollars for a position on the page (the double nearest the two-decimal text). */
const num = (c: bigint): number => Number(formatCents(c));

const FONT = 'Helvetica, Arial, sans-serif';
const CONFIG = {
  font: FONT,
  background: 'white',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12, labelColor: '#1a1a1a', titleColor: '#1a1a1a', gridColor: '#d9d9d9' },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: 'bottom', labelLimit: 0 },
  title: { fontSize: 14, subtitleFontSize: 11, anchor: 'start', color: '#1a1a1a', subtitleColor: '#333333' },
};
const WIDTH = 560;
/** Dollars on an axis: $1.5M, $250k, −$4.5M. */
const AXIS_DOLLARS = '$~s';

/** A domain that holds 0, every value and some room for a label past the bar's end. */
function roomyDomain(values: readonly number[], room = 0.28): [number, number] {
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const span = hi - lo || 1;
  return [lo < 0 ? lo - span * room : 0, hi > 0 ? hi + span * room : 0];
}

/** Labels sit right of each bar's end: room on the right only, a little on the left of a negative. */
function rightRoom(values: readonly number[]): [number, number] {
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const span = hi - lo || 1;
  return [lo < 0 ? lo - span * 0.02 : 0, hi + span * 0.3];
}

export function waterfallChart(w: Waterfall): ChartSpec {
  const values = w.steps.map((s, i) => {
    const a = num(s.start);
    const b = num(s.end);
    return { i, step: s.label, lo: Math.min(a, b), hi: Math.max(a, b), kind: s.kind, label: s.kind === 'total' ? money(s.amount) : signed(s.amount) };
  });
  const settlement = w.steps[w.steps.length - 1]!;
  const title = `PY${w.py}: from the benchmark to the settlement`;
  return {
    id: `waterfall-${w.py}`,
    title,
    desc: `Waterfall chart in dollars for performance year ${w.py}: ${w.steps.map((s) => `${s.label.replace(/^[−+±=] /, '')} ${s.kind === 'total' ? money(s.amount) : signed(s.amount)}`).join('; ')}.`,
    spec: {
      config: CONFIG,
      width: WIDTH,
      height: values.length * 24,
      title: { text: title, subtitle: `Settlement ${money(settlement.amount)} (+ CMS pays the DCE, − the DCE owes CMS)` },
      data: { values },
      encoding: { y: { field: 'step', type: 'nominal', sort: null, axis: { title: null, labelLimit: 0, labelFontSize: 11 } } },
      layer: [
        {
          mark: { type: 'bar', stroke: PALETTE.outline, strokeWidth: 0.6, height: { band: 0.7 } },
          encoding: {
            x: { field: 'lo', type: 'quantitative', title: 'Dollars', axis: { format: AXIS_DOLLARS, tickCount: 6 }, scale: { domain: rightRoom(values.flatMap((v) => [v.lo, v.hi])), nice: false } },
            x2: { field: 'hi' },
            color: { field: 'kind', type: 'nominal', title: null, scale: { domain: ['total', 'increase', 'decrease'], range: [STEP_COLORS.total, STEP_COLORS.increase, STEP_COLORS.decrease] } },
          },
        },
        { mark: { type: 'text', align: 'left', dx: 4, fontSize: 11, color: '#1a1a1a' }, encoding: { x: { field: 'hi', type: 'quantitative' }, text: { field: 'label' } } },
      ],
    },
  };
}

/** Settlement by PY and payment option: horizontal grouped bars, the figure at each bar's end. */
export function optionsChart(options: readonly OptionSeries[]): ChartSpec {
  const values = options.flatMap((o) => o.years.map((y) => ({ py: `PY${y.py}`, option: o.label, v: num(y.settlement), label: money(y.settlement) })));
  const pys = [...new Set(values.map((v) => v.py))];
  const colors = [PALETTE.dark, PALETTE.mid, PALETTE.light, '#4a6fa5', '#c9b458'];
  const title = 'Settlement by performance year and payment option';
  const label = (cond: string, align: 'left' | 'right', dx: number) => ({
    transform: [{ filter: cond }],
    mark: { type: 'text', align, dx, fontSize: 10, color: '#1a1a1a' },
    encoding: { x: { field: 'v', type: 'quantitative' }, text: { field: 'label' } },
  });
  return {
    id: 'options',
    title,
    desc: `Grouped bar chart in dollars: ${options.map((o) => `${o.label}: ${o.years.map((y) => `PY${y.py} ${money(y.settlement)}`).join(', ')}; total ${money(o.total)}`).join('. ')}.`,
    spec: {
      config: CONFIG,
      width: WIDTH,
      height: pys.length * (options.length * 17 + 14),
      title: { text: title, subtitle: `Totals: ${options.map((o) => `${o.label} ${money(o.total)}`).join(' · ')}` },
      data: { values },
      encoding: {
        y: { field: 'py', type: 'ordinal', sort: null, title: 'Performance year' },
        yOffset: { field: 'option', type: 'nominal', sort: null },
      },
      layer: [
        {
          mark: { type: 'bar', stroke: PALETTE.outline, strokeWidth: 0.6 },
          encoding: {
            x: { field: 'v', type: 'quantitative', title: 'Settlement (dollars; + CMS pays the DCE)', axis: { format: AXIS_DOLLARS }, scale: { domain: roomyDomain(values.map((v) => v.v), 0.35), nice: false } },
            color: { field: 'option', type: 'nominal', title: 'Option', sort: null, scale: { range: colors } },
          },
        },
        label('datum.v >= 0', 'left', 3),
        label('datum.v < 0', 'right', -3),
      ],
    },
  };
}

/** Total settlement over a two-key grid: cells coloured by a lightness scale, labelled when few. */
export function heatmapChart(h: Heatmap): ChartSpec {
  const values = h.cells.map((c) => ({ x: c.x, y: c.y, v: c.total === null ? null : num(c.total), label: c.total === null ? 'n/a' : compactMoney(num(c.total)) }));
  const vs = values.flatMap((v) => (v.v === null ? [] : [v.v]));
  const mid = vs.length ? (Math.min(...vs) + Math.max(...vs)) / 2 : 0;
  const labelled = h.x.values.length <= 12 && h.y.values.length <= 20;
  const title = `Total settlement by ${h.x.key} and ${h.y.key}`;
  const cell = Math.max(14, Math.min(60, Math.floor(WIDTH / Math.max(1, h.x.values.length))));
  return {
    id: 'heatmap',
    title,
    desc: `Heatmap of the total settlement over the performance years, in dollars, for ${h.x.values.length} values of ${h.x.key} (${h.x.values[0]} to ${h.x.values[h.x.values.length - 1]}) and ${h.y.values.length} values of ${h.y.key}; lowest ${vs.length ? compactMoney(Math.min(...vs)) : 'n/a'}, highest ${vs.length ? compactMoney(Math.max(...vs)) : 'n/a'}.`,
    spec: {
      config: CONFIG,
      width: cell * h.x.values.length,
      height: Math.min(28, cell) * h.y.values.length,
      title: { text: title, subtitle: 'Lighter is higher; dollars, + CMS pays the DCE' },
      data: { values },
      encoding: {
        x: { field: 'x', type: 'ordinal', sort: h.x.values, title: h.x.key, axis: { labelAngle: -45, labelOverlap: true } },
        y: { field: 'y', type: 'ordinal', sort: h.y.values, title: h.y.key, axis: { labelOverlap: true } },
      },
      layer: [
        { mark: { type: 'rect', stroke: 'white', strokeWidth: 0.5 }, encoding: { color: { field: 'v', type: 'quantitative', title: 'Total settlement ($)', scale: { scheme: 'cividis' }, legend: { format: AXIS_DOLLARS, orient: 'right' } } } },
        ...(labelled ? [{
          mark: { type: 'text', fontSize: 9 },
          encoding: { text: { field: 'label' }, color: { condition: { test: `datum.v !== null && datum.v > ${mid}`, value: '#000000' }, value: '#ffffff' } },
        }] : []),
      ],
    },
  };
}

/** $1.23M, −$456k: for cells too small for the exact figure (the table has it). */
export function compactMoney(v: number): string {
  const a = Math.abs(v);
  const s = a >= 1e9 ? `${(a / 1e9).toFixed(2)}B` : a >= 1e6 ? `${(a / 1e6).toFixed(2)}M` : a >= 1e3 ? `${(a / 1e3).toFixed(1)}k` : a.toFixed(0);
  return `${v < 0 ? '−' : ''}$${s}`;
}

/** Medicaid PMPM of the aligned duals by PY, flagged years (possible cost shift) marked. */
export function medicaidChart(m: readonly MedicaidYear[]): ChartSpec {
  const values = m.filter((y) => y.pmpm !== null).map((y) => ({ py: `PY${y.py}`, v: num(y.pmpm!), label: money(y.pmpm!), flag: y.flag ? 'possible cost shift' : 'no flag' }));
  const flagged = values.filter((v) => v.flag !== 'no flag').map((v) => v.py);
  const title = 'Medicaid spend per member per month, aligned duals';
  return {
    id: 'medicaid',
    title,
    desc: `Line chart in dollars per member per month: ${values.map((v) => `${v.py} ${v.label}${v.flag === 'no flag' ? '' : ' (possible cost shift)'}`).join(', ')}.`,
    spec: {
      config: CONFIG,
      width: WIDTH,
      height: 200,
      title: { text: title, subtitle: flagged.length ? `Possible cost shift (Medicare savings with Medicaid PMPM growth above the threshold): ${flagged.join(', ')}` : 'No PY flagged for a possible cost shift' },
      data: { values },
      encoding: {
        x: { field: 'py', type: 'ordinal', sort: null, title: 'Performance year', axis: { labelAngle: 0 } },
        y: { field: 'v', type: 'quantitative', title: 'Medicaid PMPM (dollars)', axis: { format: '$,.0f' }, scale: { zero: false, padding: 24 } },
      },
      layer: [
        { mark: { type: 'line', color: PALETTE.dark, strokeWidth: 2 } },
        {
          mark: { type: 'point', filled: true, size: 90, stroke: PALETTE.outline },
          encoding: {
            shape: { field: 'flag', type: 'nominal', title: null, scale: { domain: ['no flag', 'possible cost shift'], range: ['circle', 'triangle-up'] } },
            color: { field: 'flag', type: 'nominal', title: null, scale: { domain: ['no flag', 'possible cost shift'], range: [PALETTE.dark, PALETTE.light] } },
          },
        },
        { mark: { type: 'text', dy: -12, fontSize: 10, color: '#1a1a1a' }, encoding: { text: { field: 'label' } } },
      ],
    },
  };
}

/** One PY's distribution of the settlement: a histogram with p05 / p50 / p95 marked and P(loss). */
export function riskChart(r: RiskYear): ChartSpec {
  const bars = r.histogram.map((b) => ({ from: num(b.from), to: num(b.to), count: b.count }));
  const marks = ([['p05', r.p05], ['p50', r.p50], ['p95', r.p95]] as const).map(([k, v]) => ({ k, v: num(v), label: `${k} ${compactMoney(num(v))}` }));
  const pct = `${(r.pLoss * 100).toFixed(1)}%`;
  const title = `PY${r.py}${r.option ? ` ${r.option}` : ''}: distribution of the settlement`;
  const worst = r.worst5 !== undefined ? ` · worst 5% avg ${money(r.worst5)}` : '';
  return {
    id: `risk-${r.py}${r.option ? `-${r.option.replace(/[^a-z0-9]+/g, '-')}` : ''}`,
    title,
    desc: `Histogram of simulated settlements for PY${r.py}${r.option ? ` under ${r.option}` : ''} in dollars: 5th percentile ${money(r.p05)}, median ${money(r.p50)}, 95th percentile ${money(r.p95)}; probability of a loss ${pct}${r.worst5 !== undefined ? `; mean of the worst 5% ${money(r.worst5)}` : ''}.`,
    spec: {
      config: CONFIG,
      width: WIDTH,
      height: 180,
      title: { text: title, subtitle: `P(loss) = ${pct} · p05 ${money(r.p05)} · median ${money(r.p50)} · p95 ${money(r.p95)}${worst}` },
      layer: [
        {
          data: { values: bars },
          mark: { type: 'rect', color: PALETTE.mid, stroke: PALETTE.outline, strokeWidth: 0.4 },
          encoding: {
            x: { field: 'from', type: 'quantitative', title: 'Settlement (dollars)', axis: { format: AXIS_DOLLARS } },
            x2: { field: 'to' },
            y: { field: 'count', type: 'quantitative', title: 'Trials' },
            y2: { datum: 0 },
          },
        },
        { data: { values: marks }, mark: { type: 'rule', color: PALETTE.dark, strokeWidth: 2, strokeDash: [4, 2] }, encoding: { x: { field: 'v', type: 'quantitative' } } },
        { data: { values: marks }, mark: { type: 'text', y: -6, fontSize: 10, color: '#1a1a1a' }, encoding: { x: { field: 'v', type: 'quantitative' }, text: { field: 'label' } } },
        { data: { values: [{ v: 0 }] }, mark: { type: 'rule', color: '#b00020', strokeWidth: 1 }, encoding: { x: { field: 'v', type: 'quantitative' } } },
      ],
    },
  };
}
