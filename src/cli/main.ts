// Command-line wiring only: the command table, argv parsed, the command run, the exit code.
// Exit 0 success, 1 bad data or scenario, 2 bad usage. Each command (src/cli/NAME.ts) owns its
// flags, help text and work; its module loads only when it runs (or for `dcsim --help`).
import { Command, CommanderError } from 'commander';
import { DcsimError } from '../domain/errors.js';
import { installOutputCleanup, removePendingOutputs, writeStdout } from '../io/output.js';
import { formatError } from '../render/errors.js';
import { terminalSafe } from '../render/terminal.js';
import { VERSION } from '../version.js';
import type { CliCommand } from './command.js';
import type { Io } from './io.js';

/** The commands, in the order `dcsim --help` lists them. */
const COMMANDS: readonly (readonly [name: string, load: () => Promise<{ command: CliCommand }>])[] = [
  ['run', () => import('./run.js')],
  ['sweep', () => import('./sweep.js')],
  ['compare', () => import('./compare.js')],
  ['settle', () => import('./settle.js')],
  ['report', () => import('./report.js')],
  ['risk', () => import('./risk.js')],
  ['engines', () => import('./engines.js')],
  ['synth', () => import('./synth.js')],
];

const processIo = (): Io => ({
  out: writeStdout,
  outBytes: writeStdout,
  err: (t) => void process.stderr.write(t),
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  env: process.env,
  stdin: process.stdin,
});

/** The program with the commands argv may name: the one named first, or all (for help and suggestions). */
async function buildProgram(argv: readonly string[], io: Io, setCode: (c: number) => void): Promise<Command> {
  const program = new Command('dcsim')
    .description('Medicare Direct Contracting / ACO REACH settlement simulator.\nExact per-year settlements (Professional and Global tracks, PCC/TCC) from beneficiary cost CSVs.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(dcsim --help for usage)')
    .configureOutput({
      writeOut: (s) => void io.out(s),
      writeErr: (s) => io.err(s),
      // (the user's words are echoed: shown with control characters escaped, line by line)
      outputError: (s, write) => write(`dcsim: ${s.split('\n').map(terminalSafe).join('\n')}`),
    })
    .exitOverride();
  // the command named first; none for --version; all for help, no command or a misspelt one
  const version = argv[0] === '-V' || argv[0] === '--version';
  const named = COMMANDS.filter(([name]) => name === argv[0]);
  const wanted = version ? [] : named.length ? named : COMMANDS;
  const modules = await Promise.all(wanted.map(([, load]) => load()));
  for (const { command } of modules) {
    command.define(program.command(command.name)).action(async (...args: unknown[]) => {
      // commander passes the positional arguments, then the options, then the command
      const opts = args[args.length - 2] as Record<string, unknown>;
      setCode(await command.run(args.length > 2 ? (args[0] as string | undefined) : undefined, opts, io));
    });
  }
  return program;
}

/** Ctrl-C or a kill: remove any half-written output file, then exit as the signal would (130, 143). */
export function onInterrupt(): void {
  installOutputCleanup();
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let code = 0;
  try {
    const program = await buildProgram(argv, io, (c) => {
      code = c;
    });
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    removePendingOutputs();
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof DcsimError) {
      io.err(formatError(e));
      return e.exitCode;
    }
    io.err(`dcsim: internal error: ${(e as Error).stack ?? String(e)}\nthis is a bug in dcsim: please report it with the command you ran\n`);
    return 70;
  }
}
