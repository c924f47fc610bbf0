// The allowed-import table (.dependency-cruiser.cjs) fails on a wrong-way import: each case plants a
// small tree under src/ in a temporary folder, runs dependency-cruiser there with the project's own
// configuration, and reads which rule it names. The planted tree is removed afterwards (test/tmp.ts).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './tmp.js';

const ROOT = join(import.meta.dirname, '..');
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

/** Plant `files` (path under the folder → text) and cruise src/ with the project's configuration. */
function cruise(files: Record<string, string>): { code: number; out: string } {
  const dir = tempDir('dcsim-layers-');
  copyFileSync(join(ROOT, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true }, include: ['src'] }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const r = spawnSync(process.execPath, [DEPCRUISE, 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd: dir, encoding: 'utf8' });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

// One planted tree, cruised once: the clean files import only downward or as the table allows (no
// violation may name them); each `__planted` file breaks the table one way.
const TREE: Record<string, string> = {
  'src/cli/main.ts': "import { add } from '../domain/exact.js';\nexport const main = add(1, 2);\n",
  'src/domain/exact.ts': 'export const add = (a: number, b: number): number => a + b;\n',
  'src/usecases/simulate.ts': 'export interface Simulation { readonly n: number }\nexport const simulate = (): Simulation => ({ n: 1 });\n',
  // report/ may import a use case for its types
  'src/report/settlement.ts': "import type { Simulation } from '../usecases/simulate.js';\nexport const n = (s: Simulation): number => s.n;\n",
  // wrong way: domain/ imports cli/
  'src/domain/__planted.ts': "import { main } from '../cli/main.js';\nexport const x = main;\n",
  // wrong way, as a re-export
  'src/engines/__planted.ts': "export * from '../cli/main.js';\n",
  // wrong way, as a dynamic import()
  'src/io/__planted.ts': "export async function f(): Promise<unknown> {\n  return (await import('../cli/main.js')).main;\n}\n",
  // report/ importing a use case for a value
  'src/report/__planted.ts': "import { simulate } from '../usecases/simulate.js';\nexport const n = simulate().n;\n",
  // a cycle within a layer (one side type-only)
  'src/render/__planted-a.ts': "import type { B } from './__planted-b.js';\nexport const a = (b: B): number => b.n;\n",
  'src/render/__planted-b.ts': "import { a } from './__planted-a.js';\nexport interface B { readonly n: number }\nexport const b = a;\n",
};

describe('the allowed-import table', () => {
  const r = cruise(TREE);
  const violations = r.out.split('\n').filter((l) => /^\s*error /.test(l));

  it('fails the run (exit status), and names no clean file as the importer', () => {
    expect(r.code).not.toBe(0);
    expect(violations.length).toBeGreaterThan(0);
    for (const v of violations) expect(v).toMatch(/: src\/\w+\/__planted/);
  });

  it('names the rule and the import of domain/ importing cli/', () => {
    expect(violations).toContainEqual(expect.stringMatching(/not-in-allowed: src\/domain\/__planted\.ts → src\/cli\/main\.ts/));
  });

  it('sees a re-export (export * from) and a dynamic import()', () => {
    expect(violations).toContainEqual(expect.stringMatching(/not-in-allowed: src\/engines\/__planted\.ts → src\/cli\/main\.ts/));
    expect(violations).toContainEqual(expect.stringMatching(/not-in-allowed: src\/io\/__planted\.ts → src\/cli\/main\.ts/));
  });

  it('lets report/ import a use case for its types only', () => {
    expect(violations).toContainEqual(expect.stringMatching(/not-in-allowed: src\/report\/__planted\.ts → src\/usecases\/simulate\.ts/));
    expect(r.out).not.toMatch(/src\/report\/settlement\.ts →/);
  });

  it('fails on a cycle within a layer', () => {
    expect(violations).toContainEqual(expect.stringMatching(/no-circular: src\/render\/__planted-[ab]\.ts/));
  });
});
