// A worker thread's share of a parallel read: the header line, then the byte range [start, EOF)
// of the file, through the same CsvReader as the main thread. It reports its groups, errors (with
// line numbers relative to its range) and the hash of every key, so the main thread checks
// duplicates across the whole file.
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { CsvReader } from './csv-reader.js';
import { sortPairs } from './dupset.js';
import { rowBuffers } from './row-table.js';

export interface RangeJob {
  readonly path: string;
  readonly start: number;
  readonly header: Uint8Array;
  readonly source: string;
  readonly maxErrors: number;
  readonly attachments: readonly number[];
  readonly expectedRows: number;
  readonly keepRows: boolean;
}

const job = workerData as RangeJob;
const reader = new CsvReader({ source: job.source, maxErrors: job.maxErrors, attachments: job.attachments, collectHashes: true, expectedRows: job.expectedRows, keepRows: job.keepRows });
reader.feed(Buffer.from(job.header));
const fd = openSync(job.path, 'r');
const buf = Buffer.allocUnsafe(1 << 22);
let pos = job.start;
for (;;) {
  const n = readSync(fd, buf, 0, buf.length, pos);
  if (n === 0) break;
  pos += n;
  reader.feed(buf.subarray(0, n));
}
closeSync(fd);
const r = reader.end();
const raw = r.hashes ?? new Uint32Array(0);
const hashes = sortPairs(raw, raw.length / 2);
parentPort!.postMessage({ groups: r.groups, errors: r.errors, moreErrors: r.moreErrors, rowsRead: r.rowsRead, hashes, nextLine: r.nextLine, ...(r.rows ? { rows: r.rows } : {}) }, [hashes.buffer as ArrayBuffer, ...(r.rows ? rowBuffers(r.rows) : [])]);
