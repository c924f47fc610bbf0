// The CSV reader's byte-level decoding, in one place over the shared layer (src/io/decode.ts: gzip,
// UTF-16, directories): the UTF-8 byte-order mark, UTF-8 validity (and the first byte where it
// breaks), and bytes to text. Nothing else in src/io/csv/ decodes.
import { isUtf8 } from 'node:buffer';

export { isUtf8 };
export { utf16Of } from '../decode.js';

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** UTF-8 bytes as text (only bytes already checked with isUtf8 are decoded, so nothing is replaced). */
export function decodeUtf8(b: Uint8Array): string {
  return utf8.decode(b);
}

/** The UTF-8 byte-order mark EF BB BF at the start. */
export function hasUtf8Bom(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
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
