// The second hostile corpus (issue 21), classes 1-4: settlements wrong without a word, data changed
// silently, crashes, Ctrl-C and memory while computing. One describe per class, named after it.
// Commands run in process (test/helpers.ts) but for the two signals, which need a process to kill.
// Classes 5-8 are in hostile2-output.test.ts.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFile as writeFileAsync } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DcsimError } from '../src/domain/errors.js';
import { R0, R1, ratio } from '../src/domain/exact.js';
import { RULE_SETS } from '../src/domain/rules.js';
import { checkRateBases, settleFromPerformanceBenchmark } from '../src/engines/kernel.js';
import { bandsFor } from '../src/engines/registry.js';
import { trimIdText, trimId } from '../src/io/csv/fields.js';
import { CSV_KIND, decodeText, readInputBytes, SCENARIO_KIND } from '../src/io/decode.js';
import { readEntityFile } from '../src/io/entity-csv.js';
import { renderEntityJson } from '../src/render/entity.js';
import { entityStreamJson } from '../src/render/entity-stream.js';
import { checkTrialMemory, MAX_RISK_BYTES, trendFactors } from '../src/usecases/risk/risk.js';
import { benchmarkLines, settleEntities, settlePlan, settleScenarios } from '../src/usecases/settle/settle.js';
import { parseVary } from '../src/usecases/sweep.js';
import type { SettleAxis } from '../src/usecases/settle/settle.js';
import { dcsimInProcess } from './helpers.js';
import { tempDir } from './tmp.js';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/dcsim.js');
const SMALL = join(ROOT, 'test/fixtures/small.csv');
const SMALL_SCENARIO = join(ROOT, 'test/fixtures/small-scenario.json');
const HEAD = 'entity_id,entity_name,performance_year,track,performance_benchmark,heba_up,heba_down,expenditure';

/** An entity CSV in a fresh folder. */
function entityFile(body: string | Buffer, name = 'e.csv'): string {
  const f = join(tempDir('dcsim-h21-'), name);
  writeFileSync(f, body);
  return f;
}

const errorOf = (f: () => unknown): DcsimError => {
  try {
    f();
  } catch (e) {
    if (e instanceof DcsimError) return e;
    throw e;
  }
  throw new Error('no error');
};

describe('21.1 settlements that are wrong without a word', () => {
  it('a corridor base that is not positive: run\'s kernel and settle refuse it with the same words', async () => {
    // settle: B* 100, HEBA 0 - 500, E 50: S = 100 - 500 - 50 = -450 on a base B* + H = -400 (was: a payment of 68.60).
    const f = entityFile(`${HEAD}\nD0001,,2023,global,100,0,500,50\n`);
    const r = await dcsimInProcess(['settle', f, '-O', 'csv']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const settleSays = 'the corridor base (performance_benchmark) is -400.00, not positive, so savings have no rate';
    expect(r.stderr).toContain(`:2:1: D0001 PY2023: ${settleSays}`);
    // the kernel's settleYear (run's path) on B = -400.00, no discount or withhold: B* = -400, S = -400, base -400
    const p = { track: 'global' as const, rules: RULE_SETS.reach, discountRate: R0, withholdRate: R0, qualityScore: R1, retentionWithholdRate: R0, sequestrationRate: R0, withholdBase: 'benchmark' as const, corridorBase: 'performance_benchmark' as const };
    const bands = bandsFor(RULE_SETS.reach, 'global', 2023);
    const run = errorOf(() => benchmarkLines(2023, ratio('-400'), p, bands));
    const steps = errorOf(() => settleFromPerformanceBenchmark({ performanceBenchmark: ratio('100'), heba: ratio('-500'), expenditure: ratio('50'), bands, sequestrationRate: R0, py: 2023 }));
    expect(run.diagnostics[0]!.message).toBe(`PY2023: ${settleSays}`);
    expect(steps.diagnostics[0]!.message).toBe(run.diagnostics[0]!.message);
  });

  it('a zero performance benchmark with savings is refused (it gave a savings rate of 0); S = 0 on it is not', async () => {
    // B* 0, HEBA +100, E 50: the base B* + H = 100 is positive, S = 50, but the rate S / B* has no denominator.
    const f = entityFile(`${HEAD}\nD0001,,2023,global,0,100,0,50\n`);
    const r = await dcsimInProcess(['settle', f, '-O', 'csv']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('D0001 PY2023: the performance benchmark (B*) is 0.00, so savings have no rate');
    expect(() => checkRateBases(2023, 'performance_benchmark', ratio('100'), R0, 5000n)).toThrow(/B\*\) is 0.00/);
    // S = 0: nothing is made up (rate 0, no payment): accepted
    expect(() => checkRateBases(2023, 'performance_benchmark', R0, R0, 0n)).not.toThrow();
    const zero = await dcsimInProcess(['settle', entityFile(`${HEAD}\nD0001,,2023,global,0,50,0,50\n`), '-O', 'csv']);
    expect(zero.code).toBe(0);
  });

  it('two entity ids that differ by an invisible character are one entity (trimmed as beneficiary ids are)', async () => {
    for (const [suffix, what] of [['\u200b', 'ZWSP'], ['\u00a0', 'NBSP'], ['\ufeff', 'BOM'], ['\u2060', 'word joiner'], [' ', 'space']] as const) {
      const f = entityFile(`${HEAD}\nD0001,,2023,global,1000,0,0,950\n${suffix}D0001${suffix},,2023,global,1000,0,0,950\n`);
      const r = await dcsimInProcess(['settle', f, '-O', 'csv']);
      expect(r.code, what).toBe(1);
      expect(r.stderr).toContain('entity "D0001" appears twice in performance year 2023 (first at line 2)');
    }
    // the same characters as the byte-level trimming of beneficiary ids, from the same class
    for (const s of ['\u200bB1\u200b', '\u00a0\u3000B1\u2009', '\ufeffB1', 'B\u200b1', ' B 1 ']) {
      const b = Buffer.from(s, 'utf8');
      const out = { s: 0, e: 0 };
      trimId(b, 0, b.length, out);
      expect(trimIdText(s)).toBe(b.subarray(out.s, out.e).toString('utf8'));
    }
  });
});

describe('21.2 data changed silently', () => {
  it('settle refuses a Latin-1 file at its byte, as run does (no U+FFFD in names)', async () => {
    const f = entityFile(Buffer.concat([Buffer.from(`${HEAD}\nD0001,Caf`), Buffer.from([0xe9]), Buffer.from(',2023,global,1000,0,0,950\n')]));
    const r = await dcsimInProcess(['settle', f, '-O', 'csv']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    // "D0001,Caf" is 9 characters: the bad byte is column 10 of line 2
    expect(r.stderr).toMatch(/e\.csv:2:10: bytes that are not valid UTF-8/);
  });

  it('one decoding layer: UTF-16 named with its fix, binary never echoed, CR-only line ends named, a BOM dropped', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"rta": "1"}', 'utf16le')]);
    const e16 = errorOf(() => decodeText(utf16, 's.json', SCENARIO_KIND)).diagnostics[0]!;
    expect(e16.message).toBe('the file is UTF-16 (little-endian, with a byte-order mark), not UTF-8');
    expect(e16.hint).toBe('convert it to UTF-8 first: iconv -f UTF-16 -t UTF-8 in.json > out.json');
    const bin = errorOf(() => decodeText(Buffer.from('PNG\x1b\x07abc\nx\0y\n', 'latin1'), 'x.csv', CSV_KIND)).diagnostics[0]!;
    expect(bin).toMatchObject({ line: 2, column: 2, message: 'a NUL byte in the line: this looks like a binary file, not a CSV file' });
    expect(bin.lineText).toBeUndefined();
    const cr = errorOf(() => decodeText(Buffer.from('a,b\rc,d\r'), 'x.csv')).diagnostics[0]!;
    expect(cr).toMatchObject({ line: 1, message: 'the lines end with a carriage return alone (CR), not LF or CRLF' });
    expect(decodeText(Buffer.from('\ufeffa,b\r\n1,2\n'), 'x.csv')).toBe('a,b\r\n1,2\n');
  });

  it('gzip is read transparently by settle, compare\'s header peek, and --scenario', async () => {
    const text = 'entity_id,entity_name,performance_year,track,benchmark,expenditure\nD0001,Harbor,2023,global,1000,950\n';
    const plain = entityFile(text);
    const gz = entityFile(gzipSync(text), 'e.csv.gz');
    const a = await dcsimInProcess(['settle', plain, '-O', 'csv']);
    const b = await dcsimInProcess(['settle', gz, '-O', 'csv']);
    expect(b.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    const c = await dcsimInProcess(['compare', gz, '-O', 'csv']);
    expect(c.code).toBe(0);
    expect(c.stdout).toMatch(/^entity_id,/); // recognised as an entity file through the gzip
    const scen = join(tempDir('dcsim-h21-'), 's.json.gz');
    writeFileSync(scen, gzipSync(readFileSync(SMALL_SCENARIO)));
    const r1 = await dcsimInProcess(['run', SMALL, '--scenario', SMALL_SCENARIO, '-O', 'json']);
    const r2 = await dcsimInProcess(['run', SMALL, '--scenario', scen, '-O', 'json']);
    expect(r2.code).toBe(0);
    expect(r2.stdout.replace(scen, SMALL_SCENARIO)).toBe(r1.stdout);
  });

  it('a directory is named as such: as a scenario, as an entity file, on stdin', async () => {
    const dir = tempDir('dcsim-h21-');
    const s = await dcsimInProcess(['run', SMALL, '--scenario', dir]);
    expect(s.code).toBe(1);
    expect(s.stderr).toContain(`${dir}: is a directory, not a scenario file`);
    const e = await dcsimInProcess(['settle', dir]);
    expect(e.stderr).toContain(`${dir}: is a directory, not a CSV file`);
    // stdin: a shell redirect from a folder (the one spawned case of this class)
    const r = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const c = spawn('sh', ['-c', `"${process.execPath}" "${BIN}" settle - < "${dir}"`], { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      c.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      c.on('close', (code) => resolve({ code, err }));
    });
    expect(r.code).toBe(1);
    expect(r.err).toBe('dcsim: error: <stdin>: standard input is a directory, not a CSV file\n');
  });
});

describe('21.3 crashes', () => {
  it('risk --trials past the bound, --trend-sd 1e400, a billion trials: exit 2 with a sentence, before any allocation', async () => {
    const cases: [string[], string][] = [
      [['--trials', '9007199254740991'], '--trials 9007199254740991: at most 100,000,000'],
      [['--trend-sd', '1e400', '--trials', '5'], '--trend-sd 1e400: at most 10 in magnitude'],
      [['--trend-shift', '-1e400', '--trials', '5'], '--trend-shift -1e400: at most 10 in magnitude'],
      [['--trials', '100000000'], '100,000,000 trials would hold about'],
    ];
    for (const [flags, says] of cases) {
      const r = await dcsimInProcess(['risk', SMALL, '--scenario', SMALL_SCENARIO, '-O', 'json', ...flags]);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(says);
      expect(r.stderr).not.toMatch(/internal error|RangeError|^\s+at /m);
    }
    const report = await dcsimInProcess(['report', SMALL, '--scenario', SMALL_SCENARIO, '--risk', '9007199254740991', '-o', join(tempDir(), 'r.html')]);
    expect(report.code).toBe(2);
    expect(report.stderr).toContain('--risk 9007199254740991: at most 100,000,000');
  });

  it('the memory bound: 5 PYs x 2 options = 50 figures, 433 bytes a trial; 2^31 / 433 = 4,959,546 trials at most', () => {
    const job = { tables: [1, 2, 3, 4, 5].map(() => ({})), rules: [1, 2, 3, 4, 5].map(() => [{}, {}]) } as unknown as Parameters<typeof checkTrialMemory>[0];
    // 50 x 8 + 16 (state) + 1 (done) + 16 (two column copies) = 433; floor(2147483648 / 433) = 4,959,546
    expect(MAX_RISK_BYTES).toBe(2 ** 31);
    expect(() => checkTrialMemory(job, 4_959_546)).not.toThrow();
    expect(() => checkTrialMemory(job, 4_959_547)).toThrow(/at most 4,959,546 trials/);
    expect(trendFactors('0.03', '10')).toEqual({ shiftFactor: 1_030_000_000_000, sdFactor: 10_000_000_000_000 });
  });

  it('an xlsx sweep past a worksheet\'s rows is refused up front, in about no time', async () => {
    const t0 = Date.now();
    // 3,000 x 100 x 2 = 600,000 scenarios x 2 PYs (2023, 2024) = 1,200,000 rows (3,102 values parsed)
    const r2 = await dcsimInProcess(['sweep', SMALL, '--scenario', SMALL_SCENARIO, '--vary', 'discount_rate=0.00001:0.03:0.00001', '--vary', 'quality_score=0.01:1:0.01', '--vary', 'track=global,professional', '-o', join(tempDir(), 's.xlsx')]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('600,000 scenarios x 2 PY(s) is 1,200,000 rows; a worksheet holds at most 1,048,575');
    expect(Date.now() - t0).toBeLessThan(5_000);
  });
});

describe('21.4 Ctrl-C and memory while computing', () => {
  it('an endless entity file (/dev/zero, or an endless stdin) ends with the line limit, in bounded memory', async () => {
    const dev = await readEntityFile('/dev/zero', { maxErrors: 20 }, (async function* () {})()).catch((e: unknown) => e);
    expect((dev as DcsimError).diagnostics[0]!.message).toMatch(/^line 1 is longer than 1 MiB/);
    let fed = 0;
    async function* zeros() {
      const z = new Uint8Array(1 << 16);
      for (;;) {
        fed += z.length;
        yield z;
      }
    }
    const e = await readInputBytes('-', { stdin: zeros() }).catch((x: unknown) => x);
    expect((e as DcsimError).diagnostics[0]!.message).toMatch(/line 1 is longer than 1 MiB/);
    expect(fed).toBeLessThan(3 << 20);
  });

  it('compare on a named pipe peeks at its header without a blocking read (it hung, deaf to SIGTERM)', async () => {
    const dir = tempDir('dcsim-h21-');
    const fifo = join(dir, 'in.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    for (const [text, first] of [['entity_id,performance_year,track,benchmark,expenditure\nD0001,2023,global,1000,950\n', 'entity_id,'], [readFileSync(SMALL, 'utf8'), 'option,']] as const) {
      const writer = writeFileAsync(fifo, text); // opens once the command opens the pipe
      const r = await dcsimInProcess(['compare', fifo, ...(first === 'option,' ? ['--scenario', SMALL_SCENARIO] : []), '-O', 'csv']);
      await writer;
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.startsWith(first)).toBe(true);
      expect(r.stderr).not.toContain('<stdin>'); // named by its path
    }
  });

  it('settle --vary -O json streams: the same bytes as the whole report, one scenario settled per write', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `D${String(i).padStart(4, '0')},E${i},${2021 + (i % 3)},${i % 2 ? 'global' : 'professional'},${1000 + i},0,0,${950 + 3 * i}`);
    const f = entityFile(`${HEAD.replace('performance_benchmark', 'benchmark')}\n${rows.join('\n')}\n`);
    const file = await readEntityFile(f, { maxErrors: 20 }, (async function* () {})());
    const grid = [parseVary('quality_score=0.5:1:0.1'), parseVary('track=global,professional')] as unknown as SettleAxis[];
    const whole = renderEntityJson(settleEntities(file, { whatIf: {}, grid }));
    const plan = settlePlan(file, { whatIf: {}, grid });
    // each scenario is asked for only after the previous one's lines were written
    const events: string[] = [];
    const scenarios = (function* () {
      for (const s of settleScenarios(plan)) {
        events.push(`settled ${s.id}`);
        yield s;
      }
    })();
    let text = '';
    await entityStreamJson({ head: plan.head, scenarios }, { name: 'memory', write: async (c) => void (text += String(c), events.push('write')), commit: async () => undefined, abort: async () => undefined });
    expect(text).toBe(whole);
    expect(JSON.parse(text).entities).toHaveLength(12 * 40); // 6 quality scores x 2 tracks x 40 rows
    for (let k = 2; k <= 12; k++) expect(events.indexOf(`settled ${k}`)).toBeGreaterThan(events.indexOf(`settled ${k - 1}`) + 1);
    // in process, through the CLI: the streamed output is the same document
    const r = await dcsimInProcess(['settle', f, '--vary', 'quality_score=0.5:1:0.1', '--vary', 'track=global,professional', '-O', 'json']);
    expect(r.stdout).toBe(whole);
  });

  it('risk yields to the event loop while computing (the longest pause of a 10 ms timer stays short)', async () => {
    let last = Date.now();
    let longest = 0;
    const timer = setInterval(() => {
      const now = Date.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 10);
    const t0 = Date.now();
    const r = await dcsimInProcess(['risk', '--trials', '5000', '--threads', '1', '-O', 'csv']);
    clearInterval(timer);
    expect(r.code).toBe(0);
    const took = Date.now() - t0;
    // 5,000 trials of the sample's 25,000 rows take over a second on one thread (0.6 s for 2,000 measured on a
    // quiet machine); the timer never waits for them. (the first bound only makes sure there was work to wait on)
    expect(took).toBeGreaterThan(500);
    expect(longest).toBeLessThan(Math.min(took / 2, 800));
  });

  it('Ctrl-C during a long risk run and SIGTERM during a settle --vary render end the process at once, no file left', async () => {
    const dir = tempDir('dcsim-h21-');
    const rows = Array.from({ length: 1000 }, (_, i) => `D${i},,2023,global,${10000 + i},9000`);
    const big = join(dir, 'big.csv');
    writeFileSync(big, `entity_id,entity_name,performance_year,track,benchmark,expenditure\n${rows.join('\n')}\n`);
    mkdirSync(join(dir, 'out'));
    const kill = (args: string[], signal: NodeJS.Signals, after: number) =>
      new Promise<{ code: number | null; afterSignal: number }>((resolve) => {
        const c = spawn(process.execPath, [BIN, ...args], { cwd: dir, stdio: 'ignore' });
        let sent = 0;
        setTimeout(() => {
          sent = Date.now();
          c.kill(signal);
        }, after);
        c.on('close', (code) => resolve({ code, afterSignal: Date.now() - sent }));
      });
    const [risk, settle] = await Promise.all([
      kill(['risk', '--trials', '400000', '--threads', '1', '-o', join(dir, 'out', 'r.json')], 'SIGINT', 2500),
      // 1,000 scenarios x 1,000 rows = 1,000,000 lines; the event loop turns after each scenario
      kill(['settle', big, '--vary', 'quality_score=0.001:1:0.001', '-O', 'json', '-o', join(dir, 'out', 's.json')], 'SIGTERM', 2500),
    ]);
    expect(risk.code).toBe(130);
    expect(settle.code).toBe(143);
    // (it was: never, until the work ended; a generous bound for a loaded machine)
    expect(risk.afterSignal).toBeLessThan(2000);
    expect(settle.afterSignal).toBeLessThan(2000);
    expect(readdirSync(join(dir, 'out'))).toEqual([]);
    expect(existsSync(join(dir, '-'))).toBe(false);
  });
});
