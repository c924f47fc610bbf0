// Shared test helpers: read CSV text through either reading path, a comparable snapshot, and the
// CLI run in-process with its output captured.
import { main } from '../src/cli/main.js';
import type { Io } from '../src/cli/io.js';
import { CsvReader, type ReadResult } from '../src/io/csv/reader.js';
import { readWithCsvParse } from './reference-reader.js';
import type { Population } from '../src/domain/population.js';

/** The fast path, fed in the given chunk sizes (cycled); whole when none. */
export function readFast(text: string | Uint8Array, chunks: readonly number[] = [], source = 'test.csv', maxErrors = 1000, noFastPath = false): ReadResult {
  const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
  const r = new CsvReader({ source, maxErrors, ...(noFastPath ? { noFastPath: true } : {}) });
  if (chunks.length === 0) r.feed(data);
  else {
    let pos = 0;
    let i = 0;
    while (pos < data.length) {
      const n = Math.max(1, chunks[i++ % chunks.length]!);
      r.feed(data.subarray(pos, pos + n));
      pos += n;
    }
  }
  return r.end();
}

export function readReference(text: string | Uint8Array, source = 'test.csv', maxErrors = 1000): ReadResult {
  const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
  return readWithCsvParse(data, { source, maxErrors });
}

/** A population as plain JSON-able data (bigints as strings), groups in a stable order. */
export function populationSnapshot(p: Population | undefined): unknown {
  if (!p) return null;
  const scaled = (s: { byScale: ({ value(): bigint } | undefined)[] }) => s.byScale.map((x) => (x ? x.value().toString() : null));
  return {
    rowsRead: p.rowsRead,
    years: p.years,
    columns: p.columns,
    groups: p.groups
      .map((g) => ({
        key: `${g.py}/${g.entitlement}/${g.dual}/${g.flags}`,
        rows: g.rows, months: g.memberMonths,
        exp: g.expenditure.value().toString(), pcs: g.primaryCare.value().toString(), ps: g.participant.value().toString(),
        mcd: g.medicaid.value().toString(), mcdRows: g.medicaidRows, mcdMonths: g.medicaidMonths,
        own: scaled(g.ownRate), ownRows: g.ownRateRows, rm: scaled(g.riskMonths), hebaUp: g.hebaUpMonths, hebaDown: g.hebaDownMonths,
      }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
  };
}

export function resultSnapshot(r: ReadResult): unknown {
  return {
    population: populationSnapshot(r.population),
    errors: r.errors,
    more: r.moreErrors,
    unknown: r.unknownColumns,
  };
}

/** An Io that records what a command writes (no terminal; stdin from a buffer if given). */
export function captureIo(stdin?: Uint8Array): Io & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: async (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: { NO_COLOR: '1' },
    stdin: (async function* () {
      if (stdin) yield Buffer.from(stdin);
    })(),
    stdout: () => out,
    stderr: () => err,
  };
}

/** `dcsim ARGS` in-process: exit status, stdout and stderr. */
export async function dcsimInProcess(args: string[], stdin?: Uint8Array): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = captureIo(stdin);
  const code = await main(args, io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}
