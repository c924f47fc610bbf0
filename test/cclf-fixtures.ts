// Test helper: CCLF records built at the packet's field positions (CCLF.md section 2; start is
// 1-based), and a temporary folder holding them with dcsim's three side files.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './tmp.js';

/** A fixed-width line: each [start, width, value] placed at start (1-based), left-aligned, blank-padded. */
export function fixed(length: number, fields: readonly (readonly [number, number, string])[]): string {
  const b = Buffer.alloc(length, ' ');
  for (const [start, width, value] of fields) {
    if (value.length > width) throw new Error(`${value} does not fit in ${width}`);
    b.write(value, start - 1, 'latin1');
  }
  return b.toString('latin1');
}

/** An amount as the packet writes -9(n).99: sign or blank first, zero-padded. */
export const money = (dollars: string, width = 15): string => {
  const neg = dollars.startsWith('-');
  const [w, f = '00'] = dollars.replace('-', '').split('.');
  return `${neg ? '-' : ' '}${w!.padStart(width - 4, '0')}.${f.padEnd(2, '0')}`.slice(-width);
};

export interface Claim {
  id: string;
  mbi: string;
  thru: string;
  amount: string;
  adj?: string;
  load?: string;
  npi?: string;
}

export const cclf1 = (c: Claim & { from?: string; ime?: string }): string => fixed(437, [
  [1, 13, c.id], [20, 11, c.mbi], [44, 10, c.from ?? c.thru], [54, 10, c.thru], [82, 17, money(c.amount, 17)],
  [109, 10, c.npi ?? ''], [149, 2, c.adj ?? '0'], [161, 10, c.load ?? ''],
  ...(c.ime !== undefined ? [[219, 22, money(c.ime, 22)] as const] : []),
]);

export const cclf5 = (c: Claim & { line: string; lineThru?: string; hcpcs?: string; tin?: string }): string => fixed(388, [
  [1, 13, c.id], [14, 10, c.line], [24, 11, c.mbi], [58, 10, c.thru], [88, 10, c.lineThru ?? ''], [98, 5, c.hcpcs ?? ''],
  [103, 15, money(c.amount)], [126, 10, c.tin ?? ''], [136, 10, c.npi ?? ''], [150, 2, c.adj ?? '0'], [162, 10, c.load ?? ''],
]);

export const cclf6 = (c: Claim & { line: string; lineThru?: string }): string => fixed(247, [
  [1, 13, c.id], [14, 10, c.line], [24, 11, c.mbi], [58, 10, c.thru], [81, 10, c.lineThru ?? ''],
  [96, 15, money(c.amount)], [112, 10, c.npi ?? ''], [136, 2, c.adj ?? '0'], [148, 10, c.load ?? ''],
]);

export const cclf8 = (mbi: string, mdcr: string, dual: string, rng = ''): string => fixed(549, [[1, 11, mbi], [48, 2, mdcr], [50, 2, dual], [62, 10, rng]]);

export const cclf9 = (crnt: string, prvs: string): string => fixed(55, [[1, 1, 'M'], [2, 11, crnt], [13, 11, prvs]]);

/** A CCLF file name of kind k (1, 5, ...) for PY 20yy created on D at T. */
export const cclfName = (k: string, yy: string, d: string, t = '0000000', runout = false): string => `P.D0001.ACO.ZC${k}${runout ? 'R' : 'Y'}${yy}.D${d}.T${t}`;

export interface Folder {
  root: string;
  dir: string;
  args: (asOf: string, ...more: string[]) => string[];
  remove(): void;
}

/** A temporary folder: root/cclf/ with the files, and the side files beside it. */
export function cclfFolder(
  files: Record<string, readonly string[] | Buffer>,
  side: { participants?: string; alignment: string; codes?: string },
): Folder {
  // (removed when the test file ends, as every tempDir is; remove() frees it sooner)
  const root = tempDir('dcsim-cclf-');
  const dir = join(root, 'cclf');
  mkdirSync(dir);
  for (const [name, lines] of Object.entries(files)) writeFileSync(join(dir, name), Buffer.isBuffer(lines) ? lines : `${lines.join('\n')}\n`);
  writeFileSync(join(root, 'participants.csv'), side.participants ?? 'performance_year,tin,npi\n');
  writeFileSync(join(root, 'alignment.csv'), side.alignment);
  writeFileSync(join(root, 'codes.txt'), side.codes ?? '# none\n');
  return {
    root,
    dir,
    args: (asOf, ...more) => ['cclf', dir, '--participants', join(root, 'participants.csv'), '--alignment', join(root, 'alignment.csv'), '--primary-care-codes', join(root, 'codes.txt'), '--as-of', asOf, ...more],
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

export const HEADER = 'beneficiary_id,performance_year,expenditure,aligned_months,entitlement,dual_status,primary_care_spend,participant_spend';
