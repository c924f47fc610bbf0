// What a hostile tester tries on the output side and on flag and scenario parsing (issue 14, and the
// defects of issue 9): one describe per class. Process-level cases spawn the built CLI.
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJson, JsonNumber } from '../src/domain/json.js';
import { numberLimitProblem } from '../src/domain/scenario.js';
import { openFileSink, removePendingOutputs } from '../src/io/output.js';
import { formatDiagnostic } from '../src/render/errors.js';
import { terminalSafe } from '../src/render/terminal.js';
import { tempDir } from './tmp.js';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/dcsim.js');
const SMALL = join(ROOT, 'test/fixtures/small.csv');
const SMALL_SCENARIO = join(ROOT, 'test/fixtures/small-scenario.json');
const SAMPLE = join(ROOT, 'fixtures/sample.csv');
const SAMPLE_SCENARIO = join(ROOT, 'fixtures/sample-scenario.json');

function dcsim(args: string[], opts: { input?: string | Buffer; node?: string[]; shell?: string; timeout?: number } = {}): SpawnSyncReturns<string> {
  if (opts.shell !== undefined) return spawnSync('sh', ['-c', opts.shell], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, DCSIM: `${process.execPath} ${BIN}` }, timeout: opts.timeout ?? 60_000 });
  return spawnSync(process.execPath, [...(opts.node ?? []), BIN, ...args], { cwd: ROOT, encoding: 'utf8', input: opts.input, env: { ...process.env, NO_COLOR: '1' }, timeout: opts.timeout ?? 60_000 });
}

const hostileDir = (): string => tempDir('dcsim-hostile-');

/** No stack trace, no internal error. */
function clean(r: SpawnSyncReturns<string>): void {
  expect(r.stderr).not.toMatch(/internal error|^\s+at |node:internal|RangeError|TypeError/m);
}

const tmps = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('data loss', () => {
  it('-o naming the input (by another spelling, through .., a symlink, stdin) is refused with exit 2 and the input kept', () => {
    const dir = hostileDir();
    mkdirSync(join(dir, 'sub'));
    const input = join(dir, 'in.csv');
    writeFileSync(input, readFileSync(SMALL));
    symlinkSync(input, join(dir, 'link.csv'));
    const before = readFileSync(input);
    const cases: string[][] = [
      ['run', input, '-o', input],
      ['run', input, '-O', 'csv', '-o', join(dir, 'sub', '..', 'in.csv')],
      ['run', join(dir, 'link.csv'), '-O', 'csv', '-o', input],
      ['run', input, '-O', 'csv', '-o', join(dir, 'link.csv')],
      ['sweep', input, '--vary', 'quality_score=0.5,1', '-o', join(dir, 'sub', '..', 'in.csv')],
      ['compare', input, '-O', 'csv', '-o', input],
    ];
    for (const args of cases) {
      const r = dcsim([...args, '--scenario', SMALL_SCENARIO]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/same file as the input/);
      clean(r);
      expect(readFileSync(input)).toEqual(before);
    }
    // stdin redirected from the file that -o names
    const r = dcsim([], { shell: `$DCSIM run - --scenario ${SMALL_SCENARIO} -O csv -o ${input} < ${input}` });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/same file as the input \(stdin\)/);
    expect(readFileSync(input)).toEqual(before);
    expect(tmps(dir)).toEqual([]);
  });

  it('-o naming the scenario file, or the same file as --cohorts-out, is refused; the earlier outputs stay', () => {
    const dir = hostileDir();
    const scen = join(dir, 's.json');
    writeFileSync(scen, readFileSync(SMALL_SCENARIO));
    const r1 = dcsim(['run', SMALL, '--scenario', scen, '-O', 'json', '-o', scen]);
    expect(r1.status).toBe(2);
    expect(r1.stderr).toMatch(/same file as --scenario/);
    expect(readFileSync(scen)).toEqual(readFileSync(SMALL_SCENARIO));
    const out = join(dir, 'a.csv');
    writeFileSync(out, 'earlier\n');
    const r2 = dcsim(['run', SMALL, '--scenario', SMALL_SCENARIO, '--by', 'dual_status', '-o', out, '--cohorts-out', join(dir, '.', 'a.csv')]);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/-o .*a\.csv and --cohorts-out .*a\.csv are the same file/);
    expect(readFileSync(out, 'utf8')).toBe('earlier\n');
    // two different new files are fine, and both are written
    const r3 = dcsim(['run', SMALL, '--scenario', SMALL_SCENARIO, '--by', 'dual_status', '-o', join(dir, 'b.csv'), '--cohorts-out', join(dir, 'c.json')]);
    expect(r3.status, r3.stderr).toBe(0);
    expect(readFileSync(join(dir, 'b.csv'), 'utf8')).toMatch(/^performance_year,/);
    expect(JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8'))).toBeTruthy();
  });

  it('a character device, a FIFO and /dev/stdout are written through in place, never replaced', async () => {
    const r = dcsim(['run', SMALL, '--scenario', SMALL_SCENARIO, '-O', 'csv', '-o', '/dev/null']);
    expect(r.status, r.stderr).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);

    const viaStdout = dcsim(['run', SMALL, '--scenario', SMALL_SCENARIO, '-O', 'csv', '-o', '/dev/stdout']);
    const plain = dcsim(['run', SMALL, '--scenario', SMALL_SCENARIO, '-O', 'csv']);
    expect(viaStdout.status).toBe(0);
    expect(viaStdout.stdout).toBe(plain.stdout);
    expect(lstatSync('/dev/stdout').isSymbolicLink()).toBe(true);

    const dir = hostileDir();
    const fifo = join(dir, 'pipe.csv');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo]);
    let got = '';
    reader.stdout.on('data', (b: Buffer) => (got += b.toString()));
    const readerDone = new Promise<void>((res) => reader.on('exit', () => res()));
    const child = spawn(process.execPath, [BIN, 'run', SMALL, '--scenario', SMALL_SCENARIO, '-o', fifo], { cwd: ROOT, stdio: 'ignore' });
    const code = await new Promise<number | null>((res) => child.on('exit', (c) => res(c)));
    await readerDone;
    expect(code).toBe(0);
    expect(got).toBe(plain.stdout);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(tmps(dir)).toEqual([]);
  });

  it('a symlink to a regular file: the file it points to is replaced, the link stays', () => {
    const dir = hostileDir();
    const target = join(dir, 'real.csv');
    writeFileSync(target, 'earlier\n');
    symlinkSync(target, join(dir, 'link.csv'));
    const r = dcsim(['run', SMALL, '--scenario', SMALL_SCENARIO, '-o', join(dir, 'link.csv')]);
    expect(r.status, r.stderr).toBe(0);
    expect(lstatSync(join(dir, 'link.csv')).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toMatch(/^performance_year,/);
  });

  it('sweep -o streams: a ~70 MB grid is written with a 40 MB JavaScript heap (joined in memory it could not be)', () => {
    // 500 discount rates x 100 quality scores = 50,000 scenarios x 5 PYs of the sample = 250,000 rows
    const dir = hostileDir();
    const out = join(dir, 'grid.csv');
    const r = dcsim(['sweep', SAMPLE, '--scenario', SAMPLE_SCENARIO, '--vary', 'discount_rate=0.0001:0.05:0.0001', '--vary', 'quality_score=0.01:1:0.01', '-o', out], { node: ['--max-old-space-size=40'], timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    clean(r);
    const size = statSync(out).size;
    expect(size).toBeGreaterThan(60_000_000);
    const text = readFileSync(out, 'utf8');
    expect(text.split('\n').length - 2).toBe(250_000); // header + rows + the final empty string
    expect(tmps(dir)).toEqual([]);
  }, 180_000);
});

describe('unsafe temp files', () => {
  it('Ctrl-C while the temporary file is being created leaves nothing behind (the exit waits for the creation)', () => {
    const dir = hostileDir();
    const out = join(ROOT, 'dist/io/output.js');
    // SIGINT is sent while open() of the temporary file is in flight in the thread pool, 20 times
    const program = `import { installOutputCleanup, openFileSink } from ${JSON.stringify(out)};
      installOutputCleanup();
      const p = openFileSink(process.argv[1] + '/out.csv');
      process.kill(process.pid, 'SIGINT');
      await p; setTimeout(() => process.exit(0), 1000);`;
    for (let i = 0; i < 20; i++) {
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', program, dir], { encoding: 'utf8', timeout: 10_000 });
      expect(r.status, r.stderr).toBe(130);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('the temporary file is new (O_EXCL), randomly named, mode 0600, beside the target; abort removes it', async () => {
    const dir = hostileDir();
    const target = join(dir, 'out.csv');
    writeFileSync(target, 'earlier\n');
    const a = await openFileSink(target);
    const b = await openFileSink(target);
    const names = tmps(dir);
    expect(names).toHaveLength(2);
    for (const n of names) {
      expect(n).toMatch(/^\.out\.csv\.[0-9a-f]{16}\.tmp$/);
      expect(statSync(join(dir, n)).mode & 0o777).toBe(0o600);
    }
    expect(names[0]).not.toBe(names[1]);
    await a.write('part');
    await a.abort();
    await b.abort();
    expect(tmps(dir)).toEqual([]);
    expect(readFileSync(target, 'utf8')).toBe('earlier\n');
  });

  it('pending temporary files are removed by the one cleanup (what SIGINT, SIGTERM and exit call)', async () => {
    const dir = hostileDir();
    const s = await openFileSink(join(dir, 'x.csv'));
    await s.write('half');
    expect(tmps(dir)).toHaveLength(1);
    removePendingOutputs();
    expect(tmps(dir)).toEqual([]);
    expect(existsSync(join(dir, 'x.csv'))).toBe(false);
    await s.abort();
  });

  it('replacing a file keeps its mode (0600 stays 0600); a new file gets 0666 less the umask', () => {
    const dir = hostileDir();
    const out = join(dir, 'private.csv');
    writeFileSync(out, 'earlier\n');
    chmodSync(out, 0o600);
    const r = dcsim(['run', SMALL, '--scenario', SMALL_SCENARIO, '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readFileSync(out, 'utf8')).toMatch(/^performance_year,/);
    const fresh = join(dir, 'fresh.csv');
    const u = dcsim([], { shell: `umask 027; $DCSIM run ${SMALL} --scenario ${SMALL_SCENARIO} -o ${fresh}` });
    expect(u.status, u.stderr).toBe(0);
    expect(statSync(fresh).mode & 0o777).toBe(0o640); // 0666 & ~0027
  });

  it('a file planted at a would-be temporary name is neither followed nor clobbered', async () => {
    const dir = hostileDir();
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    // the old name was predictable: .out.csv.PID.tmp
    symlinkSync(victim, join(dir, `.out.csv.${process.pid}.tmp`));
    const s = await openFileSink(join(dir, 'out.csv'));
    await s.write('new\n');
    await s.commit();
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe('new\n');
  });
});

describe('crashes', () => {
  it('stdout on a full disk: one line, exit 1, no stack trace (run, synth, --help)', () => {
    for (const cmd of ['run', 'synth -n 1000', '--help']) {
      const r = dcsim([], { shell: `$DCSIM ${cmd} > /dev/full` });
      expect(r.status, cmd).toBe(1);
      expect(r.stderr).toMatch(/^dcsim: error: cannot write to stdout: no space left on device$/m);
      expect(r.stderr.split('\n').filter((l) => l.startsWith('dcsim: error')).length).toBe(1);
      clean(r);
    }
    // a closed pipe ends quietly
    const p = dcsim([], { shell: '$DCSIM synth -n 200000 | head -c 10 > /dev/null; echo "${PIPESTATUS:-}"' });
    expect(p.stderr).toBe('');
  });

  it('huge exponents and digit strings in flags, --vary, --benchmark-pbpm and scenario files answer at once (exit 1, the key named)', () => {
    const dir = hostileDir();
    writeFileSync(join(dir, 'rta.json'), '{"rta": "1e999999999"}');
    const cases: [string[], RegExp][] = [
      [['run', SMALL, '--quality-score', '1e-2000000'], /--quality-score/],
      [['run', SMALL, '--discount-rate', '1e-999999999'], /--discount-rate/],
      [['run', SMALL, '--scenario', join(dir, 'rta.json')], /"rta"/],
      [['run', SMALL, '--benchmark-pbpm', 'aged_disabled=1e999999999,esrd=8000'], /--benchmark-pbpm/],
      [['run', SMALL, '--rta', `1.${'0'.repeat(100000)}1`], /--rta/],
      [['sweep', SMALL, '--vary', 'discount_rate=1e-999999999'], /--vary discount_rate/],
      [['sweep', SMALL, '--vary', `discount_rate=0.${'0'.repeat(5000)}1:0.05:0.01`], /--vary discount_rate/],
    ];
    for (const [args, key] of cases) {
      const t0 = Date.now();
      const r = dcsim(args, { timeout: 20_000 });
      expect(r.status, args.join(' ').slice(0, 80)).toBe(1);
      expect(r.stderr).toMatch(key);
      expect(r.stdout).toBe('');
      clean(r);
      expect(Date.now() - t0).toBeLessThan(10_000);
    }
  });

  it('a scenario nested 100,000 levels deep is a clear error with its line and column', () => {
    const dir = hostileDir();
    const f = join(dir, 'deep.json');
    writeFileSync(f, `${'['.repeat(100000)}${']'.repeat(100000)}`);
    const r = dcsim(['run', SMALL, '--scenario', f]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/deep\.json:1:65: not valid JSON: nested more than 64 levels deep/);
    clean(r);
  });

  it('synth -n beyond the maximum, compare --tracks constructor/pcc, --threads on run or 99 on risk: usage errors (exit 2)', () => {
    const cases: [string[], RegExp][] = [
      [['synth', '-n', '99999999999999'], /--beneficiaries 99999999999999: at most 999,999,999/],
      [['synth', '-n', '5', '--seed', '99999999999999999999'], /--seed .*at most/],
      [['compare', SMALL, '--tracks', 'constructor/pcc'], /unknown track "constructor"/],
      [['compare', SMALL, '--tracks', 'global/constructor'], /unknown capitation "constructor"/],
      [['compare', SMALL, '--tracks', 'tostring/pcc'], /unknown track "tostring"/],
      // a CSV is read by one thread: run refuses --threads (risk has it, for its bootstrap; cclf, for claim files)
      [['run', SMALL, '--threads', '2'], /--threads 2: a CSV is read by one thread .*only dcsim risk and dcsim cclf take --threads/],
      [['risk', SMALL, '--threads', '99'], /--threads 99: expected 1 or 2/],
      [['risk', SMALL, '--threads', '0'], /--threads 0: expected 1 or 2/],
    ];
    for (const [args, msg] of cases) {
      const r = dcsim(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stdout).toBe('');
      clean(r);
    }
  });
});

describe('silent results', () => {
  it('__proto__, constructor and toString are unknown keys in scenario files and --vary', () => {
    const dir = hostileDir();
    for (const k of ['__proto__', 'constructor', 'toString']) {
      const f = join(dir, `${k}.json`);
      writeFileSync(f, `{"track": "global", "${k}": {"track": "professional"}}`);
      const r = dcsim(['run', SMALL, '--scenario', f]);
      expect(r.status, k).toBe(1);
      expect(r.stderr).toContain(`"${k}": unknown scenario key`);
      const v = dcsim(['sweep', SMALL, '--vary', `${k}=1,2`]);
      expect(v.status, k).toBe(2);
      expect(v.stderr).toContain(`--vary ${k}: unknown scenario key`);
    }
  });

  it('--benchmark-pbpm: the rate for one PY beats the rate for every PY, in either order', () => {
    const base = ['run', SMALL, '--rules', 'reach', '-O', 'json'];
    const general = dcsim([...base, '--benchmark-pbpm', 'aged_disabled:2023=900,aged_disabled=800,esrd=8000']);
    const reversed = dcsim([...base, '--benchmark-pbpm', 'aged_disabled=800,esrd=8000,aged_disabled:2023=900']);
    const explicit = dcsim([...base, '--benchmark-pbpm', 'aged_disabled:2023=900,aged_disabled:2024=800,esrd=8000']);
    const flat = dcsim([...base, '--benchmark-pbpm', 'aged_disabled=800,esrd=8000']);
    for (const r of [general, reversed, explicit, flat]) expect(r.status, r.stderr).toBe(0);
    expect(general.stdout).toBe(explicit.stdout);
    expect(reversed.stdout).toBe(explicit.stdout);
    // PY2023's benchmark moves with the 900 (it is not the 800 of every PY); PY2024's does not
    const bench = (r: SpawnSyncReturns<string>) => (JSON.parse(r.stdout) as { years: { benchmark: string }[] }).years.map((y) => y.benchmark);
    expect(bench(general)[0]).not.toBe(bench(flat)[0]);
    expect(bench(general)[1]).toBe(bench(flat)[1]);
  });

  it('two values for one PY, or for one entitlement (and PY), are errors, not "the last one wins"', () => {
    const cases: [string[], RegExp][] = [
      [['--quality-score', '2023=0.5,2023=0.6'], /two values for PY 2023/],
      [['--benchmark-pbpm', 'aged_disabled=800,aged_disabled=900'], /two rates for aged_disabled/],
      [['--benchmark-pbpm', 'esrd:2023=1,esrd:2023=2'], /two rates for esrd in PY 2023/],
    ];
    for (const [flags, msg] of cases) {
      const r = dcsim(['run', SMALL, ...flags]);
      expect(r.status, flags.join(' ')).toBe(2);
      expect(r.stderr).toMatch(msg);
    }
    const dir = hostileDir();
    const f = join(dir, 'dup.json');
    writeFileSync(f, '{\n  "rta": "1",\n  "rules": "reach",\n  "rta": "0.9"\n}\n');
    const r = dcsim(['run', SMALL, '--scenario', f]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/dup\.json:4:3: not valid JSON: duplicate key "rta" \(first given on line 2\)/);
    // " 2023" and "2023" are the same PY
    writeFileSync(f, '{"quality_score": {"2023": "0.5", " 2023": "0.6"}}');
    expect(dcsim(['run', SMALL, '--scenario', f]).stderr).toMatch(/two values for PY2023/);
  });

  it('a value for a PY the data does not have is noted on stderr; the results do not change', () => {
    const base = ['run', SMALL, '--scenario', SMALL_SCENARIO, '-O', 'csv'];
    const plain = dcsim(base);
    const extra = dcsim([...base, '--quality-score', '2023=1,2032=0.5']);
    expect(extra.status).toBe(0);
    expect(extra.stdout).toBe(plain.stdout);
    expect(extra.stderr).toMatch(/note: quality_score has a value for PY2032, which is not in the data \(PYs 2023-2024\)/);
    expect(plain.stderr).not.toMatch(/PY2032/);
  });

  it('JSON numbers keep their source text: 0.9999999999999999999 is not 1', () => {
    const dir = hostileDir();
    const f = join(dir, 'q.json');
    writeFileSync(f, JSON.stringify(JSON.parse(readFileSync(SMALL_SCENARIO, 'utf8'))).replace(/}$/, ', "quality_score": 0.9999999999999999999}'));
    const r = dcsim(['run', SMALL, '--scenario', f, '-O', 'json']);
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { years: { quality_score: string }[] }).years[0]!.quality_score).toBe('0.9999999999999999999');
    expect(parseJson('{"a": 1e400, "b": [0.10]}')).toEqual({ a: new JsonNumber('1e400'), b: [new JsonNumber('0.10')] });
  });
});

describe('messages', () => {
  it('{"discount_rate": 1e400} names the number, not null; a number beyond the bounds says which bound', () => {
    const dir = hostileDir();
    const f = join(dir, 'big.json');
    writeFileSync(f, '{"discount_rate": 1e400}');
    const r = dcsim(['run', SMALL, '--scenario', f]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('"discount_rate": "1e400" is beyond the magnitudes');
    expect(r.stderr).not.toMatch(/null/);
    // bounds: 40 significant digits, magnitude 1e-30..1e+30
    expect(numberLimitProblem(`0.${'9'.repeat(40)}`)).toBeUndefined();
    expect(numberLimitProblem(`0.${'9'.repeat(41)}`)).toMatch(/41 significant digits/);
    expect(numberLimitProblem('1e30')).toBeUndefined();
    expect(numberLimitProblem('1e31')).toMatch(/magnitudes/);
    expect(numberLimitProblem('0.000000000000000000000000000001')).toBeUndefined(); // 1e-30
    expect(numberLimitProblem('0.0000000000000000000000000000001')).toMatch(/magnitudes/); // 1e-31
    expect(numberLimitProblem('0e999999')).toBeUndefined(); // zero
  });

  it('a bad --cohorts-out extension is blamed on --cohorts-out; -o under a regular file names no temporary file', () => {
    const r = dcsim(['run', SMALL, '--scenario', SMALL_SCENARIO, '--by', 'dual_status', '--cohorts-out', 'cohorts.xyz', '-O', 'csv']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^dcsim: error: --cohorts-out cohorts\.xyz: cannot tell the format/);
    const dir = hostileDir();
    writeFileSync(join(dir, 'file'), 'x');
    const o = dcsim(['run', SMALL, '--scenario', SMALL_SCENARIO, '-o', join(dir, 'file', 'x.csv')]);
    expect(o.status).toBe(1);
    expect(o.stderr).toMatch(/cannot write: .*file is not a folder/);
    expect(o.stderr).not.toMatch(/\.tmp/);
  });

  it('escape and bell bytes from headers, rows and scenario names reach the terminal escaped', () => {
    const dir = hostileDir();
    const csv = readFileSync(SMALL, 'utf8').split('\n');
    const headerCsv = join(dir, 'header.csv');
    writeFileSync(headerCsv, [`${csv[0]},\x1b[31mred\x07`, ...csv.slice(1).map((l) => (l ? `${l},x` : l))].join('\n'));
    const h = dcsim(['run', headerCsv, '--scenario', SMALL_SCENARIO, '-O', 'csv']);
    expect(h.status, h.stderr).toBe(0);
    expect(h.stderr).toContain('\\x1b[31mred\\x07');
    expect(h.stderr).not.toMatch(/[\x07\x1b]/);

    const rowCsv = join(dir, 'row.csv');
    writeFileSync(rowCsv, [csv[0], 'B1,2023,\x1b]0;pwned\x07oops,12,1.0,aged_disabled,none,true,false,false,false,0,0,,'].join('\n'));
    const e = dcsim(['run', rowCsv, '--scenario', SMALL_SCENARIO]);
    expect(e.status).toBe(1);
    expect(e.stderr).toContain('\\x1b]0;pwned\\x07oops');
    expect(e.stderr).not.toMatch(/[\x07\x1b]/);

    const scen = join(dir, 'named.json');
    writeFileSync(scen, JSON.stringify({ ...JSON.parse(readFileSync(SMALL_SCENARIO, 'utf8')), name: 'evil\u001b[2J\u202e' }));
    const t = dcsim(['run', SMALL, '--scenario', scen, '-O', 'table', '--no-color']);
    expect(t.status, t.stderr).toBe(0);
    expect(t.stdout).toContain('evil\\x1b[2J\\u{202e}');
    expect(t.stdout).not.toMatch(/[\x1b\u202e]/);
    const list = join(dir, 'list.json');
    writeFileSync(list, JSON.stringify([{ name: 'a\u0007b' }, { name: 'c' }]));
    const s = dcsim(['sweep', SMALL, '--scenario', SMALL_SCENARIO, '--scenarios', list, '-O', 'table', '--no-color']);
    expect(s.status, s.stderr).toBe(0);
    expect(s.stdout).toContain('a\\x07b');
    expect(s.stdout).not.toMatch(/\x07/);
  });

  it('terminalSafe: controls, DEL, C1 and invisible format characters escaped; tab and text kept; the caret still points at the field', () => {
    expect(terminalSafe('a\tb é 中')).toBe('a\tb é 中');
    expect(terminalSafe('\x00\x1b\x7f\x85\u200b\u2028\ufeff')).toBe('\\x00\\x1b\\x7f\\x85\\u{200b}\\u{2028}\\u{feff}');
    const text = formatDiagnostic({ file: 'f.csv', line: 2, column: 5, lineText: '\x1b\x1bA,xyz', message: 'bad' });
    const [, excerpt, caret] = text.split('\n');
    // "\x1b\x1bA," shows as 10 characters: the caret stands under the x of xyz (shown column 11)
    expect(excerpt).toBe('  2 | \\x1b\\x1bA,xyz');
    expect(caret!.indexOf('^') - caret!.indexOf('|') - 2).toBe(10);
  });

  it('scenario syntax errors keep their line and column', () => {
    const dir = hostileDir();
    const f = join(dir, 's.json');
    writeFileSync(f, '{\n  "track": "global",\n  "rules": reach\n}\n');
    const r = dcsim(['run', SMALL, '--scenario', f]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/s\.json:3:12: not valid JSON: Unexpected token "r"/);
    expect(r.stderr).toMatch(/^ {4}\| {12}\^$/m); // one space after the bar, then 11 before the column
  });
});
