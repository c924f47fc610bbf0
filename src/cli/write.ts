// Every output a command writes goes through here (src/io/output.ts underneath): whole outputs are
// written to their files, all complete before any is renamed into place, then to stdout; streamed
// outputs get one sink, the -o file's or stdout's.
import { openFileSink, writeAll, type Sink } from '../io/output.js';
import { stdoutOf, type Io } from './io.js';

type Parts = readonly (string | Uint8Array)[];

/** Write each [path, parts] to its file, then `stdout` (if any) to stdout. A failure writes none of the files. */
export async function writeOutputs(files: readonly (readonly [string, Parts])[], stdout: Parts | undefined, io: Io): Promise<void> {
  const open: [Sink, Parts][] = [];
  try {
    for (const [path, parts] of files) {
      const sink = await openFileSink(path);
      open.push([sink, parts]);
      for (const p of parts) await sink.write(p);
    }
  } catch (e) {
    for (const [sink] of open) await sink.abort();
    throw e;
  }
  for (const [sink] of open) await writeAll(sink, []);
  if (stdout) await writeAll(stdoutOf(io), stdout);
}

/** The sink a streamed output goes to: the -o file (atomically), or stdout. On an error, main()
 *  removes the temporary file with every pending output. */
export async function outputSink(output: string | undefined, io: Io): Promise<Sink> {
  return output ? openFileSink(output) : stdoutOf(io);
}
