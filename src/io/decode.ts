// The one decoding layer under every reader (beneficiary CSV, entity CSV, scenario files, CCLF side
// files): gzip read transparently (by its magic bytes, whatever the name), UTF-8 only (a BOM
// dropped), UTF-16 named with the command that converts it, NUL bytes refused as binary without
// echoing them, lines ending in CR alone named, a directory (as a path or on stdin) named as such,
// and a line limit so an endless input (/dev/zero) ends with an error in bounded memory.
//
// The beneficiary CSV reader (src/io/csv/) streams and checks bytes as it goes: it takes the pieces
// (decompressed, isGzip, utf16Of, readError, isDirectoryFd). Readers of whole small files call
// readInputBytes (async, any input: a path, '-', a FIFO, a device) or readSmallFileSync (a path,
// synchronously: scenario files), then get the text checked by decodeText.
import { closeSync, constants as fsc, fstatSync, open as openCb, openSync, readSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { constants as zc, createGunzip, gunzipSync } from 'node:zlib';
import { DcsimError, type Diagnostic } from '../domain/errors.js';
import { MAX_LINE_BYTES } from '../domain/input-schema.js';

export const isGzip = (b: Uint8Array): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** UTF-16 text (a BOM, or every other byte NUL), or undefined. */
export function utf16Of(b: Uint8Array): 'LE' | 'BE' | undefined {
  if (b[0] === 0xff && b[1] === 0xfe) return 'LE';
  if (b[0] === 0xfe && b[1] === 0xff) return 'BE';
  if (b.length >= 4 && b[0] !== 0 && b[1] === 0 && b[2] !== 0 && b[3] === 0) return 'LE';
  if (b.length >= 4 && b[0] === 0 && b[1] !== 0 && b[2] === 0 && b[3] !== 0) return 'BE';
  return undefined;
}

export const utf16File = (file: string, order: 'LE' | 'BE', bom: boolean, ext = 'csv'): Diagnostic => ({
  file, message: `the file is UTF-16 (${order === 'LE' ? 'little' : 'big'}-endian${bom ? ', with a byte-order mark' : ''}), not UTF-8`,
  hint: `convert it to UTF-8 first: iconv -f ${bom ? 'UTF-16' : `UTF-16${order}`} -t UTF-8 in.${ext} > out.${ext}`,
});

export const CR_HINT = 're-save the file with LF or CRLF line ends (e.g. tr "\\r" "\\n" < in.csv > out.csv)';
export const UTF8_HINT = 're-save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)';
export const NUL_MESSAGE = (what: string): string => `a NUL byte in the line: this looks like a binary file, not ${what}`;

/** What a reader reads, for messages: "a CSV file", "a scenario file". */
export interface Kind {
  /** e.g. "a CSV file" */
  readonly what: string;
  /** the extension in the iconv hint */
  readonly ext: string;
}
export const CSV_KIND: Kind = { what: 'a CSV file', ext: 'csv' };
export const SCENARIO_KIND: Kind = { what: 'a scenario file', ext: 'json' };

export function isDirectoryFd(fd: number): boolean {
  try {
    return fstatSync(fd).isDirectory();
  } catch {
    return false;
  }
}

/** A read failure as the user's error (a directory on stdin named as such). */
export function readError(e: unknown, name: string, kind: Kind = CSV_KIND): DcsimError {
  if (e instanceof DcsimError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  return new DcsimError([{ file: name, message: code === 'EISDIR' ? `standard input is a directory, not ${kind.what}` : `cannot read: ${(e as Error).message}` }], 1);
}

/** A failure to open a path as the user's error. */
export function openError(e: unknown, name: string, kind: Kind = CSV_KIND): DcsimError {
  const code = (e as NodeJS.ErrnoException).code;
  return new DcsimError([{ file: name, message: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? `is a directory, not ${kind.what}` : `cannot open: ${(e as Error).message}` }], 1);
}

const damaged = (name: string, e: unknown): DcsimError =>
  new DcsimError([{ file: name, message: `the gzip data is damaged: ${(e as Error).message}`, hint: 'check the file with gzip -t' }], 1);

/** The chunks as they come, or decompressed when the first bytes are gzip's magic. */
export async function decompressed(src: AsyncIterable<Uint8Array | string>, name: string, kind: Kind = CSV_KIND): Promise<{ chunks: AsyncIterable<Uint8Array>; gzip: boolean }> {
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
    throw readError(e, name, kind);
  }
  async function* rest(): AsyncGenerator<Uint8Array> {
    try {
      if (first !== undefined && first.length) yield first;
      if (done) return;
      for (let r = await it.next(); !r.done; r = await it.next()) yield typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    } catch (e) {
      throw readError(e, name, kind);
    } finally {
      if (!done) await it.return?.();
    }
  }
  if (first === undefined || !isGzip(first)) return { chunks: rest(), gzip: false };
  const out = Readable.from(rest()).pipe(createGunzip());
  async function* unzipped(): AsyncGenerator<Uint8Array> {
    try {
      for await (const c of out) yield c as Uint8Array;
    } catch (e) {
      if (e instanceof DcsimError) throw e;
      throw damaged(name, e);
    } finally {
      out.destroy();
    }
  }
  return { chunks: unzipped(), gzip: true };
}

export const lineTooLongIn = (file: string, line: number, kind: Kind): Diagnostic => ({
  file, line, message: `line ${line} is longer than ${MAX_LINE_BYTES / (1 << 20)} MiB (${MAX_LINE_BYTES} bytes): this does not look like ${kind.what}`,
  hint: `a line may be at most ${MAX_LINE_BYTES} bytes`,
});

export interface TextInputOptions {
  /** What '-' reads (default: process.stdin). */
  readonly stdin?: AsyncIterable<Uint8Array | string>;
  readonly kind?: Kind;
  /** The name in messages (default: the path, or <stdin>). */
  readonly name?: string;
  /** Largest input taken whole, decompressed (default 512 MiB). */
  readonly maxBytes?: number;
}

/** Inputs read whole are at most this big (decompressed). */
export const MAX_WHOLE_BYTES = 512 << 20;

/**
 * The bytes of a path, '-' (stdin), a FIFO or a device, decompressed, read in chunks (awaited: a
 * signal is handled between them), stopping at a line over MAX_LINE_BYTES or an input over maxBytes.
 */
export async function readInputBytes(path: string, opts: TextInputOptions = {}): Promise<Uint8Array> {
  const name = opts.name ?? (path === '-' ? '<stdin>' : path);
  const kind = opts.kind ?? CSV_KIND;
  const max = opts.maxBytes ?? MAX_WHOLE_BYTES;
  let src: AsyncIterable<Uint8Array | string>;
  let close: (() => Promise<void>) | undefined;
  if (path === '-') {
    const stdin = opts.stdin ?? process.stdin;
    if (stdin === process.stdin && isDirectoryFd(0)) throw new DcsimError([{ file: name, message: `standard input is a directory, not ${kind.what}` }], 1);
    src = stdin;
  } else {
    ({ src, close } = await openInputStream(path, name, kind));
  }
  try {
    const { chunks } = await decompressed(src, name, kind);
    const parts: Uint8Array[] = [];
    let total = 0;
    let line = 1;
    let sinceNewline = 0;
    for await (const c of chunks) {
      let from = 0;
      for (let nl = c.indexOf(10); nl >= 0; nl = c.indexOf(10, nl + 1)) {
        if (sinceNewline + nl - from > MAX_LINE_BYTES) break;
        line++;
        sinceNewline = 0;
        from = nl + 1;
      }
      sinceNewline += c.length - from;
      if (sinceNewline > MAX_LINE_BYTES) throw new DcsimError([lineTooLongIn(name, line, kind)], 1);
      total += c.length;
      if (total > max) throw new DcsimError([{ file: name, message: `the input is larger than ${max / (1 << 20)} MiB: too large for ${kind.what}` }], 1);
      parts.push(c);
    }
    return Buffer.concat(parts);
  } finally {
    await close?.();
  }
}

/**
 * A path as a stream of chunks, read asynchronously (a FIFO or socket through a pipe handle, anything
 * else by positional reads from its current offset), and how to close it. Errors name the path.
 */
export async function openInputStream(path: string, name: string = path, kind: Kind = CSV_KIND): Promise<{ src: AsyncIterable<Uint8Array>; close: () => Promise<void>; regular: boolean }> {
  let src: AsyncIterable<Uint8Array>;
  let close: () => Promise<void>;
  let regular = false;
  {
    let pipe = false;
    try {
      const st = statSync(path);
      if (st.isDirectory()) throw new DcsimError([{ file: name, message: `is a directory, not ${kind.what}` }], 1);
      pipe = st.isFIFO() || st.isSocket();
      regular = st.isFile();
    } catch (e) {
      if (e instanceof DcsimError) throw e;
      throw openError(e, name, kind);
    }
    if (pipe) {
      // read through a pipe handle: a blocking read in the thread pool would hold the process on
      // Ctrl-C while the writer is idle (the open itself waits for a writer, off the main thread)
      const fd = await new Promise<number>((resolve, reject) => openCb(path, 'r', (e, d) => (e ? reject(openError(e, name, kind)) : resolve(d))));
      const sock = new Socket({ fd, readable: true, writable: false });
      src = sock as AsyncIterable<Uint8Array>;
      close = async () => void sock.destroy();
    } else {
      const fh = await open(path, fsc.O_RDONLY).catch((e: unknown) => {
        throw openError(e, name, kind);
      });
      src = (async function* () {
        const buf = Buffer.allocUnsafe(1 << 20);
        for (;;) {
          const { bytesRead } = await fh.read(buf, 0, buf.length, null);
          if (bytesRead === 0) return;
          yield Buffer.from(buf.subarray(0, bytesRead));
        }
      })();
      close = () => fh.close();
    }
  }
  return { src, close, regular };
}

/** A small file read synchronously (a scenario file), at most maxBytes (decompressed), then decodeText. */
export function readSmallFileSync(path: string, kind: Kind, maxBytes = 16 << 20): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw openError(e, path, kind);
  }
  const parts: Buffer[] = [];
  try {
    if (fstatSync(fd).isDirectory()) throw new DcsimError([{ file: path, message: `is a directory, not ${kind.what}` }], 1);
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(1 << 20);
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (e) {
        throw new DcsimError([{ file: path, message: (e as NodeJS.ErrnoException).code === 'EISDIR' ? `is a directory, not ${kind.what}` : `cannot read: ${(e as Error).message}` }], 1);
      }
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new DcsimError([{ file: path, message: `the file is larger than ${maxBytes / (1 << 20)} MiB: this is not ${kind.what}` }], 1);
      parts.push(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  let bytes: Uint8Array = Buffer.concat(parts);
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: maxBytes });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new DcsimError([{ file: path, message: `the file is larger than ${maxBytes / (1 << 20)} MiB once decompressed: this is not ${kind.what}` }], 1);
      throw damaged(path, e);
    }
  }
  return decodeText(bytes, path, kind);
}

/** The first bytes of a possibly gzip-compressed input, decompressed as far as they go. */
export function headOf(bytes: Uint8Array): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes, { finishFlush: zc.Z_SYNC_FLUSH });
  } catch {
    return new Uint8Array(0);
  }
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8', { fatal: false });

/** Line (1-based) and column (1-based, in characters) of byte `at`, and that line's text. */
function placeOf(b: Uint8Array, at: number): { line: number; column: number; lineText: string } {
  let line = 1;
  let start = 0;
  for (let i = b.indexOf(10); i >= 0 && i < at; i = b.indexOf(10, i + 1)) {
    line++;
    start = i + 1;
  }
  let end = b.indexOf(10, at);
  if (end < 0) end = b.length;
  const column = lenientUtf8.decode(b.subarray(start, at)).length + 1;
  const text = lenientUtf8.decode(b.subarray(start, Math.min(end, start + 400))).replace(/\r$/, '');
  return { line, column, lineText: text };
}

/**
 * Bytes of a whole input as text: UTF-16 named, NUL refused (the line not shown: binary is never
 * echoed), invalid UTF-8 placed at its line and column, a UTF-8 BOM dropped, a line ending in CR
 * alone named. Never a replacement character.
 */
export function decodeText(bytes: Uint8Array, name: string, kind: Kind = CSV_KIND): string {
  const order = utf16Of(bytes);
  if (order) throw new DcsimError([utf16File(name, order, (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff), kind.ext)], 1);
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const { line, column } = placeOf(bytes, nul);
    throw new DcsimError([{ file: name, line, column, message: NUL_MESSAGE(kind.what), hint: `export the data as UTF-8 text` }], 1);
  }
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  let text: string;
  try {
    text = fatalUtf8.decode(body);
  } catch {
    const at = firstBadUtf8(body);
    throw new DcsimError([{ file: name, ...placeOf(body, at), message: 'bytes that are not valid UTF-8', hint: UTF8_HINT }], 1);
  }
  const cr = /\r(?!\n)/.exec(text);
  if (cr) {
    const line = (text.slice(0, cr.index).match(/\n/g)?.length ?? 0) + 1;
    const lineStart = text.lastIndexOf('\n', cr.index) + 1;
    throw new DcsimError([{
      file: name, line, column: 1, lineText: text.slice(lineStart, Math.min(text.length, lineStart + 400)).split('\n')[0]!.replace(/\r/g, '\u21b5'),
      message: 'the lines end with a carriage return alone (CR), not LF or CRLF', hint: CR_HINT,
    }], 1);
  }
  return text;
}

/** Offset of the first byte where a UTF-8 sequence breaks. */
function firstBadUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    let n = 1;
    if (c < 0x80) {
      i++;
      continue;
    }
    if (c >= 0xc2 && c <= 0xdf) n = 2;
    else if (c >= 0xe0 && c <= 0xef) n = 3;
    else if (c >= 0xf0 && c <= 0xf4) n = 4;
    else return i;
    if (i + n > b.length) return i;
    try {
      fatalUtf8.decode(b.subarray(i, i + n));
    } catch {
      return i;
    }
    i += n;
  }
  return b.length;
}
