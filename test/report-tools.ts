// The programs the report tests open their files with: Debian's chromium-headless-shell and
// LibreOffice (soffice). In CI (CI set) a missing one fails its test: .ci/run installs them. Outside
// CI a missing one skips its tests, with a message saying so.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = new URL('..', import.meta.url).pathname;
export const OUT = join(ROOT, 'test-output');
mkdirSync(OUT, { recursive: true });

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium-headless-shell';
export const IN_CI = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';

function onPath(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export const SOFFICE = onPath('soffice') ?? onPath('libreoffice');
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const HAVE_SOFFICE = SOFFICE !== undefined;

/** Whether to run a test that needs a program: yes when it is there, and always in CI (where it then fails). */
export function needs(what: string, have: boolean, install: string): boolean {
  if (have) return true;
  if (IN_CI) return true;
  console.warn(`\n*** SKIPPED: ${what} is not installed (${install}); CI installs it and runs these tests ***\n`);
  return false;
}

export function requireProgram(what: string, have: boolean): void {
  if (!have) throw new Error(`${what} is missing: .ci/run should have installed it (apt-get install chromium-headless-shell libreoffice-calc-nogui)`);
}
