// The reference docs generated from the code's own tables (scripts/gen-docs.mjs) are the committed
// ones, byte for byte; README stays a front door; no link in the docs points at a missing file.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCENARIO_KEYS } from '../src/domain/scenario.js';
import { DOC_FILES, generateDocs } from '../scripts/gen-docs.mjs';
import { tempDir } from './tmp.js';

const ROOT = join(import.meta.dirname, '..');
const read = (p: string): string => readFileSync(join(ROOT, p), 'utf8');

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const h = fenced ? null : /^#{1,6} (.*)$/.exec(line);
    if (!h) continue;
    const base = h[1]!.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

describe('generated docs', () => {
  it('docs/scenario-keys.md and docs/errors.md are what scripts/gen-docs.mjs writes', async () => {
    const docs = await generateDocs(ROOT);
    expect(Object.keys(docs)).toEqual([...DOC_FILES]);
    for (const [path, text] of Object.entries(docs)) {
      const committed = existsSync(join(ROOT, path)) ? read(path) : '';
      // a plain boolean first, so a stale file fails with the remedy, not a 900-line diff
      expect(committed === text, `${path} is out of date: run npm run docs:gen`).toBe(true);
    }
  });

  it('the keys page has one row per scenario key, in the table\'s order', () => {
    const page = read('docs/scenario-keys.md');
    const keys = [...page.matchAll(/^\| `([a-z_]+)` \| (?:`--|none)/gm)].map((m) => m[1]);
    expect(keys).toEqual(Object.keys(SCENARIO_KEYS));
  });

  it('the errors page lists every fixture of test/errors/ with its message and exit status', () => {
    const page = read('docs/errors.md');
    const kinds = readdirSync(join(ROOT, 'test/errors')).filter((f) => f.endsWith('.expected')).map((f) => f.slice(0, -'.expected'.length));
    expect(kinds.length).toBeGreaterThan(0);
    for (const k of kinds) {
      expect(page).toContain(`\n## ${k}\n`);
      expect(page).toContain(read(`test/errors/${k}.expected`).trimEnd());
    }
    // bad-boolean.cmd records `exit: 1`; usage-output-format.cmd `exit: 2` (bad usage)
    expect(page).toContain('Command: `dcsim run -O json test/errors/bad-boolean.csv` (exit 1)');
    expect(page).toMatch(/Command: `dcsim run -O json test\/errors\/ok\.csv -O xml` \(exit 2\)/);
  });

  it('`node scripts/gen-docs.mjs --out DIR` writes the same files into DIR', async () => {
    const dir = tempDir('dcsim-docs-'); // removed when this file ends (test/setup.ts)
    const r = spawnSync(process.execPath, ['scripts/gen-docs.mjs', '--out', dir], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const docs = await generateDocs(ROOT);
    for (const [path, text] of Object.entries(docs)) expect(readFileSync(join(dir, path.split('/').pop()!), 'utf8')).toBe(text);
  });
});

describe('README and docs/', () => {
  it('README is a front door: at most 200 lines, with the two quick-start commands and links to the docs', () => {
    const readme = read('README.md');
    expect(readme.split('\n').length).toBeLessThanOrEqual(200);
    expect(readme).toContain('npm ci && npx dcsim run --track global');
    expect(readme).toContain('npm test');
    for (const doc of ['docs/methodology.md', 'docs/scenario-keys.md', 'docs/errors.md', 'docs/cli.md', 'ARCHITECTURE.md', 'BENCHMARKS.md']) {
      expect(readme).toContain(`](${doc})`);
    }
  });

  it('every relative link in README, ARCHITECTURE, BENCHMARKS and docs/*.md names a file (and a heading) that exists', () => {
    const pages = ['README.md', 'ARCHITECTURE.md', 'BENCHMARKS.md', 'fixtures/reach-puf/README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    const missing: string[] = [];
    for (const page of pages) {
      for (const m of read(page).matchAll(/\]\(([^)\s]+)\)/g)) {
        const [target, anchor] = m[1]!.split('#') as [string, string | undefined];
        if (/^[a-z]+:/.test(target)) continue;
        const file = target === '' ? page : join(dirname(page), decodeURI(target));
        if (!existsSync(join(ROOT, file))) missing.push(`${page}: ${m[1]}`);
        else if (anchor !== undefined && file.endsWith('.md') && !anchorsOf(read(file)).has(anchor)) missing.push(`${page}: ${m[1]} (no such heading)`);
      }
    }
    expect(missing).toEqual([]);
  });
});
