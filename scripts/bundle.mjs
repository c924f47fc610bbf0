// Bundle the CLI into dist/bundle/ (ESM, code-split so each command loads lazily): start-up reads
// a few files instead of hundreds of node_modules entries.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: { cli: 'src/cli.ts', 'risk-worker': 'src/usecases/risk/risk-worker.ts', 'cclf-worker': 'src/io/cclf/cclf-worker.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
