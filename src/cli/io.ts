// What a command may do to the outside world, passed in so tests can call commands directly.
import { writerSink, type Sink } from '../io/output.js';
export interface Io {
  out(text: string): Promise<void>;
  /** Binary output (an xlsx in a pipe); absent where only text can be captured. */
  outBytes?(bytes: Uint8Array): Promise<void>;
  err(text: string): void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly stdin: AsyncIterable<Buffer | string>;
}

/** Colour only on a terminal, decided here alone: --color/--no-color, then NO_COLOR, FORCE_COLOR. */
export function useColor(flag: boolean | undefined, io: Io): boolean {
  if (flag === false) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0' && io.env.FORCE_COLOR !== 'false') return true;
  if (flag === true) return true;
  return io.stdoutIsTTY;
}

/** The command's stdout as a sink: text through `out`, bytes (an xlsx in a pipe) through `outBytes`. */
export function stdoutOf(io: Io): Sink {
  const bytes = io.outBytes;
  return writerSink('stdout', (t) => io.out(t), bytes ? (b) => bytes.call(io, b) : undefined);
}

/**
 * A command's notes on stderr: every note when the output is not a table (a table prints them under
 * itself), and the warnings always (something the user must see even with the table on screen).
 */
export function printNotes(io: Io, notes: readonly string[], table: boolean, escape: (s: string) => string = (s) => s): void {
  for (const n of notes) if (!table || /(^|: )warning: /.test(n)) io.err(`dcsim: note: ${escape(n)}\n`);
}
