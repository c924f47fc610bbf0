// Reading CCLF files inside a .zip as CMS delivers them, without unpacking to disk: the central
// directory gives the members' names and sizes; a member's data is read in 4 MiB pieces from its
// offset and inflated on the fly (fflate), each inflated piece handed on at once. Zip64 sizes and
// offsets are understood; encrypted members and methods other than stored (0) and deflate (8) are
// refused.
import type { FileHandle } from 'node:fs/promises';
import { Inflate } from 'fflate';
import { DcsimError } from '../../domain/errors.js';

export interface ZipMember {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

const CHUNK = 1 << 22;

function damaged(file: string, why: string): DcsimError {
  return new DcsimError([{ file, message: `not a readable zip archive: ${why}`, hint: 'check it with unzip -t' }], 1);
}

async function readExactly(fh: FileHandle, len: number, pos: number, file: string): Promise<Buffer> {
  const buf = Buffer.alloc(len);
  const { bytesRead } = await fh.read(buf, 0, len, pos);
  if (bytesRead !== len) throw damaged(file, 'it ends early');
  return buf;
}

const u64 = (b: Buffer, at: number): number => b.readUInt32LE(at) + b.readUInt32LE(at + 4) * 4294967296;

/** The archive's members, from its central directory. */
export async function zipMembers(fh: FileHandle, fileSize: number, file: string): Promise<ZipMember[]> {
  const tailLen = Math.min(fileSize, 65557);
  const tail = await readExactly(fh, tailLen, fileSize - tailLen, file);
  let eocd = -1;
  for (let i = tailLen - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw damaged(file, 'no end of central directory record');
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if ((count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) && eocd >= 20 && tail.readUInt32LE(eocd - 20) === 0x07064b50) {
    const at = u64(tail, eocd - 20 + 8);
    const z = await readExactly(fh, 56, at, file);
    if (z.readUInt32LE(0) !== 0x06064b50) throw damaged(file, 'a bad zip64 end of central directory record');
    count = u64(z, 32);
    cdSize = u64(z, 40);
    cdOffset = u64(z, 48);
  }
  if (cdOffset + cdSize > fileSize) throw damaged(file, 'the central directory lies past the end of the file');
  const cd = await readExactly(fh, cdSize, cdOffset, file);
  const out: ZipMember[] = [];
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) throw damaged(file, 'a bad central directory entry');
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    let compressedSize = cd.readUInt32LE(p + 20);
    let size = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    let localOffset = cd.readUInt32LE(p + 42);
    const name = cd.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen);
    // zip64: the sizes and offset that do not fit in 32 bits follow in extra field 0x0001, in order
    let e = p + 46 + nameLen;
    const eEnd = e + extraLen;
    while (e + 4 <= eEnd) {
      const id = cd.readUInt16LE(e);
      const len = cd.readUInt16LE(e + 2);
      if (id === 1) {
        let q = e + 4;
        if (size === 0xffffffff) { size = u64(cd, q); q += 8; }
        if (compressedSize === 0xffffffff) { compressedSize = u64(cd, q); q += 8; }
        if (localOffset === 0xffffffff) localOffset = u64(cd, q);
      }
      e += 4 + len;
    }
    out.push({ name, method, flags, compressedSize, size, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** Hand a member's (inflated) bytes to `onChunk`, piece by piece; each piece is used before the next read. */
export async function pumpMember(fh: FileHandle, m: ZipMember, file: string, onChunk: (b: Uint8Array) => void): Promise<void> {
  if (m.flags & 1) throw new DcsimError([{ file, message: 'the member is encrypted', hint: 'unzip it with its password first' }], 1);
  if (m.method !== 0 && m.method !== 8) throw new DcsimError([{ file, message: `compression method ${m.method} is not supported (stored or deflate only)`, hint: 're-create the archive with zip\'s default compression' }], 1);
  const lh = await readExactly(fh, 30, m.localOffset, file);
  if (lh.readUInt32LE(0) !== 0x04034b50) throw damaged(file, 'a bad local file header');
  let pos = m.localOffset + 30 + lh.readUInt16LE(26) + lh.readUInt16LE(28);
  let left = m.compressedSize;
  const size = Math.min(CHUNK, Math.max(1, left));
  // a stored member reuses one buffer; fflate may keep unread input across push() calls, so deflate
  // data gets a fresh buffer each read
  let buf = Buffer.allocUnsafe(size);
  let inflate: Inflate | undefined;
  let failure: unknown;
  if (m.method === 8) {
    inflate = new Inflate((data) => {
      try {
        onChunk(data);
      } catch (e) {
        failure = e;
        throw e;
      }
    });
  }
  while (left > 0) {
    if (inflate && pos !== m.localOffset + 30 + lh.readUInt16LE(26) + lh.readUInt16LE(28)) buf = Buffer.allocUnsafe(size);
    const len = Math.min(buf.length, left);
    const { bytesRead } = await fh.read(buf, 0, len, pos);
    if (bytesRead === 0) throw damaged(file, 'the member ends early');
    pos += bytesRead;
    left -= bytesRead;
    const piece = buf.subarray(0, bytesRead);
    if (!inflate) onChunk(piece);
    else {
      try {
        inflate.push(piece, left === 0);
      } catch (e) {
        if (failure !== undefined) throw failure;
        throw damaged(file, `the compressed data is damaged (${(e as Error).message})`);
      }
    }
  }
  if (inflate && m.compressedSize === 0) inflate.push(new Uint8Array(0), true);
}
