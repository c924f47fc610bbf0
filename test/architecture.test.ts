// The walls of ARCHITECTURE.md, checked on the source: each test names a rule that a change could break.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}
const ALL = files(SRC).map((p) => ({ path: relative(SRC, p), text: readFileSync(p, 'utf8') }));
/** Value imports (not `import type`) of a file: the specifiers. */
const valueImports = (text: string): string[] =>
  [...text.matchAll(/^import (?!type )[^;]*?from '([^']+)';/gms)].map((m) => m[1]!);

describe('architecture', () => {
  it('sees the source tree (the checks below are not vacuous)', () => {
    expect(ALL.length).toBeGreaterThan(60);
    expect(ALL.some((f) => f.path === 'engines/kernel.ts')).toBe(true);
  });

  it('no source file is over 500 lines', () => {
    expect(ALL.filter((f) => f.text.split('\n').length > 501).map((f) => f.path)).toEqual([]);
  });

  it('money is rounded only in src/domain (the one place half-even rounding is written)', () => {
    const out = ALL.filter((f) => !f.path.startsWith('domain/') && /HalfEven|HALF_EVEN|halfEven|toDecimalPlaces\(2/.test(f.text));
    expect(out.map((f) => f.path)).toEqual([]);
  });

  it('report/ imports no use case (simulate, sweep, compare, settle, risk) for values', () => {
    const bad = ALL.filter((f) => f.path.startsWith('report/'))
      .flatMap((f) => valueImports(f.text).filter((s) => /^\.\.\/usecases\//.test(s)).map((s) => `${f.path} -> ${s}`));
    expect(bad).toEqual([]);
  });

  it('cli/ imports no fs, and the core imports no terminal library or fs', () => {
    const cliFs = ALL.filter((f) => f.path.startsWith('cli/') && valueImports(f.text).some((s) => /^(node:)?fs(\/promises)?$/.test(s)));
    expect(cliFs.map((f) => f.path)).toEqual([]);
    const core = ALL.filter((f) => /^(domain|engines|report|usecases)\//.test(f.path));
    const bad = core.flatMap((f) => valueImports(f.text).filter((s) => /^(node:)?fs|^(chalk|cli-table3|commander)$/.test(s)).map((s) => `${f.path} -> ${s}`));
    expect(bad).toEqual([]);
  });
});
