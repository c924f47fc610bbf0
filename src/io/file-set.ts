// A folder of files written from a stream of pieces (the synthetic CCLF set): each file through its
// own atomic file sink (src/io/output.ts), opened at its first piece, committed at its `end` event.
// A failure or Ctrl-C leaves every file either complete or absent (never half-written).
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dataError } from '../domain/errors.js';
import { ioReason, openFileSink, type Sink } from './output.js';

export interface FilePiece {
  /** Path relative to the folder, '/'-separated. */
  readonly file: string;
  readonly bytes?: Uint8Array;
  readonly end?: boolean;
}

/** Names in `dir` (none when it does not exist). */
export function folderEntries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw dataError(`cannot read the folder: ${ioReason(e, dir)}`, { file: dir });
  }
}

/** Writes every piece under `root` (created with its subfolders as needed). */
export async function writeFileSet(root: string, pieces: Iterable<FilePiece>): Promise<void> {
  const open = new Map<string, Sink>();
  const made = new Set<string>();
  const sinkOf = async (file: string): Promise<Sink> => {
    let s = open.get(file);
    if (!s) {
      const path = join(root, ...file.split('/'));
      const dir = dirname(path);
      if (!made.has(dir)) {
        try {
          mkdirSync(dir, { recursive: true });
        } catch (e) {
          throw dataError(`cannot create the folder: ${ioReason(e, dir)}`, { file: dir });
        }
        made.add(dir);
      }
      s = await openFileSink(path);
      open.set(file, s);
    }
    return s;
  };
  try {
    for (const piece of pieces) {
      const s = await sinkOf(piece.file);
      if (piece.bytes) await s.write(piece.bytes);
      if (piece.end) {
        await s.commit();
        open.delete(piece.file);
      }
    }
    for (const [file, s] of open) {
      await s.commit();
      open.delete(file);
    }
  } catch (e) {
    for (const s of open.values()) await s.abort();
    throw e;
  }
}
