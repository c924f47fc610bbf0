// `dcsim compare` on an entity file: each entity-PY re-settled under each payment option (default
// Professional/PCC, Global/PCC, Global/TCC; rule set reach), the option that would have paid it most
// marked. Pure; every figure is `dcsim settle --track T` of the same row.
import type { PaymentOption } from '../compare.js';
import type { TrackId } from '../../domain/rules.js';
import type { EntityLine } from './result.js';
import type { EntityFile } from '../../domain/entity.js';
import { settleRow } from './settle.js';
import { atRow, whatIfText, type WhatIf } from './whatif.js';

export interface OptionResult {
  readonly option: PaymentOption;
  readonly line: EntityLine;
  readonly paysMost: boolean;
}

export interface EntityComparisonRow {
  readonly entityId: string;
  readonly entityName: string;
  readonly py: number;
  /** The track the entity was settled on (the input's). */
  readonly track: TrackId;
  readonly options: readonly OptionResult[];
}

export interface OptionTotal {
  readonly option: PaymentOption;
  readonly settlement: bigint;
  readonly sharedSavings: bigint;
  /** Entity-PYs this option pays most (ties count for each). */
  readonly paysMostCount: number;
  readonly paysMost: boolean;
}

export interface EntityComparison {
  readonly source: string;
  readonly layout: 'generic' | 'puf';
  readonly rowsRead: number;
  readonly options: readonly PaymentOption[];
  /** The what-if parameters as given (key → text), for the header and JSON. */
  readonly parameters: Readonly<Record<string, string>>;
  readonly rows: readonly EntityComparisonRow[];
  /** Per PY (ascending), then over all PYs (py null). */
  readonly totals: readonly { readonly py: number | null; readonly entities: number; readonly byOption: readonly OptionTotal[] }[];
  readonly notes: readonly string[];
}

function maxOf(xs: readonly bigint[]): bigint {
  return xs.reduce((m, x) => (x > m ? x : m), xs[0] ?? 0n);
}

export function compareEntities(file: EntityFile, base: WhatIf, options: readonly PaymentOption[]): EntityComparison {
  const rows = [...file.rows].sort((a, b) => a.py - b.py);
  const out: EntityComparisonRow[] = rows.map((row) => {
    const lines = options.map((o) => {
      try {
        return settleRow(row, { ...base, track: o.track }, true);
      } catch (e) {
        return atRow(file.source, row, e);
      }
    });
    const best = maxOf(lines.map((l) => l.money.settlement));
    return {
      entityId: row.entityId,
      entityName: row.entityName,
      py: row.py,
      track: row.track,
      options: options.map((option, i) => ({ option, line: lines[i]!, paysMost: lines[i]!.money.settlement === best })),
    };
  });
  const pys = [...new Set(rows.map((r) => r.py))].sort((a, b) => a - b);
  const total = (py: number | null) => {
    const rs = out.filter((r) => py === null || r.py === py);
    const sums = options.map((_, i) => rs.reduce((t, r) => t + r.options[i]!.line.money.settlement, 0n));
    const best = maxOf(sums);
    return {
      py,
      entities: rs.length,
      byOption: options.map((option, i) => ({
        option,
        settlement: sums[i]!,
        sharedSavings: rs.reduce((t, r) => t + r.options[i]!.line.money.shared_savings, 0n),
        paysMostCount: rs.filter((r) => r.options[i]!.paysMost).length,
        paysMost: sums[i] === best,
      })),
    };
  };
  const notes: string[] = [];
  if (options.some((o) => o.capitation === 'tcc') && options.some((o) => o.track === 'global' && o.capitation === 'pcc')) {
    notes.push('at entity level Global/PCC and Global/TCC settle alike: E includes the capitation either way; they differ in cash during the year, which entity totals do not carry');
  }
  notes.push(`each entity re-settled from B (recovered from B* where the input has no benchmark) under rule set ${base.rules ?? 'reach'}; HEBA and E as given; a switch to Professional drops the discount, to Global applies the rule set's`);
  return { source: file.source, layout: file.layout, rowsRead: file.rows.length, options, parameters: whatIfText(base), rows: out, totals: [...pys.map(total), total(null)], notes };
}
