#!/usr/bin/env node
// Benchmark `dcsim cclf` against DuckDB doing the same job on the same synthetic CCLF set (see
// BENCHMARKS.md, "dcsim cclf").
//
//   node scripts/bench-cclf.mjs                 # 10M claim lines, 3 runs each (npm run bench runs it)
//   node scripts/bench-cclf.mjs --lines 200000 --runs 1
//
// The set (bench-data/cclf-<lines>/, generated once, reused) is PY2024 claims at the packet's
// positions, full-width lines: CCLF5 (75% of lines, three lines a claim), CCLF1 (15%), CCLF6 (10%);
// 200,000 beneficiaries aligned all year, 1% of them renamed (their first six months' claims under
// an old MBI, with a CCLF9 row old → new); 5% of the records cancelled by a later record; load
// dates 5-120 days after the thru date, in 12 monthly files and 4 run-out files per kind; --as-of
// 2025-01-31 leaves out the records loaded after it (a run-out cut).
// The peer: DuckDB reads the same lines (read_csv, one VARCHAR column), substr()s the fields,
// applies the crosswalk (one link: the generator's chains are one link long), the sign rule and the
// run-out filter, and groups by current MBI and PY, summing DECIMAL cents. dcsim also checks every
// field, keys every record for the duplicate rule, and computes participant and primary-care spend.
// Both totals are cross-checked. Every figure is a whole process's wall time, started from here;
// peak RSS from GNU time (`/usr/bin/time -f %M`) when installed.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(ROOT);
const NODE = process.execPath;
const argv = process.argv.slice(2);
let lines = 10_000_000;
let runs = 3;
let bin = 'bin/dcsim.js';
let generateOnly = false;
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--lines') lines = Number(argv[++i]);
  else if (argv[i] === '--runs') runs = Number(argv[++i]);
  else if (argv[i] === '--bin') bin = argv[++i];
  else if (argv[i] === '--generate-only') generateOnly = true;
  else {
    process.stderr.write('usage: node scripts/bench-cclf.mjs [--lines N] [--runs N] [--bin bin/dcsim.js] [--generate-only]\n');
    process.exit(2);
  }
}
const log = (s) => process.stderr.write(`${s}\n`);
const SET = join('bench-data', `cclf-${lines}`);
const DIR = join(SET, 'cclf');
const AS_OF = '2025-01-31';

// ---------------------------------------------------------------- the synthetic set
let seed = 0x2545f491;
const rnd = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};
const ALNUM = 'ACDEFGHJKMNPQRTUVWXY0123456789';
/** Beneficiary i's MBI (11 characters), or its old one (a Z second). */
const mbiOf = (i, old) => {
  let s = '';
  for (let v = i; s.length < 9; v = Math.floor(v / 30)) s += ALNUM[v % 30];
  return `${1 + (i % 9)}${old ? 'Z' : 'A'}${s}`;
};

class Out {
  constructor(path) {
    this.fd = openSync(path, 'w');
    this.buf = Buffer.alloc(1 << 24);
    this.pos = 0;
  }
  line(len) {
    if (this.pos + len + 1 > this.buf.length) this.flush();
    this.at = this.pos;
    this.buf.fill(32, this.pos, this.pos + len);
    this.buf[this.pos + len] = 10;
    this.pos += len + 1;
    return this;
  }
  str(start, s) {
    this.buf.write(s, this.at + start - 1, 'latin1');
    return this;
  }
  num(start, width, v) {
    let p = this.at + start - 1 + width - 1;
    for (let k = 0; k < width; k++, v = Math.floor(v / 10)) this.buf[p--] = 48 + (v % 10);
    return this;
  }
  date(start, ymd) {
    const p = this.at + start - 1;
    const y = Math.floor(ymd / 10000);
    const m = Math.floor(ymd / 100) % 100;
    const d = ymd % 100;
    this.buf.write(`${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`, p, 'latin1');
    return this;
  }
  money(start, width, cents) {
    // -9(n).99: blank sign, zero-padded digits, '.', two decimals
    const p = this.at + start - 1;
    const whole = Math.floor(cents / 100);
    const frac = cents % 100;
    this.buf[p + width - 1] = 48 + (frac % 10);
    this.buf[p + width - 2] = 48 + Math.floor(frac / 10);
    this.buf[p + width - 3] = 46;
    let v = whole;
    for (let k = width - 4; k >= 1; k--, v = Math.floor(v / 10)) this.buf[p + k] = 48 + (v % 10);
    return this;
  }
  flush() {
    writeSync(this.fd, this.buf, 0, this.pos);
    this.pos = 0;
  }
  close() {
    this.flush();
    closeSync(this.fd);
  }
}

const ymdPlus = (ymd, days) => {
  const t = Date.UTC(Math.floor(ymd / 10000), (Math.floor(ymd / 100) % 100) - 1, ymd % 100) + days * 86400000;
  const d = new Date(t);
  return d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
};
const DIM = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function generate() {
  if (existsSync(join(SET, 'done'))) return;
  rmSync(SET, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const t0 = Date.now();
  const BENES = 200_000;
  const renamed = (b) => b % 100 === 7;
  // files: 12 monthly (loads in 2024, by load month) and 4 run-out (loads Jan-Apr 2025) per kind
  const fileOf = (load) => (Math.floor(load / 10000) === 2024 ? (Math.floor(load / 100) % 100) - 1 : 12 + Math.min(3, (Math.floor(load / 100) % 100) - 1));
  const nameOf = (k, f) => f < 12
    ? `P.D0001.ACO.ZC${k}Y24.D24${String(f + 1).padStart(2, '0')}28.T0100000`
    : `P.D0001.ACO.ZC${k}R24.D25${String(f - 11).padStart(2, '0')}28.T0100000`;
  const outs = {};
  for (const k of ['1', '5', '6']) outs[k] = Array.from({ length: 16 }, (_, f) => new Out(join(DIR, nameOf(k, f))));
  const NPIS = Array.from({ length: 50 }, (_, i) => 1000000000 + i * 7919);
  const TINS = Array.from({ length: 10 }, (_, i) => 100000000 + i * 104729);
  const HCPCS = ['99213', '99214', '99215', '71045', '80053', '85025', '93000', '36415', '97110', 'G0439'];
  let id = 1;
  let written = 0;
  const kindOf = () => {
    const r = rnd();
    return r < 0.75 ? '5' : r < 0.9 ? '1' : '6';
  };
  const record = (k, b, claim, line, thru, cents, adj, load, npi, tin, hcpcs) => {
    const mbi = renamed(b) && thru < 20240701 ? mbiOf(b, true) : mbiOf(b, false);
    const o = outs[k][fileOf(load)];
    if (k === '1') {
      o.line(437).num(1, 13, claim).str(20, mbi).date(44, thru).date(54, thru).money(82, 17, cents).num(109, 10, npi).str(149, adj).date(161, load);
    } else if (k === '5') {
      o.line(388).num(1, 13, claim).num(14, 10, line).str(24, mbi).date(58, thru).date(88, thru).str(98, hcpcs).money(103, 15, cents).num(126, 10, tin).num(136, 10, npi).str(150, adj).date(162, load);
    } else {
      o.line(247).num(1, 13, claim).num(14, 10, line).str(24, mbi).date(58, thru).date(81, thru).money(96, 15, cents).num(112, 10, npi).str(136, adj).date(148, load);
    }
    written++;
  };
  while (written < lines) {
    const k = kindOf();
    const b = Math.floor(rnd() * BENES);
    const m = 1 + Math.floor(rnd() * 12);
    const thru = 20240000 + m * 100 + 1 + Math.floor(rnd() * DIM[m - 1]);
    const load = ymdPlus(thru, 5 + Math.floor(rnd() * 116));
    const n = k === '5' ? 3 : 1;
    const claim = id++;
    const cancel = rnd() < 0.05;
    const cancelId = cancel ? id++ : 0;
    const cancelLoad = cancel ? ymdPlus(load, 10 + Math.floor(rnd() * 30)) : 0;
    for (let line = 1; line <= n; line++) {
      const cents = k === '1' ? 50000 + Math.floor(rnd() * 2000000) : 500 + Math.floor(rnd() * 30000);
      const npi = NPIS[Math.floor(rnd() * 50)];
      const tin = TINS[Math.floor(rnd() * 10)];
      const hcpcs = HCPCS[Math.floor(rnd() * 10)];
      record(k, b, claim, line, thru, cents, '0 ', load, npi, tin, hcpcs);
      if (cancel) record(k, b, cancelId, line, thru, cents, '1 ', cancelLoad, npi, tin, hcpcs);
    }
  }
  for (const k of Object.keys(outs)) for (const o of outs[k]) o.close();
  const x = new Out(join(DIR, 'P.D0001.ACO.ZC9R24.D250428.T0100000'));
  for (let b = 7; b < BENES; b += 100) x.line(55).str(1, 'M').str(2, mbiOf(b, false)).str(13, mbiOf(b, true));
  x.close();
  const d = new Out(join(DIR, 'P.D0001.ACO.ZC8Y24.D241228.T0100000'));
  for (let b = 0; b < BENES; b++) d.line(549).str(1, mbiOf(b, false)).str(48, b % 20 === 0 ? '11' : '10').str(50, b % 5 === 0 ? '02' : '00');
  d.close();
  let al = 'mbi,performance_year,start_month,end_month\n';
  for (let b = 0; b < BENES; b++) al += `${renamed(b) ? mbiOf(b, true) : mbiOf(b, false)},2024,1,12\n`;
  writeFileSync(join(SET, 'alignment.csv'), al);
  let pa = 'performance_year,tin,npi\n';
  for (let i = 0; i < 20; i++) pa += `2024,${TINS[i % 10]},${NPIS[i]}\n`;
  writeFileSync(join(SET, 'participants.csv'), pa);
  writeFileSync(join(SET, 'codes.txt'), '99213\n99214\n99215\nG0439\n');
  writeFileSync(join(SET, 'done'), `${written}\n`);
  log(`bench-cclf: wrote ${written.toLocaleString('en-US')} claim lines into ${DIR} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

// ---------------------------------------------------------------- the DuckDB peer
const PEER = join(SET, 'duckdb-cclf-peer.mjs');
function writePeer() {
  const src = `// Written by scripts/bench-cclf.mjs: DuckDB doing dcsim cclf's job. usage: node PEER DIR AS_OF
import { DuckDBInstance } from '@duckdb/node-api';
const [dir, asOf] = process.argv.slice(2);
const lines = (k) => \`read_csv('\${dir}/*ZC\${k}*', columns = {'line': 'VARCHAR'}, header = false, auto_detect = false, delim = '\\\\x1f', quote = '', escape = '')\`;
const money = (s, w) => \`CAST(trim(substr(line, \${s}, \${w})) AS DECIMAL(18,2))\`;
const sql = \`
WITH xw AS (
  SELECT trim(substr(line, 13, 11)) AS prv, last(trim(substr(line, 2, 11))) AS cur FROM \${lines('9')} GROUP BY 1
), recs AS (
  SELECT trim(substr(line, 20, 11)) AS mbi, substr(line, 54, 10) AS thru, \${money(82, 17)} AS amt, trim(substr(line, 149, 2)) AS adj, trim(substr(line, 161, 10)) AS ld FROM \${lines('1')}
  UNION ALL
  SELECT trim(substr(line, 24, 11)), coalesce(nullif(trim(substr(line, 88, 10)), ''), substr(line, 58, 10)), \${money(103, 15)}, trim(substr(line, 150, 2)), trim(substr(line, 162, 10)) FROM \${lines('5')}
  UNION ALL
  SELECT trim(substr(line, 24, 11)), coalesce(nullif(trim(substr(line, 81, 10)), ''), substr(line, 58, 10)), \${money(96, 15)}, trim(substr(line, 136, 2)), trim(substr(line, 148, 10)) FROM \${lines('6')}
)
SELECT coalesce(xw.cur, recs.mbi) AS mbi, CAST(substr(thru, 1, 4) AS INTEGER) AS py,
  sum(CASE WHEN adj = '1' THEN -amt ELSE amt END) AS expenditure
FROM recs LEFT JOIN xw ON xw.prv = recs.mbi
WHERE ld = '' OR ld <= '\${asOf}'
GROUP BY 1, 2\`;
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const r = await con.runAndReadAll(\`SELECT count(*) FILTER (WHERE expenditure <> 0) AS n, sum(expenditure) AS total FROM (\${sql})\`);
const [n, total] = r.getRows()[0];
process.stdout.write(\`\${n}\\t\${total}\\n\`);
`;
  writeFileSync(PEER, src);
}

// ---------------------------------------------------------------- measuring
const TIME = '/usr/bin/time';
const haveTime = existsSync(TIME) && spawnSync(TIME, ['-f', '%M', 'true']).status === 0;
const TIME_OUT = join(SET, '.time.txt');
function measure(args) {
  const [cmd, cmdArgs] = haveTime ? [TIME, ['-f', '%M %U %S', '-o', TIME_OUT, NODE, ...args]] : [NODE, args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, cmdArgs, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 30 });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) {
    log(`bench-cclf: \`node ${args.join(' ')}\` exited ${r.status ?? r.signal}\n${r.stderr}`);
    process.exit(1);
  }
  let rssMB = null;
  let cpu = null;
  if (haveTime) {
    const [kb, u, sy] = readFileSync(TIME_OUT, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    rssMB = kb / 1024;
    cpu = u + sy;
  }
  return { s, rssMB, cpu, stdout: r.stdout, stderr: r.stderr };
}
const median = (xs) => {
  const a = [...xs].sort((x, y) => x - y);
  const m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
};

generate();
if (generateOnly) process.exit(0);
writePeer();
// the set's size, and a first read to warm the page cache
let bytes = 0;
for (const f of readdirSync(DIR)) bytes += readFileSync(join(DIR, f)).length;
const dcsimArgs = [bin, 'cclf', DIR, '--participants', join(SET, 'participants.csv'), '--alignment', join(SET, 'alignment.csv'), '--primary-care-codes', join(SET, 'codes.txt'), '--as-of', AS_OF];
const d = [];
const k = [];
let dOut = '';
let kOut = '';
for (let i = 0; i < runs; i++) {
  const a = measure(dcsimArgs);
  const b = measure([PEER, DIR, AS_OF]);
  d.push(a);
  k.push(b);
  dOut = a.stdout;
  kOut = b.stdout;
  log(`bench-cclf: run ${i + 1}/${runs}: dcsim ${a.s.toFixed(2)} s (${a.rssMB?.toFixed(0) ?? 'n/a'} MB), duckdb ${b.s.toFixed(2)} s (${b.rssMB?.toFixed(0) ?? 'n/a'} MB)`);
  if (i === 0) log(a.stderr.trim().split('\n').map((l) => `  ${l}`).join('\n'));
}
// cross-check: rows and total expenditure
// (dcsim writes a row for every aligned beneficiary; DuckDB's groups are those with claims: the
// rows with a non-zero expenditure are compared)
let cents = 0n;
let nonzero = 0;
for (const r of dOut.trim().split('\n').slice(1)) {
  const [w, f] = r.split(',')[2].split('.');
  const c = BigInt(w) * 100n + BigInt(f);
  if (c !== 0n) nonzero++;
  cents += c;
}
const [kn, ktotal] = kOut.trim().split('\t');
const [kw, kf = '0'] = ktotal.split('.');
const kcents = BigInt(kw) * 100n + BigInt(kf.padEnd(2, '0'));
const check = String(nonzero) === kn && cents === kcents ? `ok (${kn} rows, ${kcents} cents)` : `MISMATCH (dcsim ${nonzero} rows, ${cents} cents; duckdb ${kn} rows, ${kcents} cents)`;
const dm = median(d.map((x) => x.s));
const km = median(k.map((x) => x.s));
const fmt = (x) => (x === null ? 'n/a' : x.toFixed(2));
log(`bench-cclf: load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
process.stdout.write([
  `| claim lines | bytes | dcsim median s | duckdb median s | dcsim/duckdb | dcsim CPU s | duckdb CPU s | dcsim peak RSS MB | duckdb peak RSS MB | cross-check |`,
  `|---|---|---|---|---|---|---|---|---|---|`,
  `| ${lines.toLocaleString('en-US')} | ${(bytes / 1e9).toFixed(2)} GB | ${fmt(dm)} | ${fmt(km)} | ${(dm / km).toFixed(2)} | ${fmt(median(d.map((x) => x.cpu)))} | ${fmt(median(k.map((x) => x.cpu)))} | ${fmt(Math.max(...d.map((x) => x.rssMB)))} | ${fmt(Math.max(...k.map((x) => x.rssMB)))} | ${check} |`,
].join('\n') + '\n');
