// The walls of ARCHITECTURE.md that the import table cannot state, checked on the source: each test
// names a rule that a change could break. Who may import whom (layers, cycles, npm packages per layer)
// is .dependency-cruiser.cjs, run by `npm run lint:deps` in `npm test` (test/layers.test.ts proves it fails).
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
});
