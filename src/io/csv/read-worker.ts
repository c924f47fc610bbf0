// A worker thread's share of a parallel read (parallel.ts): the header line, then the byte range
// [start, EOF) of the file, through the same CsvReader as the main thread. It reports its groups,
// errors (with line numbers relative to its range), its (PY, id) keys sorted with their record
// numbers and its records' marks (so the main thread checks duplicates across the halves) and, if
// asked, its rows.
import { readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { RangeJob, WorkerResult } from './parallel.js';
import { sortKeysSync } from './keysort.js';
import { CsvReader } from './reader.js';
import { rowBuffers } from './row-table.js';

const job = workerData as RangeJob;
const reader = new CsvReader({ source: job.source, maxErrors: job.maxErrors, attachments: job.attachments, expectedRows: job.expectedRows, keepRows: job.keepRows, collectKeys: true });
reader.feed(Buffer.from(job.header));
// The main thread's descriptor: file descriptors are shared by the threads of a process, and
// positional reads do not move its offset.
const fd = job.fd;
const buf = Buffer.allocUnsafe(1 << 22);
let pos = job.start;
for (;;) {
  const n = readSync(fd, buf, 0, buf.length, pos);
  if (n === 0 || reader.done) break;
  pos += n;
  reader.feed(buf.subarray(0, n));
}
const r = reader.end();
const empty = { h1: new Int32Array(0), h2: new Int32Array(0), marks: { offset: new Float64Array(0), line: new Int32Array(0) } };
const { marks, ...unsorted } = r.keys ?? empty;
// sorted here, while the main thread sorts its own part
const keys = sortKeysSync({ ...unsorted, marks });
// offsets counted in what this reader was fed (the header, then the range): make them file offsets
const shift = job.start - job.header.length;
for (let i = 0; i < marks.offset.length; i++) marks.offset[i] = marks.offset[i]! + shift;
const out: WorkerResult = {
  groups: r.groups as unknown as WorkerResult['groups'], errors: [...r.errors], dupNotes: [...r.dupNotes], moreErrors: r.moreErrors,
  rowsRead: r.rowsRead, keys, marks, nextLine: r.nextLine, paths: r.paths, ...(r.rows ? { rows: r.rows } : {}),
};
const buffers = [keys.h1.buffer, keys.h2.buffer, keys.rec.buffer, marks.offset.buffer, marks.line.buffer] as ArrayBuffer[];
parentPort!.postMessage(out, [...new Set(buffers), ...(r.rows ? rowBuffers(r.rows) : [])]);
