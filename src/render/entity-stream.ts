// `dcsim settle --vary` as CSV and JSON, streamed: each scenario's lines are settled when the renderer
// asks for them, written, and let go, so memory holds one scenario (not scenarios x rows), and the
// event loop runs between scenarios (Ctrl-C and SIGTERM are acted on). The bytes are those of
// entityCsv / renderEntityJson (src/render/entity.ts) for the same report.
import type { Sink } from '../domain/sink.js';
import type { EntityStream } from '../report/entity.js';
import { CsvWriter } from './csv-writer.js';
import { entityCsvHeader, entityJsonHead, lineJson, scenarioCsvRows, scenarioTag, totalsJson } from './entity.js';
import type { RenderOptions } from './options.js';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function entityStreamCsv(m: EntityStream, out: Sink, opts: RenderOptions): Promise<void> {
  const w = new CsvWriter(out, opts);
  w.header(entityCsvHeader(m.head));
  for (const s of m.scenarios) {
    for (const row of scenarioCsvRows(m.head, s)) {
      row.forEach((c, i) => {
        if (i > 0) w.byte(44);
        w.utf8(/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
      });
      w.endRow();
    }
    await w.settle();
    await turn();
  }
  await w.flush();
}

/** JSON.stringify(x, null, 2) nested `depth` spaces in. */
const nested = (x: unknown, depth: number): string => JSON.stringify(x, null, 2).replace(/\n/g, `\n${' '.repeat(depth)}`);

export async function entityStreamJson(m: EntityStream, out: Sink): Promise<void> {
  const r = m.head;
  const head = JSON.stringify(entityJsonHead(r), null, 2);
  await out.write(`${head.slice(0, -2)},\n  "entities": [`);
  const totals: Record<string, unknown>[] = [];
  let first = true;
  for (const s of m.scenarios) {
    const tag = scenarioTag(r, s);
    const parts: string[] = [];
    for (const l of s.lines) {
      parts.push(`${first ? '' : ','}\n    ${nested({ ...tag, ...lineJson(l, false) }, 4)}`);
      first = false;
    }
    for (const t of totalsJson(s)) totals.push({ ...tag, ...t });
    if (parts.length) await out.write(parts.join(''));
    await turn();
  }
  await out.write(`${first ? ']' : '\n  ]'},\n  "totals": ${nested(totals, 2)},\n  "notes": ${nested(r.notes, 2)}\n}\n`);
}
