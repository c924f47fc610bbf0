// What the reader says about inputs that are not plain UTF-8 CSV, and ids that only look different:
// issue 14's "messages" and "wrong results accepted silently" classes, on the reader's side.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DcsimError } from '../src/domain/errors.js';
import { INPUT_COLUMNS } from '../src/domain/input-schema.js';
import { readPopulation } from '../src/io/csv/index.js';
import { SYNTH_COLUMNS } from '../src/usecases/synth/generate.js';
import { readFast, readReference, resultSnapshot } from './helpers.js';
import { tempDir } from './tmp.js';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/dcsim.js');
const dir = tempDir('dcsim-msg-');
const HEAD = 'beneficiary_id,performance_year,expenditure\n';

const stream = (...chunks: (string | Uint8Array)[]) =>
  (async function* () {
    for (const c of chunks) yield typeof c === 'string' ? Buffer.from(c) : c;
  })();

async function refusal(p: Promise<unknown>): Promise<DcsimError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(DcsimError);
  return e as DcsimError;
}

describe('ids with Unicode spaces or invisible characters at their ends', () => {
  const variants = ['A1\u00a0', '\u00a0A1', 'A1\u200b', '\u200bA1', 'A1\u2003', 'A1\u3000', '\ufeffA1', 'A1\u200d', 'A1\u2060', ' \u00a0A1\t'];
  for (const v of variants) {
    it(`${JSON.stringify(v)} is the same beneficiary as "A1", on every path`, () => {
      const text = `${HEAD}A1,2023,1\n${v},2023,2\n`;
      const r = readFast(text);
      expect(r.errors.map((e) => [e.line, e.message])).toEqual([[3, 'beneficiary "A1" appears twice in performance year 2023 (first at line 2)']]);
      // the csv-parse reference and a quoted cell say the same
      expect(resultSnapshot(readReference(text))).toEqual(resultSnapshot(r));
      expect(readFast(`${HEAD}A1,2023,1\n"${v}",2023,2\n`).errors).toHaveLength(1);
    });
  }

  it('inside an id they are kept: "A\\u00a01" and "A1" are two beneficiaries; an id of spaces alone is empty', () => {
    expect(readFast(`${HEAD}A1,2023,1\nA\u00a01,2023,2\n`).errors).toEqual([]);
    expect(readFast(`${HEAD}\u00a0\u200b,2023,1\n`).errors.map((e) => e.message)).toEqual(['beneficiary_id is empty']);
  });
});

describe('encodings and compression', () => {
  const csv = `${HEAD}A,2023,100.50\nB,2024,7\n`;

  it('UTF-16 with a BOM, little- or big-endian, is named with the iconv fix', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]);
    const e = await refusal(readPopulation(stream(le), { displayName: 'u16.csv' }));
    expect(e.diagnostics).toEqual([{ file: 'u16.csv', message: 'the file is UTF-16 (little-endian, with a byte-order mark), not UTF-8', hint: 'convert it to UTF-8 first: iconv -f UTF-16 -t UTF-8 in.csv > out.csv' }]);
    const be = Buffer.from(le);
    be.swap16(); // FF FE becomes FE FF
    expect((await refusal(readPopulation(stream(be)))).diagnostics[0]!.message).toBe('the file is UTF-16 (big-endian, with a byte-order mark), not UTF-8');
  });

  it('UTF-16 without a BOM is recognised by its NUL bytes, the byte order named in the fix', async () => {
    const e = await refusal(readPopulation(stream(Buffer.from(csv, 'utf16le'))));
    expect(e.diagnostics[0]!.message).toBe('the file is UTF-16 (little-endian), not UTF-8');
    expect(e.diagnostics[0]!.hint).toContain('iconv -f UTF-16LE -t UTF-8');
  });

  it('gzip is read transparently, from a .csv.gz file, any name, or stdin, with the same result', async () => {
    const plain = await readPopulation(stream(csv));
    const gz = gzipSync(Buffer.from(csv));
    const f = join(dir, 'data.csv.gz');
    writeFileSync(f, gz);
    const odd = join(dir, 'data.bin');
    writeFileSync(odd, gz);
    for (const src of [f, odd]) {
      const r = await readPopulation(src);
      expect(r.stats.gzip).toBe(true);
      expect(r.population.rowsRead).toBe(2);
      expect(r.population.groups.map((g) => g.expenditure.value())).toEqual(plain.population.groups.map((g) => g.expenditure.value()));
    }
    // stdin, the compressed bytes split anywhere
    const r = await readPopulation(stream(gz.subarray(0, 1), gz.subarray(1, 7), gz.subarray(7)));
    expect(r.stats.gzip).toBe(true);
    // 100.50 + 7 = 107.50: 10,750 cents over both groups
    expect(r.population.groups.reduce((s, g) => s + g.expenditure.value(), 0n)).toBe(10750n);
  });

  it('damaged gzip is an error naming the file', async () => {
    const gz = gzipSync(Buffer.from(csv.repeat(50)));
    const e = await refusal(readPopulation(stream(gz.subarray(0, 40)), { displayName: 'x.csv.gz' }));
    expect(e.diagnostics[0]!.file).toBe('x.csv.gz');
    expect(e.diagnostics[0]!.message).toMatch(/^the gzip data is damaged/);
  });
});

describe('other messages', () => {
  it('rows ending in CR alone under an LF header: the CR line ends are named, not a field count', () => {
    const r = readFast(`beneficiary_id,performance_year,expenditure\nA,2023,1\rB,2023,2\rC,2023,3\n`);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ line: 2, message: expect.stringMatching(/carriage return alone \(CR\)/) });
    expect(r.errors[0]!.message).not.toMatch(/expected \d+ fields/);
    expect(r.errors[0]!.lineText).toBe('A,2023,1\u21b5B,2023,2\u21b5C,2023,3');
  });

  it('leading zeros are not "too large": 000000000001.00 is one dollar, 0002023 a year', () => {
    const r = readFast(`${HEAD}A,0000002023,000000000001.00\nB,2023,00000000000000.5\n`);
    expect(r.errors).toEqual([]);
    // 1.00 + 0.50 = 150 cents
    expect(r.population!.groups[0]!.expenditure.value()).toBe(150n);
    // a twelfth significant digit is still too large
    expect(readFast(`${HEAD}A,2023,100000000000.00\n`).errors[0]!.message).toBe('expenditure is too large: "100000000000.00"');
  });

  it('a directory on stdin is named as such', () => {
    const fd = openSync(dir, 'r');
    try {
      const r = spawnSync(process.execPath, [BIN, 'run', '-'], { cwd: ROOT, encoding: 'utf8', stdio: [fd, 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '' } });
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe('dcsim: error: <stdin>: standard input is a directory, not a CSV file\n');
    } finally {
      closeSync(fd);
    }
  });
});

describe('the input schema', () => {
  it('is the table README shows, row for row', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('| column | required | type | default |');
    const table = readme.slice(start).split('\n').slice(2).filter((l, i, a) => l.startsWith('|') && a.slice(0, i).every((x) => x.startsWith('|')));
    expect(table).toEqual(INPUT_COLUMNS.map((c) => `| \`${c.name}\` | ${c.required ? 'yes' : 'no'} | ${c.type} |${c.default ? ` ${c.default} ` : ' '}|`));
  });

  it('drives synth\'s header and the required-column message', () => {
    expect(SYNTH_COLUMNS).toEqual(INPUT_COLUMNS.map((c) => c.name));
    const r = readFast('beneficiary_id,performance_year\nA,2023\n');
    expect(r.errors[0]!.hint).toBe(`the header must name beneficiary_id, performance_year, expenditure; optional columns: ${INPUT_COLUMNS.filter((c) => !c.required).map((c) => c.name).join(', ')}`);
  });
});
