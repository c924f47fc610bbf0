// Writing a binary result (an xlsx workbook): to the -o file atomically, or to stdout in a pipe.
import { usageError } from '../domain/errors.js';
import { writeAtomic } from '../io/output.js';
import type { Io } from './io.js';

export async function writeBinary(bytes: Uint8Array, output: string | undefined, io: Io): Promise<void> {
  if (output) writeAtomic(output, bytes);
  else if (io.outBytes) await io.outBytes(bytes);
  else throw usageError('this output is binary: give it a file name with -o', 'e.g. -o out.xlsx');
}
