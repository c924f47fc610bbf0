// Every write dcsim makes goes through here: stdout, or a file.
//
// A file is written atomically: into a temporary file created exclusively (O_EXCL, a random name,
// mode 0600) in the target's folder, renamed over the target on commit() and removed on abort(),
// on an error, on Ctrl-C (SIGINT), on SIGTERM and at exit. An earlier file at the path stays intact
// until the new one is complete, and keeps its mode. Only a regular file or a new path is replaced
// that way: a FIFO, a character device (/dev/null), /dev/stdout or a symlink to one of them is
// written through, in place. A symlink to a regular file is followed: the file it points to is
// replaced and the link stays.
//
// stdout: a closed pipe (`| head`) ends the program quietly (exit 0); any other write error (a full
// disk, `> /dev/full`) is one line, `dcsim: error: cannot write to stdout: no space left on device`,
// and exit 1.
import { randomBytes } from 'node:crypto';
import { fstatSync, lstatSync, realpathSync, statSync, unlinkSync, type Stats } from 'node:fs';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DcsimError } from '../domain/errors.js';
import type { Sink } from '../domain/sink.js';

export type { Sink } from '../domain/sink.js';

// ---- the registry of pending temporary files, and the one signal/exit handler ---------------

const pending = new Set<string>();

/** Remove every temporary file not yet renamed into place (synchronous: safe in an exit handler). */
export function removePendingOutputs(): void {
  for (const tmp of pending) {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
  }
  pending.clear();
}

let exitHook = false;
let signalHooks = false;
/** Temporary files whose exclusive creation is in flight, and the exit a signal deferred meanwhile. */
let creating = 0;
let deferredExit: number | undefined;

/** Remove pending temporary files when the process exits (installed by the first file sink). */
function ensureExitHook(): void {
  if (exitHook) return;
  exitHook = true;
  process.on('exit', removePendingOutputs);
}

/**
 * The CLI's one handler for Ctrl-C and kills: on SIGINT/SIGTERM remove every pending temporary file,
 * then end the process with 130/143 as the signal would; at exit remove them too. Idempotent. (A
 * program using the library installs its own signal handling; file sinks clean up at exit.)
 */
export function installOutputCleanup(): void {
  ensureExitHook();
  if (signalHooks) return;
  signalHooks = true;
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.on(sig, () => {
      // a temporary file being created in the thread pool may not exist yet: exit once it does
      if (creating > 0) {
        deferredExit ??= code;
        return;
      }
      removePendingOutputs();
      process.exit(code);
    });
  }
}

// ---- error text ------------------------------------------------------------------------------

const WHY: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  EFBIG: 'file too large',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  EBADF: 'bad file descriptor',
  ENXIO: 'no reader on the other end',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
};

/** A short reason for an I/O error, in words (never the temporary file's name). */
export function ioReason(e: unknown, path?: string): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' && path !== undefined) return `the folder ${dirname(path)} does not exist`;
  if (code === 'ENOTDIR' && path !== undefined) return `${dirname(path)} is not a folder`;
  if (code !== undefined && Object.hasOwn(WHY, code)) return WHY[code]!;
  return code ?? (e instanceof Error ? e.message : String(e));
}

function cannotWrite(path: string, e: unknown): DcsimError {
  return new DcsimError([{ file: path, message: `cannot write: ${ioReason(e, path)}` }], 1);
}

// ---- file sinks ----------------------------------------------------------------------------

/** Bytes gathered before one write to the file. */
const BATCH = 1 << 20;

function statOrUndefined(f: () => Stats): Stats | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

/** How a path is to be written: replaced atomically (at `real`), or written through in place. */
type Plan = { mode: 'atomic'; real: string; keep?: Stats } | { mode: 'through' };

function plan(path: string): Plan {
  const l = statOrUndefined(() => lstatSync(path));
  if (l === undefined) return { mode: 'atomic', real: path };
  if (l.isDirectory()) throw cannotWrite(path, Object.assign(new Error('EISDIR'), { code: 'EISDIR' }));
  if (l.isFile()) return { mode: 'atomic', real: path, keep: l };
  if (l.isSymbolicLink()) {
    const s = statOrUndefined(() => statSync(path));
    if (s === undefined) return { mode: 'atomic', real: path }; // a dangling link: replaced by the file
    if (s.isDirectory()) throw cannotWrite(path, Object.assign(new Error('EISDIR'), { code: 'EISDIR' }));
    if (!s.isFile()) return { mode: 'through' };
    let real: string;
    try {
      real = realpathSync(path);
    } catch {
      return { mode: 'through' };
    }
    // /dev/stdout and friends lead through /proc/self/fd: the file is someone's open descriptor
    if (real.startsWith('/proc/') || path.startsWith('/dev/')) return { mode: 'through' };
    return { mode: 'atomic', real, keep: s };
  }
  return { mode: 'through' }; // FIFO, character or block device, socket
}

/** Whether a (non-regular) path is this process's own stdout, e.g. /dev/stdout. */
function isOwnStdout(path: string): boolean {
  const a = statOrUndefined(() => statSync(path));
  const b = statOrUndefined(() => fstatSync(1));
  return a !== undefined && b !== undefined && a.dev === b.dev && a.ino === b.ino;
}

/** The mode a new file gets: 0666 less the umask. */
function newFileMode(): number {
  const mask = process.umask();
  return 0o666 & ~mask;
}

class FileSink implements Sink {
  private parts: Buffer[] = [];
  private size = 0;
  private done = false;
  private readerGone = false;
  constructor(
    readonly name: string,
    private readonly fh: FileHandle,
    /** The temporary file and the path it is renamed to; undefined when written through. */
    private readonly atomic: { tmp: string; real: string; mode: number; owner?: { uid: number; gid: number } } | undefined,
  ) {}

  async write(chunk: string | Uint8Array): Promise<void> {
    if (this.done) throw new Error(`write after the output ${this.name} was finished`);
    const b = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (b.length >= BATCH) {
      await this.flush();
      await this.writeAll(b);
      return;
    }
    // a copy: the caller may reuse its buffer once this resolves
    this.parts.push(typeof chunk === 'string' ? (b as Buffer) : Buffer.from(b));
    this.size += b.length;
    if (this.size >= BATCH) await this.flush();
  }

  private async writeAll(b: Uint8Array): Promise<void> {
    if (this.readerGone) return;
    try {
      let off = 0;
      while (off < b.length) {
        const { bytesWritten } = await this.fh.write(b, off, b.length - off);
        off += bytesWritten;
      }
    } catch (e) {
      // a FIFO whose reader has gone (| head): the rest is not wanted, as with stdout
      if (!this.atomic && (e as NodeJS.ErrnoException).code === 'EPIPE') {
        this.readerGone = true;
        return;
      }
      await this.abort();
      throw cannotWrite(this.name, e);
    }
  }

  private async flush(): Promise<void> {
    if (this.size === 0) return;
    const b = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    await this.writeAll(b);
  }

  async commit(): Promise<void> {
    if (this.done) return;
    await this.flush();
    this.done = true;
    try {
      if (this.atomic) {
        // root replacing someone's file gives it back to them (before chmod: chown clears set-id bits)
        if (this.atomic.owner) await this.fh.chown(this.atomic.owner.uid, this.atomic.owner.gid).catch(() => undefined);
        await this.fh.chmod(this.atomic.mode);
      }
      await this.fh.close();
    } catch (e) {
      await this.removeTmp();
      throw cannotWrite(this.name, e);
    }
    if (!this.atomic) return;
    try {
      await rename(this.atomic.tmp, this.atomic.real);
      pending.delete(this.atomic.tmp);
    } catch (e) {
      await this.removeTmp();
      throw cannotWrite(this.name, e);
    }
  }

  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    this.parts = [];
    await this.fh.close().catch(() => undefined);
    await this.removeTmp();
  }

  private async removeTmp(): Promise<void> {
    if (!this.atomic) return;
    // unlinked before it leaves the registry, so a Ctrl-C meanwhile still removes it
    await unlink(this.atomic.tmp).catch(() => undefined);
    pending.delete(this.atomic.tmp);
  }
}

/**
 * Open `path` for writing (see the top of this file: atomic for a regular file or a new path,
 * in place for a FIFO, a device or /dev/stdout). Errors are DcsimErrors naming `path` (exit 1).
 */
export async function openFileSink(path: string): Promise<Sink> {
  ensureExitHook();
  const p = plan(path);
  if (p.mode === 'through' && isOwnStdout(path)) return stdoutSink(); // /dev/stdout onto a socket cannot be opened again
  if (p.mode === 'through') {
    try {
      return new FileSink(path, await open(path, 'w'), undefined);
    } catch (e) {
      throw cannotWrite(path, e);
    }
  }
  const dir = dirname(p.real);
  for (let attempt = 0; ; attempt++) {
    const tmp = join(dir, `.${basename(p.real)}.${randomBytes(8).toString('hex')}.tmp`);
    try {
      pending.add(tmp);
      creating++;
      const fh = await open(tmp, 'wx', 0o600).finally(() => {
        // Ctrl-C while the file was being created: now it exists, so it can be removed for sure
        if (--creating === 0 && deferredExit !== undefined) {
          removePendingOutputs();
          process.exit(deferredExit);
        }
      });
      const keep = p.keep;
      const owner = keep && process.getuid?.() === 0 && (keep.uid !== 0 || keep.gid !== 0) ? { uid: keep.uid, gid: keep.gid } : undefined;
      return new FileSink(path, fh, { tmp, real: p.real, mode: keep ? keep.mode & 0o7777 : newFileMode(), ...(owner ? { owner } : {}) });
    } catch (e) {
      pending.delete(tmp);
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 5) continue;
      throw cannotWrite(path, e);
    }
  }
}

/** Write every piece (awaiting backpressure), then commit; abort on any error. */
export async function writeAll(sink: Sink, pieces: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>): Promise<void> {
  try {
    for await (const p of pieces) await sink.write(p);
    await sink.commit();
  } catch (e) {
    await sink.abort();
    throw e;
  }
}

// ---- stdout -----------------------------------------------------------------------------------

let stdoutGuard = false;

/** The one-line message for a failed stdout write, then exit 1 (EPIPE: exit 0, quietly). */
function onStdoutError(e: NodeJS.ErrnoException): void {
  if (e.code === 'EPIPE') process.exit(0);
  removePendingOutputs();
  try {
    process.stderr.write(`dcsim: error: cannot write to stdout: ${ioReason(e)}\n`);
  } catch {
    /* stderr is gone too */
  }
  process.exit(1);
}

function guardStdout(): void {
  if (stdoutGuard) return;
  stdoutGuard = true;
  process.stdout.on('error', onStdoutError);
}

/** Write to the process's stdout, resolving when it can take more. */
export function writeStdout(text: string | Uint8Array): Promise<void> {
  guardStdout();
  return new Promise((resolve) => {
    try {
      // a Buffer is copied: the stream may hold it after this resolves
      if (process.stdout.write(typeof text === 'string' ? text : Buffer.from(text))) resolve();
      else process.stdout.once('drain', () => resolve());
    } catch (e) {
      onStdoutError(e as NodeJS.ErrnoException);
    }
  });
}

/**
 * A sink over a write function (stdout, or a test's capture); commit and abort do nothing. Bytes
 * are decoded as UTF-8: write whole characters.
 */
export function writerSink(name: string, write: (text: string) => Promise<void>, writeBytes?: (bytes: Uint8Array) => Promise<void>): Sink {
  return {
    name,
    write: (chunk) => typeof chunk === 'string' ? write(chunk)
      : writeBytes ? writeBytes(chunk)
      : write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8')),
    commit: async () => undefined,
    abort: async () => undefined,
  };
}

/** The process's stdout as a sink. */
export function stdoutSink(): Sink {
  return writerSink('stdout', writeStdout);
}
