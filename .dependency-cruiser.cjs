// dcsim's layers (ARCHITECTURE.md), checked by `npm run lint:deps` inside `npm test`.
// One table: an import is allowed only if a row of ALLOWED says so; everything else fails as
// "not-in-allowed". Type-only imports, re-exports and dynamic import() are dependencies too
// (tsPreCompilationDeps). Node built-ins and npm packages are listed per layer in EXTERNAL.

/** The layers, as paths under src/. */
const L = {
  cli: '^src/(cli/|cli\\.ts$)',
  api: '^src/index\\.ts$',
  usecases: '^src/usecases/',
  report: '^src/report/',
  render: '^src/render/',
  io: '^src/io/',
  engines: '^src/engines/',
  domain: '^src/(domain/|version\\.ts$)',
};

const TYPES = ['type-only'];

/** [from, to, types only?]: who may import whom (besides its own layer). */
const ALLOWED = [
  ['cli', ['usecases', 'report', 'render', 'io', 'domain']],
  ['cli', ['engines'], TYPES],
  ['api', ['usecases', 'report', 'render', 'io', 'engines', 'domain']],
  ['usecases', ['engines', 'domain']],
  ['report', ['domain']],
  ['report', ['usecases', 'engines'], TYPES],
  ['render', ['report', 'domain']],
  ['io', ['domain']],
  ['engines', ['domain']],
];

/** Node built-ins and npm packages, per layer (a core layer touches no file and no terminal). */
const EXTERNAL = {
  cli: ['commander', 'node:url'],
  usecases: ['node:os', 'node:worker_threads'],
  render: ['chalk', 'cli-table3', 'vega', 'vega-lite', 'write-excel-file'],
  io: ['node:.*', 'csv-parse'],
};

const layerNames = Object.keys(L);
const anyOf = (names) => `(${names.map((n) => L[n]).join('|')})`;
const npm = (pkgs) => `^(${pkgs.filter((p) => !p.startsWith('node:')).join('|') || '$^'})$`;
const core = (pkgs) => `^(${pkgs.filter((p) => p.startsWith('node:')).map((p) => p.slice(5)).join('|') || '$^'})$`;

module.exports = {
  allowedSeverity: 'error',
  allowed: [
    // each layer within itself
    ...layerNames.map((n) => ({ from: { path: L[n] }, to: { path: L[n] } })),
    ...ALLOWED.map(([from, to, types]) => ({ from: { path: L[from] }, to: { path: anyOf(to), ...(types ? { dependencyTypes: types } : {}) } })),
    ...Object.entries(EXTERNAL).flatMap(([from, pkgs]) => [
      { from: { path: L[from] }, to: { dependencyTypes: ['core'], path: core(pkgs) } },
      { from: { path: L[from] }, to: { dependencyTypes: ['npm'], path: `^node_modules/(${pkgs.filter((p) => !p.startsWith('node:')).join('|') || '$^'})/` } },
    ]),
  ],
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'No cycles anywhere: each module can be read before the ones that import it.', from: {}, to: { circular: true } },
    { name: 'not-to-unresolvable', severity: 'error', comment: 'Every import resolves.', from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], mainFields: ['module', 'main', 'types', 'typings'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
