// Writing a report or workbook: to the -o file atomically, or to stdout in a pipe. The one place
// these commands touch the output layer (src/io/output.ts).
import { usageError } from '../domain/errors.js';
import { writeFileOutput } from '../io/output.js';
import type { Io } from './io.js';

/** Text (the HTML report) to the -o file, atomically, or to stdout. */
export async function writeText(text: string, output: string | undefined, io: Io): Promise<void> {
  if (output) await writeFileOutput(output, text);
  else await io.out(text);
}

/** Bytes (an xlsx workbook) to the -o file, atomically, or to stdout when it is not a terminal. */
export async function writeBinary(bytes: Uint8Array, output: string | undefined, io: Io): Promise<void> {
  if (output) await writeFileOutput(output, bytes);
  else if (io.outBytes) await io.outBytes(bytes);
  else throw usageError('this output is binary: give it a file name with -o', 'e.g. -o out.xlsx');
}
