// Writing results: stdout, or a file written atomically (a temporary file renamed into place),
// so an error or Ctrl-C never leaves a half-written file and an earlier file stays intact.
import { renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DcsimError } from '../domain/errors.js';

let pendingTmp: string | undefined;

function cleanup(): void {
  if (pendingTmp) {
    try {
      unlinkSync(pendingTmp);
    } catch {
      /* already gone */
    }
    pendingTmp = undefined;
  }
}

process.once('exit', cleanup);

export function writeAtomic(path: string, text: string | Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  pendingTmp = tmp;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
    pendingTmp = undefined;
  } catch (e) {
    cleanup();
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? `the folder ${dirname(path)} does not exist`
      : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
      : code === 'EISDIR' ? 'it is a directory'
      : (e as Error).message;
    throw new DcsimError([{ file: path, message: `cannot write: ${why}` }], 1);
  }
}

let pipeGuard = false;

/** Write to stdout; a closed pipe (| head) ends quietly. */
export function writeStdout(text: string | Uint8Array): Promise<void> {
  if (!pipeGuard) {
    pipeGuard = true;
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      throw e;
    });
  }
  return new Promise((resolve) => {
    if (process.stdout.write(text)) resolve();
    else process.stdout.once('drain', () => resolve());
  });
}

export { cleanup as removePendingOutput };
