// The error corpus: one fixture per kind of bad input under test/errors/, each run in process through
// the CLI's own entry (`main(['run', ..., '-O', 'json'])`, NO_COLOR=1, cwd = repo root, relative paths;
// a few also through the built binary, to show both say the same),
// checked against the contract of GUIDE.md "Errors people can act on":
//   exit 1 for bad data or scenario, 2 for bad usage; nothing on stdout; stderr starts with
//   "dcsim: error: ", names the file (FILE:LINE:COL: for row errors, at the right place), carries
//   no stack trace; and equals the golden test/errors/<case>.expected byte for byte.
//
// Regenerate the goldens after an intended wording change, then READ the diff:
//   npm run build && UPDATE_ERRORS=1 npx vitest run test/errors.test.ts
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { dcsimInProcess } from './helpers.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIR = 'test/errors';
const UPDATE = process.env.UPDATE_ERRORS === '1';

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

interface Case {
  /** Golden file: test/errors/<name>.expected */
  name: string;
  /** Arguments after the command (`-O json` goes before them). */
  args: string[];
  /** The command (default run). */
  command?: 'run' | 'settle' | 'risk' | 'compare' | 'sweep';
  /** No `-O json`: the case is about the format chosen by -o's extension. */
  noFormat?: boolean;
  /** A file piped to stdin. */
  stdin?: string;
  status: 1 | 2;
  /** The file every diagnostic must name ("<stdin>" for stdin); absent for usage errors. */
  file?: string;
  /** [line, column] of each diagnostic, in order, for row errors. */
  at?: [number, number][];
  /** The first line names the file with a line but no column (e.g. "FILE:1: "). */
  lineOnly?: number;
  /** Further substrings stderr must contain. */
  contains?: string[];
}

const data = (f: string): string => `${DIR}/${f}`;
const scenario = (f: string, csv = 'ok.csv'): string[] => [data(csv), '--scenario', data(f)];
const row = (f: string, line: number, col: number, ...contains: string[]): Case => ({
  name: f, args: [data(`${f}.csv`)], status: 1, file: data(`${f}.csv`), at: [[line, col]], contains,
});

const CASES: Case[] = [
  // ---- the header and the file as a whole
  { name: 'missing-column', args: [data('missing-column.csv')], status: 1, file: data('missing-column.csv'), at: [[1, 1]], contains: ['missing required column "expenditure"'] },
  { name: 'duplicate-column', args: [data('duplicate-column.csv')], status: 1, file: data('duplicate-column.csv'), at: [[1, 60]], contains: ['duplicate column "expenditure"', 'column 3'] },
  { name: 'empty-file', args: [data('empty-file.csv')], status: 1, file: data('empty-file.csv'), contains: ['empty'] },
  { name: 'header-only', args: [data('header-only.csv')], status: 1, file: data('header-only.csv'), lineOnly: 1, contains: ['no data rows'] },
  { name: 'no-such-file', args: [data('no-such-file.csv')], status: 1, file: data('no-such-file.csv'), contains: ['no such file'] },
  {
    name: 'data-is-directory', args: [DIR], status: 1, file: DIR,
    contains: ['is a directory, not a CSV file'],
  },
  // ---- CSV syntax
  row('ragged-too-many', 3, 35, 'expected 6 fields as in the header, found 7'),
  row('ragged-too-few', 3, 22, 'expected 6 fields as in the header, found 5'),
  row('unterminated-quote', 3, 11, 'unterminated quoted field'),
  row('unterminated-quote-last-row', 3, 1, 'unterminated quoted field'),
  row('cr-line-ends', 1, 1, 'carriage return alone'),
  row('quote-in-unquoted', 3, 6, 'a double quote inside an unquoted value'),
  {
    name: 'quote-in-unquoted-later-field', args: [data('quote-in-unquoted-later-field.csv')], status: 1, file: data('quote-in-unquoted-later-field.csv'),
    at: [[3, 15]], contains: ['a double quote inside an unquoted value'],
  },
  {
    name: 'text-after-closing-quote', args: [data('text-after-closing-quote.csv')], status: 1, file: data('text-after-closing-quote.csv'), contains: ['characters after the closing quote'],
    at: [[3, 13]],
  },
  // ---- cells
  row('non-numeric-expenditure', 3, 11, 'expenditure is not valid: "abc"'),
  row('expenditure-nan', 3, 11, 'expenditure is "NaN", not a number'),
  row('expenditure-infinity', 3, 11, 'expenditure is "Infinity", not a number'),
  row('thousands-separator', 3, 11, 'thousands separator', '"1,234.00"'),
  row('negative-money', 3, 11, 'expenditure is negative'),
  row('too-many-decimals', 3, 11, 'too many decimal places', '"8400.505"'),
  row('aligned-months-0', 3, 19, 'aligned_months', 'from 1 to 12'),
  row('aligned-months-13', 3, 19, 'aligned_months', 'from 1 to 12'),
  row('risk-score-0', 3, 22, 'risk_score must be greater than 0'),
  row('risk-score-negative', 3, 22, 'risk_score must be greater than 0'),
  row('performance-year-fraction', 3, 6, 'performance_year is not a whole number: "2023.5"'),
  row('performance-year-1999', 3, 6, 'performance_year is out of range: "1999"'),
  row('unknown-entitlement', 3, 19, 'entitlement is not valid: "disabled"', 'aged_disabled or esrd'),
  row('unknown-dual-status', 3, 33, 'dual_status is not valid: "dual"', 'full, partial or none'),
  row('bad-boolean', 3, 38, 'claims_aligned is not valid: "maybe"', 'true/false'),
  // ---- row rules
  row('primary-care-above-expenditure', 3, 19, 'primary_care_spend 9000.00 is above expenditure 8400.50'),
  row('participant-above-expenditure', 3, 26, 'participant_spend 9000.00 is above expenditure 8400.50'),
  row('participant-below-primary-care', 3, 26, 'participant_spend 400.00 is below primary_care_spend 500.00'),
  row('duplicate-beneficiary', 3, 1, 'beneficiary "B001"', 'performance year 2023', 'first at line 2'),
  // ---- bytes
  row('nul-byte', 3, 13, 'NUL byte'),
  row('invalid-utf8', 3, 2, 'not valid UTF-8'),
  { name: 'utf16', args: [data('utf16.csv')], status: 1, file: data('utf16.csv'), contains: ['UTF-16 (little-endian, with a byte-order mark)', 'iconv -f UTF-16 -t UTF-8'] },
  row('cr-rows-lf-header', 2, 1, 'carriage return alone (CR)'),
  row('heba-invalid', 3, 35, 'heba is not valid: "sideways"', 'up, down or none'),
  row('duplicate-beneficiary-nbsp', 3, 1, 'beneficiary "B001" appears twice in performance year 2023 (first at line 2)'),
  // ---- collected errors
  {
    name: 'multiple-errors', args: [data('multiple-errors.csv')], status: 1, file: data('multiple-errors.csv'),
    at: [[3, 11], [4, 20], [5, 22]], contains: ['dcsim: 3 errors; nothing was settled'],
  },
  {
    name: 'multiple-errors-max-2', args: [data('multiple-errors.csv'), '--max-errors', '2'], status: 1, file: data('multiple-errors.csv'),
    at: [[3, 11], [4, 20]],
    contains: ['1 more error(s) not shown'],
  },
  // ---- stdin
  { name: 'stdin', args: ['-'], stdin: data('non-numeric-expenditure.csv'), status: 1, file: '<stdin>', at: [[3, 11]], contains: ['expenditure is not valid: "abc"'] },
  {
    name: 'stdin-duplicate-beneficiary', args: ['-'], stdin: data('duplicate-beneficiary.csv'), status: 1, file: '<stdin>', at: [[3, 1]],
    contains: ['beneficiary "B001"', 'first at line 2'],
  },
  // ---- scenario files (with valid data)
  { name: 'scenario-not-json', args: scenario('scenario-not-json.json'), status: 1, file: data('scenario-not-json.json'), at: [[4, 1]], contains: ['not valid JSON'] },
  { name: 'scenario-unknown-key', args: scenario('scenario-unknown-key.json'), status: 1, file: data('scenario-unknown-key.json'), contains: ['"discount_rte": unknown scenario key', 'did you mean "discount_rate"?'] },
  {
    name: 'scenario-wrong-type', args: scenario('scenario-wrong-type.json'), status: 1, file: data('scenario-wrong-type.json'), 
    contains: ['"quality_score": expected a number, got true', '{"2023": "0.9"}'],
  },
  { name: 'scenario-out-of-range', args: scenario('scenario-out-of-range.json'), status: 1, file: data('scenario-out-of-range.json'), contains: ['"discount_rate": 1.5 is out of range [0, 1)'] },
  // The next two come from data + scenario together: the message names the scenario file and the key.
  { name: 'scenario-py-not-covered', args: scenario('scenario-py-not-covered.json', 'ok-py2026.csv'), status: 1, file: data('scenario-py-not-covered.json'), contains: ['discount_rate', 'PY2026', '--discount-rate 2026='] },
  // Rule set lead covers PY2027-2036 only; reach and dc stop at PY2026 and point to lead; lead's Global needs spending_class.
  { name: 'lead-py-not-covered', args: scenario('lead-py-not-covered.json', 'ok-py2026.csv'), status: 1, file: data('lead-py-not-covered.json'), contains: ['scenario "rules"', 'PY2027-2036', 'PY2026', '--rules reach'] },
  { name: 'reach-py2027', args: scenario('reach-py2027.json', 'ok-py2027.csv'), status: 1, file: data('reach-py2027.json'), contains: ['discount_rate', 'PY2027', '--rules lead'] },
  { name: 'lead-spending-class-missing', args: scenario('lead-spending-class-missing.json', 'ok-py2027.csv'), status: 1, file: data('lead-spending-class-missing.json'), contains: ['"spending_class"', 'lower or higher'] },
  { name: 'scenario-missing-rate', args: scenario('scenario-missing-rate.json', 'ok-no-rate.csv'), status: 1, file: data('scenario-missing-rate.json'), contains: ['no benchmark rate for PY2023 aged_disabled', 'benchmark_pbpm'] },
  // Without a scenario file, the data file is named.
  { name: 'missing-rate-no-scenario', args: [data('ok-no-rate.csv')], status: 1, file: data('ok-no-rate.csv'), contains: ['scenario "benchmark_pbpm": no benchmark rate'] },
  // ---- usage (exit 2)
  { name: 'usage-unknown-flag', args: [data('ok.csv'), '--frobnicate'], status: 2, contains: ["unknown option '--frobnicate'"] },
  { name: 'usage-unknown-flag-did-you-mean', args: [data('ok.csv'), '--discount-rte', '0.03'], status: 2, contains: ['Did you mean --discount-rate?'] },
  { name: 'flag-out-of-range', args: [data('ok.csv'), '--discount-rate', '1.5'], status: 1, contains: ['--discount-rate: 1.5 is out of range [0, 1)'] },
  { name: 'usage-per-year-flag', args: [data('ok.csv'), '--discount-rate', '2023=0.03,2024'], status: 2, contains: ['"2024" is not PY=value'] },
  { name: 'output-folder-missing', args: [data('ok.csv'), '-o', `${DIR}/no-such-folder/out.json`], status: 1, file: `${DIR}/no-such-folder/out.json`, contains: ['cannot write: the folder test/errors/no-such-folder does not exist'] },
  { name: 'usage-output-format', args: [data('ok.csv'), '-O', 'xml'], status: 2, contains: ['-O xml: unknown output format'] },
  { name: 'usage-tcc-professional', args: [data('ok.csv'), '--capitation', 'tcc', '--track', 'professional'], status: 2, contains: ['--capitation tcc is not available on the professional track'] },
  // ---- issue 21: the newer commands (settle, risk, sweep, compare on entity files) and every reader
  // One rulebook: what run's kernel refuses, settle refuses with the same words.
  // B* 100 + HEBA (0 - 500) = -400: S = -400 - 50 = -450 on a base of -400.
  { name: 'settle-corridor-base-not-positive', command: 'settle', args: [data('settle-corridor-base-not-positive.csv')], status: 1, file: data('settle-corridor-base-not-positive.csv'), at: [[2, 1]], contains: ['D0001 PY2023: the corridor base (performance_benchmark) is -400.00, not positive, so savings have no rate'] },
  // B* 0, HEBA +100, E 50: base 100 > 0, but S = 50 on a rate base B* of 0.
  { name: 'settle-zero-performance-benchmark', command: 'settle', args: [data('settle-zero-performance-benchmark.csv')], status: 1, file: data('settle-zero-performance-benchmark.csv'), at: [[2, 1]], contains: ['the performance benchmark (B*) is 0.00, so savings have no rate'] },
  // "D0001" and "D0001" + U+200B: one entity, trimmed as beneficiary ids are.
  { name: 'settle-duplicate-entity-invisible', command: 'settle', args: [data('settle-duplicate-entity-invisible.csv')], status: 1, file: data('settle-duplicate-entity-invisible.csv'), at: [[3, 1]], contains: ['entity "D0001" appears twice in performance year 2023 (first at line 2)'] },
  // One decoding layer: Latin-1 is refused at its byte (not read as U+FFFD), in entity and scenario files alike.
  { name: 'settle-not-utf8', command: 'settle', args: [data('settle-latin1.csv')], status: 1, file: data('settle-latin1.csv'), at: [[2, 10]], contains: ['bytes that are not valid UTF-8', 'iconv -f latin1'] },
  { name: 'scenario-not-utf8', args: scenario('scenario-latin1.json'), status: 1, file: data('scenario-latin1.json'), at: [[1, 14]], contains: ['bytes that are not valid UTF-8'] },
  // Crashes that are now bounds, checked before anything is computed.
  { name: 'risk-trials-too-many', command: 'risk', args: [data('ok.csv'), '--trials', '9007199254740991'], status: 2, contains: ['--trials 9007199254740991: at most 100,000,000'] },
  { name: 'risk-trend-sd-too-large', command: 'risk', args: [data('ok.csv'), '--trend-sd', '1e400', '--trials', '10'], status: 2, contains: ['--trend-sd 1e400: at most 10 in magnitude'] },
  // 1 PY x 1 option: 5 figures x 8 bytes + 33 = 73 bytes a trial; 10^8 trials = 7.3 GB > 2 GiB; at most ⌊2^31 / 73⌋ = ⌊2,147,483,648 / 73⌋ = 29,417,584.
  { name: 'risk-trials-memory', command: 'risk', args: [data('ok.csv'), '--trials', '100000000'], status: 2, contains: ['100,000,000 trials would hold about 7.3 GB', 'at most 29,417,584 trials'] },
  // 3,000 x 100 x 2 = 600,000 scenarios x 2 PYs = 1,200,000 rows > 1,048,575, refused before any is settled.
  { name: 'sweep-xlsx-too-many-rows', command: 'sweep', noFormat: true, args: [data('ok-two-pys.csv'), '--vary', 'discount_rate=0.00001:0.03:0.00001', '--vary', 'quality_score=0.01:1:0.01', '--vary', 'track=global,professional', '-o', `${DIR}/no-such-folder/s.xlsx`], status: 2, contains: ['1,200,000 rows; a worksheet holds at most 1,048,575'] },
  // Outputs: an empty -o (an unset variable) is a usage error, not stdout.
  { name: 'output-empty-name', args: [data('ok.csv'), '-o', ''], status: 2, contains: ['-o "": the file name is empty'] },
  // Messages that name what was typed and what would work.
  { name: 'compare-entity-xlsx', command: 'compare', noFormat: true, args: [data('settle-zero-performance-benchmark.csv'), '-o', `${DIR}/no-such-folder/c.xlsx`], status: 2, contains: ['dcsim compare on an entity file writes table, csv or json, not xlsx'] },
  { name: 'scenario-not-object', args: scenario('scenario-not-object.json'), status: 1, file: data('scenario-not-object.json'), contains: ['a scenario is a JSON object of parameters, not the number 5'] },
  { name: 'vary-unknown-entitlement', command: 'sweep', args: [data('ok.csv'), '--vary', 'benchmark_pbpm.disabled=100'], status: 2, contains: ['"disabled" is not an entitlement', 'aged_disabled and esrd'] },
  { name: 'flag-wrong-type-by-entitlement', args: [data('ok.csv'), '--benchmark-pbpm', 'aged_disabled=abc'], status: 1, contains: ['--benchmark-pbpm: expected a number, got "abc"', 'e.g. --benchmark-pbpm aged_disabled=1025.40'] },
];

const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
delete childEnv.FORCE_COLOR;

/** These cases also run through the built binary: the spawned process says what the in-process run says. */
const SPAWNED = new Set(['stdin', 'usage-unknown-flag', 'multiple-errors', 'data-is-directory']);

const argsOf = (c: Case): string[] => [c.command ?? 'run', ...(c.noFormat ? [] : ['-O', 'json']), ...c.args]; // a case's own -O (usage-output-format) wins

function spawned(c: Case): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/dcsim.js', ...argsOf(c)], {
      cwd: ROOT,
      env: childEnv,
      stdio: [c.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr: stderr.split(ROOT).join('<root>/') }));
    if (c.stdin) child.stdin!.end(readFileSync(join(ROOT, c.stdin)));
  });
}

async function inProcess(c: Case): Promise<Result> {
  const r = await dcsimInProcess(argsOf(c), c.stdin ? readFileSync(join(ROOT, c.stdin)) : undefined);
  return { status: r.code, stdout: r.stdout, stderr: r.stderr.split(ROOT).join('<root>/') };
}

// In-process runs share this module's state, so they go one at a time; the few spawned ones start at once.
const results = new Map<string, Promise<Result>>();
const spawnedResults = new Map(CASES.filter((c) => SPAWNED.has(c.name)).map((c) => [c.name, spawned(c)] as const));
let queue: Promise<unknown> = Promise.resolve();
for (const c of CASES) {
  const r = queue.then(() => inProcess(c));
  queue = r.catch(() => undefined);
  results.set(c.name, r);
}
const resultOf = (c: Case): Promise<Result> => results.get(c.name)!;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** test/errors/<case>.cmd: the case's command as a user would type it, and its exit status (shown in docs/errors.md). */
function cmdText(c: Case): string {
  const quote = (a: string): string => (/^[\w./=,:-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  const command = ['dcsim', ...argsOf(c)].map(quote).join(' ') + (c.stdin ? ` < ${c.stdin}` : '');
  return `command: ${command}\nexit: ${c.status}\n`;
}

describe.concurrent('error corpus (test/errors/)', () => {
  test('each case records its command and exit in <case>.cmd (regenerated with UPDATE_ERRORS=1)', () => {
    for (const c of CASES) {
      const file = join(ROOT, DIR, `${c.name}.cmd`);
      if (UPDATE) writeFileSync(file, cmdText(c));
      // e.g. bad-boolean.cmd: "command: dcsim run -O json test/errors/bad-boolean.csv\nexit: 1\n"
      expect(readFileSync(file, 'utf8'), `${c.name}.cmd`).toBe(cmdText(c));
    }
  });

  test('every case has a unique name', () => {
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  for (const c of CASES) {
    test(`${c.name}: exit ${c.status}, nothing on stdout, an actionable message`, async () => {
      const r = await resultOf(c);
      expect(r.status, r.stderr).toBe(c.status);
      expect(r.stdout).toBe('');
      expect(r.stderr.startsWith('dcsim: error: ')).toBe(true);
      expect(r.stderr.endsWith('\n')).toBe(true);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(r.stderr).not.toContain('node:internal');
      expect(r.stderr).not.toContain('internal error');
      expect(r.stderr).not.toContain('<root>');
      for (const s of c.contains ?? []) expect(r.stderr).toContain(s);

      if (c.file !== undefined) {
        // Every diagnostic (the lines starting "dcsim: error: ") names the file first.
        const heads = r.stderr.split('\n').filter((l) => l.startsWith('dcsim: error: ') && !/more error\(s\) not shown/.test(l));
        expect(heads.length).toBeGreaterThan(0);
        for (const h of heads) expect(h.startsWith(`dcsim: error: ${c.file}:`), h).toBe(true);
        const where = new RegExp(`^dcsim: error: ${escape(c.file)}:(\\d+):(\\d+): `);
        if (c.at) {
          expect(heads.map((h) => where.exec(h)?.slice(1, 3).map(Number) ?? h)).toEqual(c.at);
          // Each located diagnostic shows its line with a caret under the column.
          for (const [line, col] of c.at) {
            expect(r.stderr).toMatch(new RegExp(`^  ${line} \\| .*\\n {${String(line).length + 3}}\\| {${col}}\\^$`, 'm'));
          }
        } else if (c.lineOnly !== undefined) {
          expect(heads[0]).toMatch(new RegExp(`^dcsim: error: ${escape(c.file)}:${c.lineOnly}: `));
        }
      }

      const viaBinary = spawnedResults.get(c.name);
      if (viaBinary) expect(await viaBinary).toEqual(r);

      const golden = join(ROOT, DIR, `${c.name}.expected`);
      if (UPDATE) writeFileSync(golden, r.stderr);
      expect(r.stderr).toBe(readFileSync(golden, 'utf8'));
    });
  }
});
