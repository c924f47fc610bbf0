// The public API (src/index.ts, `import 'dcsim'`): what it loads, and the README's program.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const TRACE = join(ROOT, 'test/fixtures/trace-loads/register.mjs');

function node(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("import 'dcsim'", () => {
  it('loads no terminal library (chalk, cli-table3, commander) and no chart or workbook library', () => {
    const r = node(['--import', TRACE, '--input-type=module', '-e', "await import('dcsim');"]);
    expect(r.code, r.stderr).toBe(0);
    const loaded = r.stderr.split('\n').filter((l) => l.startsWith('load '));
    // the trace works: the package's own entry is among the modules loaded
    expect(loaded.some((l) => l.endsWith('/dist/index.js'))).toBe(true);
    for (const lib of ['chalk', 'cli-table3', 'commander', 'vega', 'write-excel-file']) {
      expect(loaded.filter((l) => l.includes(`/node_modules/${lib}/`)), lib).toEqual([]);
    }
  });

  it("the README's program prints each PY's settlement as dcsim run does", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const m = /## Using dcsim from a program[\s\S]*?```js\n([\s\S]*?)```/.exec(readme);
    expect(m, 'README section "Using dcsim from a program" with a js block').not.toBeNull();
    const program = m![1]!;
    expect(program.trim().split('\n').length).toBeLessThanOrEqual(10);
    const r = node(['--input-type=module', '-e', program]);
    expect(r.code, r.stderr).toBe(0);
    const run = node(['bin/dcsim.js', 'run', 'fixtures/sample.csv', '--track', 'global', '--rules', 'reach', '-O', 'json']);
    const years = (JSON.parse(run.stdout) as { years: { performance_year: number; settlement: string }[] }).years;
    expect(r.stdout.trim().split('\n')).toEqual(years.map((y) => `${y.performance_year} ${y.settlement}`));
  });
});
