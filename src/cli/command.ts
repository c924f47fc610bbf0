// One entry of the command table (src/cli/main.ts): each src/cli/NAME.ts exports `command`, which
// owns its arguments, flags and help text (`define`) and its work (`run`).
import type { Command } from 'commander';
import type { Io } from './io.js';

export interface CliCommand {
  readonly name: string;
  /** The description, arguments, flags and help text, on a commander Command already named. */
  define(cmd: Command): Command;
  /** The work: the positional argument (if the command has one), the parsed flags; the exit status. */
  run(data: string | undefined, opts: Record<string, unknown>, io: Io): Promise<number>;
}
