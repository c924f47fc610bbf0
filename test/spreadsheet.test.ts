// Spreadsheet safety: read dcsim's CSV the way a spreadsheet would (every cell as text; a cell
// that starts with = + - @, tab or CR is taken for a formula unless it is a plain number) and
// check that no text cell can run as a formula, while numbers stay numbers.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { dcsimInProcess } from './helpers.js';
import { tempDir } from './tmp.js';

const ROOT = new URL('..', import.meta.url).pathname;

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await dcsimInProcess(args);
  return { code: r.code, out: r.stdout, err: r.stderr };
}

const NUMBER = /^-?\d+(\.\d+)?$/;
/** What a spreadsheet would do with the cell: a number, a formula, or text. */
function asSpreadsheet(cell: string): 'number' | 'formula' | 'text' {
  if (NUMBER.test(cell)) return 'number';
  return /^[=+\-@\t\r]/.test(cell) ? 'formula' : 'text';
}

const MSSP_LINES = new Set(['msr', 'mlr', 'final_sharing_rate', 'shared_loss_rate', 'cap', 'result']);

describe('CSV opened as a spreadsheet', () => {
  it('sweep scenario names that look like formulas stay text; money stays numbers', async () => {
    const dir = tempDir('dcsim-xls-');
    const list = join(dir, 'list.json');
    const names = ['=HYPERLINK("http://x","y")', '+SUM(A1:A9)', '-2+3', '@cmd', '\tTAB', '\rCR', 'plain'];
    writeFileSync(list, JSON.stringify(names.map((name) => ({ name }))));
    const r = await run(['sweep', join(ROOT, 'test/fixtures/small.csv'), '--scenario', join(ROOT, 'test/fixtures/small-scenario.json'), '--scenarios', list, '-O', 'csv']);
    expect(r.code).toBe(0);
    const rows = parse(r.out, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(names.length * 2);
    for (const row of rows) {
      for (const [col, cell] of Object.entries(row)) {
        if (col === 'scenario_name') expect(asSpreadsheet(cell), cell).toBe('text');
        // schema 3's MSSP lines are empty on REACH rows
        else if (MSSP_LINES.has(col)) expect(cell, col).toBe('');
        else expect(asSpreadsheet(cell), `${col}=${cell}`).toBe('number');
      }
    }
    // the name is kept, behind the apostrophe a spreadsheet hides
    expect(rows.map((x) => x.scenario_name!.replace(/^'/, ''))).toEqual(names.flatMap((n) => [n, n]));
    // a loss year is a negative number, not a formula
    expect(rows.some((x) => x.settlement!.startsWith('-'))).toBe(true);
  });

  it('run and cohort CSVs have only numbers and plain words', async () => {
    const args = [join(ROOT, 'test/fixtures/small.csv'), '--scenario', join(ROOT, 'test/fixtures/small-scenario.json'), '-O', 'csv'];
    for (const extra of [[], ['--by', 'dual_status', '--by', 'alignment', '--cohorts-only']]) {
      const r = await run(['run', ...args, ...extra]);
      expect(r.code).toBe(0);
      for (const row of parse(r.out) as string[][]) for (const cell of row) expect(asSpreadsheet(cell), cell).not.toBe('formula');
    }
  });
});
