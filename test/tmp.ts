// Temporary folders for tests: each is removed after its test file (test/setup.ts), so one
// `npm test` leaves the temporary directory as it found it (.ci/run checks that it does).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = new Set<string>();

/** A new empty folder under the temporary directory, removed when the test file ends. */
export function tempDir(prefix = 'dcsim-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
}
