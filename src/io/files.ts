// Questions about files the commands ask before they read or write: a file's size (for the
// progress line), and whether an output is the same file as an input or another output.
import { fstatSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { usageError } from '../domain/errors.js';

/** A file's size in bytes, or undefined (stdin, a pipe, a file that is not there). */
export function fileSize(path: string): number | undefined {
  if (path === '-') return undefined;
  try {
    const s = statSync(path);
    return s.isFile() ? s.size : undefined;
  } catch {
    return undefined;
  }
}

/** A file named on the command line, with the flag or argument that named it. */
export interface NamedFile {
  /** e.g. "-o", "--cohorts-out", "--scenario", "the input" */
  readonly what: string;
  readonly path: string;
}

/**
 * What a path is, as a key comparable across spellings: device and inode for an existing regular
 * file (through `..`, symlinks, hard links), the resolved path for one still to be created, and
 * undefined for anything else (a FIFO, a device, a missing input): those cannot be clobbered.
 */
function identity(path: string, isInput: boolean): string | undefined {
  try {
    const s = path === '-' ? fstatSync(0) : statSync(path);
    return s.isFile() ? `inode:${s.dev}:${s.ino}` : undefined;
  } catch (e) {
    if (isInput || path === '-' || (e as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
    let dir = resolve(dirname(path));
    try {
      dir = realpathSync(dir);
    } catch {
      /* the folder is missing: writing will say so */
    }
    return `new:${resolve(dir, basename(path))}`;
  }
}

/**
 * Refuse (a usage error, exit 2) when an output is the same file as an input or as another output:
 * writing it would replace the input, or lose one of the outputs. Call it before reading anything.
 */
export function assertDistinctFiles(inputs: readonly NamedFile[], outputs: readonly NamedFile[]): void {
  const seen = new Map<string, { file: NamedFile; input: boolean }>();
  for (const f of inputs) {
    const id = identity(f.path, true);
    if (id !== undefined && !seen.has(id)) seen.set(id, { file: f, input: true });
  }
  for (const f of outputs) {
    const id = identity(f.path, false);
    if (id === undefined) continue;
    const other = seen.get(id);
    if (other?.input) {
      const name = other.file.path === '-' ? '(stdin)' : other.file.path;
      throw usageError(`${f.what} ${f.path}: it is the same file as ${other.file.what} ${name}; writing it would replace the input`, 'write the output to another file');
    }
    if (other) throw usageError(`${other.file.what} ${other.file.path} and ${f.what} ${f.path} are the same file; one output would replace the other`, 'give each output its own file');
    seen.set(id, { file: f, input: false });
  }
}
