// The reader's decoding, in one place: gzip input recognised by its magic bytes and inflated as it
// streams, UTF-16 recognised and refused, the UTF-8 byte-order mark, UTF-8 validity (and the first
// byte where it breaks), and bytes to text. Nothing else in src/io/csv/ decodes.
import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { DcsimError } from '../../domain/errors.js';

export { isUtf8 };

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** UTF-8 bytes as text (only bytes already checked with isUtf8 are decoded, so nothing is replaced). */
export function decodeUtf8(b: Uint8Array): string {
  return utf8.decode(b);
}

/** The UTF-8 byte-order mark EF BB BF at the start. */
export function hasUtf8Bom(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
}

/** UTF-16 text (a BOM, or every other byte NUL), or undefined. */
export function utf16Of(b: Uint8Array): 'LE' | 'BE' | undefined {
  if (b[0] === 0xff && b[1] === 0xfe) return 'LE';
  if (b[0] === 0xfe && b[1] === 0xff) return 'BE';
  if (b.length >= 4 && b[0] !== 0 && b[1] === 0 && b[2] !== 0 && b[3] === 0) return 'LE';
  if (b.length >= 4 && b[0] === 0 && b[1] !== 0 && b[2] === 0 && b[3] !== 0) return 'BE';
  return undefined;
}

/** Whether the UTF-16 text starts with its byte-order mark. */
export const hasUtf16Bom = (b: Uint8Array): boolean => (b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff);

/** The index of the first byte of b[s, e) where the UTF-8 sequence breaks (e if none does). */
export function firstInvalidUtf8(b: Uint8Array, s: number, e: number): number {
  let i = s;
  while (i < e) {
    let n = 1;
    const c = b[i]!;
    if (c >= 0xc2 && c <= 0xdf) n = 2;
    else if (c >= 0xe0 && c <= 0xef) n = 3;
    else if (c >= 0xf0 && c <= 0xf4) n = 4;
    else if (c >= 0x80) break;
    if (n > 1 && !isUtf8(b.subarray(i, Math.min(e, i + n)))) break;
    i += n;
  }
  return i;
}

export const isGzip = (b: Uint8Array): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** The chunks as they come, or decompressed when the first bytes are gzip's magic. */
export async function decompressed(src: AsyncIterable<Uint8Array | string>, name: string): Promise<{ chunks: AsyncIterable<Uint8Array>; gzip: boolean }> {
  const it = src[Symbol.asyncIterator]();
  let first: Uint8Array | undefined;
  let done = false;
  try {
    // at least the two bytes of gzip's magic (or the whole input, if shorter)
    while (first === undefined || first.length < 2) {
      const r = await it.next();
      if (r.done) {
        done = true;
        break;
      }
      const c = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
      first = first === undefined ? c : Buffer.concat([first, c]);
    }
  } catch (e) {
    throw readError(e, name);
  }
  async function* rest(): AsyncGenerator<Uint8Array> {
    if (first !== undefined && first.length) yield first;
    if (done) return;
    try {
      for (let r = await it.next(); !r.done; r = await it.next()) yield typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    } catch (e) {
      throw readError(e, name);
    }
  }
  if (first === undefined || !isGzip(first)) return { chunks: rest(), gzip: false };
  const gunzip = createGunzip();
  const out = Readable.from(rest()).pipe(gunzip);
  async function* unzipped(): AsyncGenerator<Uint8Array> {
    try {
      for await (const c of out) yield c as Uint8Array;
    } catch (e) {
      if (e instanceof DcsimError) throw e;
      throw new DcsimError([{ file: name, message: `the gzip data is damaged: ${(e as Error).message}`, hint: 'check the file with gzip -t' }], 1);
    }
  }
  return { chunks: unzipped(), gzip: true };
}

function readError(e: unknown, name: string): DcsimError {
  if (e instanceof DcsimError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  return new DcsimError([{ file: name, message: code === 'EISDIR' ? 'standard input is a directory, not a CSV file' : `cannot read: ${(e as Error).message}` }], 1);
}
