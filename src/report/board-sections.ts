// The board report (report/board.ts) from the board use case's results: the payment options' series,
// the heatmap's cells and the risk section, with the notes to show on stderr (an option or grid
// point that could not be settled, the settlement's own notes).
import type { Board } from '../usecases/board.js';
import type { Grid } from '../usecases/sweep.js';
import { boardReport, riskYears, type BoardReport, type Heatmap, type OptionSeries } from './board.js';
import type { CohortDimension } from './cohorts.js';
import { riskReport } from './risk.js';
import { settlementReport } from './settlement.js';

export function boardOf(b: Board, by: readonly CohortDimension[], grid: Grid): { report: BoardReport; notes: string[] } {
  const notes: string[] = [];
  const options: OptionSeries[] = [];
  for (const o of b.comparison.options) {
    const program = o.option.program ? `${o.option.program.program}/${o.option.program.track}` : undefined;
    if (o.ok) options.push({ label: program ?? `${o.option.track[0]!.toUpperCase()}${o.option.track.slice(1)}/${o.option.capitation.toUpperCase()}`, years: o.years.map((l) => ({ py: l.py!, settlement: l.settlement })), total: o.total.settlement });
    else notes.push(`${program ?? `${o.option.track}/${o.option.capitation}`} is left out of the comparison: ${o.error.diagnostics[0]?.message ?? 'it cannot be settled'}`);
  }
  let heatmap: Heatmap | undefined;
  if (b.sweep && grid.length === 2) {
    const [gx, gy] = grid as [Grid[number], Grid[number]];
    let failed = 0;
    const cells = b.sweep.map((r) => {
      if (!r.ok) failed++;
      const total = r.ok ? r.years.reduce((t, y) => t + y.settlement, 0n) : null;
      return { x: r.scenario.values[0]!.text, y: r.scenario.values[1]!.text, total };
    });
    if (failed) notes.push(`${failed} of ${b.sweep.length} grid point${b.sweep.length === 1 ? '' : 's'} could not be settled; the heatmap shows them as n/a`);
    heatmap = { x: { key: gx.column, values: gx.values.map((v) => v.text) }, y: { key: gy.column, values: gy.values.map((v) => v.text) }, cells };
  }
  notes.push(...b.simulation.notes);
  // with --programs the risk section has every program (b.risk.compared), each chart named
  const risk = b.risk ? riskYears(riskReport(b.risk, {}), b.risk.compared) : undefined;
  const report = boardReport(settlementReport(b.simulation, { by }), { options, ...(heatmap ? { heatmap } : {}), ...(risk ? { risk } : {}) });
  return { report, notes };
}
