// Writing a report or workbook: to the -o file atomically, or to stdout in a pipe. The one place
// these commands touch the output layer (src/io/output.ts).
import { writeFileOutput } from '../io/output.js';
import type { Io } from './io.js';

/** Text (the HTML report) to the -o file, atomically, or to stdout. */
export async function writeText(text: string, output: string | undefined, io: Io): Promise<void> {
  if (output) await writeFileOutput(output, text);
  else await io.out(text);
}
