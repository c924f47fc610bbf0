// The line feeder of the CCLF reader: whatever the chunk sizes, and with the reader's buffer reused
// for every chunk (as pumpFile does for plain files), the same lines come out, numbered as in the file.
import { describe, expect, it } from 'vitest';
import { LineFeeder } from '../src/io/cclf/lines.js';

function linesOf(text: string, sizes: readonly number[], recordLength = 10): { lines: [number, string][]; long: number[] } {
  const data = Buffer.from(text, 'latin1');
  const lines: [number, string][] = [];
  const long: number[] = [];
  const f = new LineFeeder(recordLength, (b, s, e, n) => void lines.push([n, Buffer.from(b.subarray(s, e)).toString('latin1')]), (_b, _s, _e, n) => void long.push(n));
  const reused = Buffer.alloc(64);
  for (let pos = 0, i = 0; pos < data.length; i++) {
    const n = Math.min(sizes[i % sizes.length]!, data.length - pos);
    data.copy(reused, 0, pos, pos + n);
    f.feed(reused.subarray(0, n));
    reused.fill(0x3f); // what a later read would leave there
    pos += n;
  }
  f.end();
  return { lines, long };
}

describe('LineFeeder', () => {
  // lines: 1 "AAAA", 2 blank, 3 "BBBBBBBBBB" (exactly 10), 4 "CC" with CRLF, 5 "  " (blank), 6 "DDD" with no line end
  const text = 'AAAA\n\nBBBBBBBBBB\nCC\r\n  \nDDD';
  const want: [number, string][] = [[1, 'AAAA'], [3, 'BBBBBBBBBB'], [4, 'CC'], [6, 'DDD']];
  for (const sizes of [[1000], [1], [2], [3], [5, 1, 7], [4, 9]]) {
    it(`gives the same lines fed in chunks of ${sizes.join(', ')} bytes into one reused buffer`, () => {
      expect(linesOf(text, sizes)).toEqual({ lines: want, long: [] });
    });
  }
  it('reports a line longer than the record length once, and goes on after it', () => {
    // line 2 is 25 characters with a record length of 10; line 3 is read
    for (const sizes of [[1000], [3], [7, 2]]) expect(linesOf('AAAA\nXXXXXXXXXXXXXXXXXXXXXXXXX\nBB\n', sizes)).toEqual({ lines: [[1, 'AAAA'], [3, 'BB']], long: [2] });
  });
});
