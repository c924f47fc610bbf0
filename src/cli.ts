// The executable's entry: run main() and exit with its code.
import { main, onInterrupt } from './cli/main.js';

onInterrupt();

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`dcsim: internal error: ${String(e)}\n`);
    process.exitCode = 70;
  },
);
