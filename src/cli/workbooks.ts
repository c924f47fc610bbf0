// compare's and sweep's results as workbook models (src/report/workbook.ts): the same columns as their
// CSV, typed. Here rather than in src/report because the report layer never imports the use cases.
import { optionLabel, type Comparison } from '../compare.js';
import { SCENARIO_KEYS, type ScenarioInput } from '../domain/scenario.js';
import { YEAR_COLUMNS } from '../report/settlement.js';
import {
  centsCell, EMPTY, moneyCell, PARAMETER_COLUMNS, parameterRows, scalarCell, textCell,
  type Sheet, type SheetCell, type SheetColumn, type Workbook,
} from '../report/workbook.js';
import { effectiveParameters } from '../simulate.js';
import type { Grid, SweepResult, SweepYear } from '../sweep.js';

const COMPARE_COLUMNS: readonly SheetColumn[] = [
  { key: 'option', kind: 'text' }, { key: 'track', kind: 'text' }, { key: 'capitation', kind: 'text' },
  // a PY, or the text "total" on an option's total row
  { key: 'performance_year', kind: 'count' },
  { key: 'settlement', kind: 'money' }, { key: 'shared_savings', kind: 'money' }, { key: 'capitation_paid', kind: 'money' },
  { key: 'cms_net_savings', kind: 'money' }, { key: 'savings_rate', kind: 'rate' }, { key: 'pays_most', kind: 'bool' },
];

/** `dcsim compare`'s workbook: Compare (the CSV's rows) and Parameters (each option's effective parameters). */
export function compareWorkbook(c: Comparison): Workbook {
  const rows: SheetCell[][] = [];
  const params: SheetCell[][] = [];
  for (const o of c.options) {
    if (!o.ok) continue;
    const label = optionLabel(o.option);
    for (const l of [...o.years, o.total]) {
      rows.push([
        textCell(label), textCell(o.option.track), textCell(o.option.capitation),
        l.py === null ? textCell('total') : { kind: 'count', value: l.py },
        moneyCell(l.settlement), moneyCell(l.sharedSavings), moneyCell(l.capitationPaid), moneyCell(l.cmsNetSavings),
        { kind: 'rate', text: l.savingsRate.toDecimalPlaces(10).toFixed() }, { kind: 'bool', value: l.paysMost },
      ]);
    }
    params.push(...parameterRows(effectiveParameters(o.simulation), [textCell(label)]));
  }
  return {
    sheets: [
      { name: 'Compare', columns: COMPARE_COLUMNS, rows },
      { name: 'Parameters', columns: [{ key: 'option', kind: 'text' }, ...PARAMETER_COLUMNS], rows: params },
    ],
  };
}

const KEYS = YEAR_COLUMNS.map((c) => c.key as keyof SweepYear);

function yearCell(v: SweepYear[keyof SweepYear], kind: 'money' | 'rate' | 'count'): SheetCell {
  if (typeof v === 'bigint') return centsCell(v);
  if (typeof v === 'number') return { kind: 'count', value: v };
  if (typeof v === 'string') return kind === 'rate' ? { kind: 'rate', text: v } : scalarCell(v);
  return EMPTY;
}

/** Collects a sweep's results (ok ones) into a workbook: Sweep (the CSV's rows) and Parameters (the base). */
export class SweepWorkbook {
  private readonly rows: SheetCell[][] = [];
  constructor(private readonly grid: Grid, private readonly hasNames: boolean) {}
  get rowCount(): number {
    return this.rows.length;
  }
  add(r: SweepResult & { ok: true }): void {
    const lead: SheetCell[] = [{ kind: 'count', value: r.scenario.id }];
    if (this.hasNames) lead.push(textCell(r.scenario.name));
    this.grid.forEach((a, i) => {
      const v = r.scenario.values[i]!;
      lead.push(SCENARIO_KEYS[a.key].kind === 'enum' ? textCell(v.text) : scalarCell(v.json));
    });
    for (const y of r.years) this.rows.push([...lead, ...YEAR_COLUMNS.map((c, i) => yearCell(y[KEYS[i]!], c.kind))]);
  }
  workbook(base: ScenarioInput): Workbook {
    const columns: SheetColumn[] = [
      { key: 'scenario_id', kind: 'count' },
      ...(this.hasNames ? [{ key: 'scenario_name', kind: 'text' as const }] : []),
      ...this.grid.map((a): SheetColumn => ({ key: a.column, kind: SCENARIO_KEYS[a.key].kind === 'enum' ? 'text' : 'number' })),
      ...YEAR_COLUMNS.map((c): SheetColumn => ({ key: c.key, kind: c.kind })),
    ];
    const sweep: Sheet = { name: 'Sweep', columns, rows: this.rows };
    const baseJson = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
    const varied = Object.fromEntries(this.grid.map((a) => [`vary ${a.column}`, a.values.map((v) => v.text).join(', ')]));
    return { sheets: [sweep, { name: 'Parameters', columns: PARAMETER_COLUMNS, rows: parameterRows({ ...baseJson, ...varied }) }] };
  }
}
