// The alignment file read two ways: plain rows straight from the text, anything else (blanks to
// trim, quotes, a bad value) through cells; both give the same rows, and errors come from the second.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Problems, readAlignment } from '../src/io/cclf/side.js';
import { tempDir } from './tmp.js';

describe('readAlignment', () => {
  it('reads plain rows and the rest alike, in any column order, with the line of each', async () => {
    // header: columns reordered, one extra; then, by line:
    //  2: plain                       -> 1AAAAAAAA01 2024 1..12
    //  3: blanks around values        -> 1AAAAAAAA02 2024 1..6 (start "01" is 1)
    //  4: quoted cells                -> 1AAAAAAAA03 2024 2..3
    //  5: no note cell (not needed)   -> 1AAAAAAAA04 2024 1..12
    //  6: CRLF                        -> 1AAAAAAAA05 2025 5..5
    //  7: blank                       -> skipped
    //  8: start_month 0               -> the error, no row
    //  9: a tab before the MBI        -> trimmed as any blank: 1AAAAAAAA07 2024 4..4
    const text = [
      'performance_year,MBI,end_month,start_month,note',
      '2024,1AAAAAAAA01,12,1,x',
      '2024, 1AAAAAAAA02 ,6,01,y',
      '"2024",1AAAAAAAA03,3,2,"a, b"',
      '2024,1AAAAAAAA04,12,1',
      '2025,1AAAAAAAA05,5,5,z\r',
      '',
      '2024,1AAAAAAAA06,3,0,z',
      '2024,\t1AAAAAAAA07,4,4,z',
    ].join('\n');
    const path = join(tempDir('dcsim-side-'), 'alignment.csv');
    writeFileSync(path, text);
    const p = new Problems(20);
    const rows = await readAlignment(path, p);
    expect(rows).toEqual([
      { mbi: '1AAAAAAAA01', py: 2024, start: 1, end: 12, line: 2 },
      { mbi: '1AAAAAAAA02', py: 2024, start: 1, end: 6, line: 3 },
      { mbi: '1AAAAAAAA03', py: 2024, start: 2, end: 3, line: 4 },
      { mbi: '1AAAAAAAA04', py: 2024, start: 1, end: 12, line: 5 },
      { mbi: '1AAAAAAAA05', py: 2025, start: 5, end: 5, line: 6 },
      { mbi: '1AAAAAAAA07', py: 2024, start: 4, end: 4, line: 9 },
    ]);
    expect(p.list).toHaveLength(1);
    // line 8: 2024 (columns 1-4), the MBI (6-16), 3 (18), then the start month's 0 at column 20
    expect(p.list[0]).toMatchObject({ line: 8, column: 20, message: 'field start_month is outside 1..12: "0"' });
  });
});
