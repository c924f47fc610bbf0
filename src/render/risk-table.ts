// `dcsim risk` for people: the run's terms, then per PY (and option) the settlement's and S's
// distribution, and a one-line histogram of the settlement over the trials.
import type { Sink } from '../domain/sink.js';
import type { RenderOptions } from './options.js';
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import { formatCents } from '../domain/exact.js';
import type { RiskReport, RiskStatsModel } from '../report/risk.js';
import { groupThousands } from './format.js';
import { statText } from './risk.js';

const SHOWN = [
  ['on_data', 'on data'], ['mean', 'mean'], ['sd', 'sd'], ['p_loss', 'P(<0)'], ['p01', 'p01'], ['p05', 'p05'],
  ['p50', 'p50'], ['p95', 'p95'], ['p99', 'p99'], ['expected_shortfall', 'worst 5% avg'],
] as const;

const BARS = '▁▂▃▄▅▆▇█';

/** One character per bin: blank for none, else a bar scaled to the fullest bin. */
export function sparkline(counts: readonly number[]): string {
  const top = Math.max(...counts);
  return counts.map((c) => (c === 0 || top === 0 ? ' ' : BARS[Math.max(1, Math.ceil((8 * c) / top)) - 1]!)).join('');
}

function dollars(cents: bigint): string {
  return groupThousands(formatCents(cents));
}

export function renderRiskTable(r: RiskReport, opts: { color: boolean }): string {
  const ch = new Chalk({ level: opts.color ? 1 : 0 });
  const t = new Table({
    head: ['PY', ...(r.compared ? ['option'] : []), '', ...SHOWN.map(([, l]) => l)].map((h) => ch.bold(h)),
    style: { head: [], border: [], compact: true },
    colAligns: ['left', ...(r.compared ? ['left' as const] : []), 'left', ...SHOWN.map(() => 'right' as const)],
  });
  const cells = (s: RiskStatsModel): string[] =>
    SHOWN.map(([k]) => {
      const v = s.values[k]!;
      if (v.kind === 'none') return '';
      if (v.kind === 'share') return `${(Number(v.value.n) / Number(v.value.d) * 100).toFixed(1)}%`;
      const text = groupThousands(statText(v));
      return text.startsWith('-') ? ch.red(text) : text;
    });
  for (const y of r.rows) {
    const lead = [`PY${y.py}`, ...(r.compared ? [y.option] : [])];
    t.push([...lead, 'settlement', ...cells(y.settlement)]);
    t.push([...lead.map(() => ''), 'savings (S)', ...cells(y.savings)]);
  }
  const width = Math.max(...r.rows.map((y) => `PY${y.py}${r.compared ? ` ${y.option}` : ''}`.length));
  const hist = r.rows.map((y) => {
    const h = y.settlement.histogram;
    return `  ${`PY${y.py}${r.compared ? ` ${y.option}` : ''}`.padEnd(width)}  ${dollars(h.min).padStart(16)} |${sparkline(h.counts)}| ${dollars(h.max)}`;
  });
  const p = r.parameters;
  const lines = [
    ch.bold(`dcsim risk: ${r.trials.toLocaleString('en-US')} bootstrap trials, seed ${r.seed}`),
    `input: ${r.input.path} (${r.input.rowsRead} rows read)`,
    `parameters: ${Object.entries(p).map(([k, v]) => `${k}=${v}`).join(' ')}`,
    `cost trend shock per PY: 1 + ε, ε ~ Normal(${r.trendShift}, ${r.trendSd})${r.trendSd === '0' && r.trendShift === '0' ? ' (none)' : ''}`,
    t.toString(),
    'P(<0): share of trials in which the DCE owes CMS; worst 5% avg: the mean of the worst 5% of trials (expected shortfall).',
    'settlement over the trials, lowest to highest:',
    ...hist,
  ];
  return `${lines.join('\n')}\n`;
}

/** The registry's table renderer of the risk model. */
export async function riskTable(r: RiskReport, out: Sink, opts: RenderOptions): Promise<void> {
  await out.write(renderRiskTable(r, { color: opts.color === true }));
}
