// The CCLF files of a folder (CCLF.md section 1): every regular file whose name contains
// ZC<k><Y|R><yy>.D<yymmdd>.T<hhmmsst> (plain, or gzip-compressed with any name that does), and every
// such member of a .zip archive; ordered by D then T (then name). Other names are counted, not read.
import { createReadStream } from 'node:fs';
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { DcsimError } from '../../domain/errors.js';
import { pumpMember, zipMembers, type ZipMember } from './zip.js';

const NAME = /ZC([0-9AB])([YR])(\d\d)\.D(\d{6})\.T(\d{7})/i;

export interface CclfName {
  /** The file kind: '0'..'9', 'A', 'B'. */
  readonly kind: string;
  /** A run-out file (R), or monthly (Y). */
  readonly runout: boolean;
  /** The PY the file serves, modulo 100. */
  readonly yy: number;
  /** Creation date and time, yymmdd and hhmmsst, as text (they order as numbers). */
  readonly d: string;
  readonly t: string;
}

/** The CCLF name inside a file name, or undefined. */
export function cclfName(name: string): CclfName | undefined {
  const m = NAME.exec(name);
  if (!m) return undefined;
  return { kind: m[1]!.toUpperCase(), runout: m[2]!.toUpperCase() === 'R', yy: Number(m[3]), d: m[4]!, t: m[5]! };
}

export interface CclfFile extends CclfName {
  /** The file as messages name it: DIR/NAME, or DIR/ARCHIVE.zip/MEMBER. */
  readonly display: string;
  readonly path: string;
  /** The zip member, when inside an archive. */
  readonly member?: ZipMember;
  readonly gzip: boolean;
  /** The bytes it holds (uncompressed), or -1 when unknown (gzip). */
  readonly size: number;
  /** The bytes it takes on disk (compressed, for a gzip file or a zip member). */
  readonly stored: number;
}

export interface CclfListing {
  /** Files in order: D, then T, then name. */
  readonly files: readonly CclfFile[];
  /** Files (and archive members) whose names are not CCLF names. */
  readonly ignored: number;
}

async function isGzipFile(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const b = Buffer.alloc(2);
    const { bytesRead } = await fh.read(b, 0, 2, 0);
    return bytesRead === 2 && b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/** List a folder's CCLF files. `shown` is the folder as the user named it. */
export async function listCclf(dir: string, shown: string): Promise<CclfListing> {
  let names: string[];
  try {
    const st = await stat(dir);
    if (!st.isDirectory()) throw new DcsimError([{ file: shown, message: 'is not a folder: give the folder that holds the CCLF files' }], 1);
    names = (await readdir(dir)).sort();
  } catch (e) {
    if (e instanceof DcsimError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new DcsimError([{ file: shown, message: code === 'ENOENT' ? 'no such folder' : `cannot read the folder: ${(e as Error).message}` }], 1);
  }
  const files: CclfFile[] = [];
  let ignored = 0;
  for (const name of names) {
    const path = join(dir, name);
    const display = join(shown, name);
    const st = await stat(path).catch(() => undefined);
    if (!st?.isFile()) {
      ignored++;
      continue;
    }
    if (/\.zip$/i.test(name)) {
      const fh = await open(path, 'r');
      try {
        for (const m of await zipMembers(fh, st.size, display)) {
          if (m.name.endsWith('/')) continue;
          const base = m.name.slice(m.name.lastIndexOf('/') + 1);
          const n = cclfName(base);
          if (!n) ignored++;
          else files.push({ ...n, display: `${display}/${m.name}`, path, member: m, gzip: false, size: m.size, stored: m.compressedSize });
        }
      } finally {
        await fh.close();
      }
      continue;
    }
    const n = cclfName(name);
    if (!n) {
      ignored++;
      continue;
    }
    const gzip = await isGzipFile(path);
    files.push({ ...n, display, path, gzip, size: gzip ? -1 : st.size, stored: st.size });
  }
  files.sort((a, b) => (a.d < b.d ? -1 : a.d > b.d ? 1 : a.t < b.t ? -1 : a.t > b.t ? 1 : a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  return { files, ignored };
}

const CHUNK = 1 << 22;

/** Read buffers, kept for the next file (a new pair a file would leave 8 MiB a file to the GC). */
const spare: Buffer[] = [];

function readError(file: string, e: unknown): DcsimError {
  if (e instanceof DcsimError) return e;
  const code = (e as { code?: string }).code;
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') return new DcsimError([{ file, message: `the gzip data is damaged: ${(e as Error).message}`, hint: 'check the file with gzip -t' }], 1);
  return new DcsimError([{ file, message: `cannot read: ${(e as Error).message}` }], 1);
}

/** Hand the file's bytes (decompressed) to onChunk, in pieces; each piece is used before the next. */
export async function pumpFile(f: CclfFile, onChunk: (b: Uint8Array) => void): Promise<void> {
  try {
    if (f.gzip) {
      const gunzip = createReadStream(f.path, { highWaterMark: 1 << 20 }).pipe(createGunzip({ chunkSize: 1 << 20 }));
      for await (const c of gunzip) onChunk(c as Uint8Array);
      return;
    }
    let fh: FileHandle | undefined;
    // two buffers: the next piece is read (on libuv's pool) while this one is used; a read still in
    // flight when onChunk throws is waited for before the file is closed
    let pending: Promise<number> | undefined;
    let bufs: Buffer[] | undefined;
    try {
      fh = await open(f.path, 'r');
      if (f.member) {
        await pumpMember(fh, f.member, f.display, onChunk);
        return;
      }
      bufs = [spare.pop() ?? Buffer.allocUnsafe(CHUNK), spare.pop() ?? Buffer.allocUnsafe(CHUNK)];
      const handle = fh;
      const two = bufs;
      const readAt = (k: number, pos: number): Promise<number> => handle.read(two[k]!, 0, CHUNK, pos).then((r) => r.bytesRead);
      pending = readAt(0, 0);
      for (let pos = 0, k = 0; ; k ^= 1) {
        const bytesRead = await pending;
        if (bytesRead === 0) return;
        pos += bytesRead;
        pending = readAt(k ^ 1, pos);
        onChunk(two[k]!.subarray(0, bytesRead));
      }
    } finally {
      await pending?.catch(() => 0);
      if (bufs) spare.push(...bufs);
      await fh?.close();
    }
  } catch (e) {
    throw readError(f.display, e);
  }
}
