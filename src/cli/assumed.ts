// Rule set lead's assumed values on stderr, for the commands whose outputs have no scenario block
// (sweep, compare, risk, report) and for run's CSV and xlsx: one line, as the defaults are printed.
import { assumedText } from '../domain/lead.js';
import type { ScenarioInput } from '../domain/scenario.js';
import { terminalSafe } from '../render/terminal.js';
import { assumedOf } from '../usecases/simulate.js';
import type { Io } from './io.js';

/** The assumed values of a scenario on the data's PYs as one line, or undefined (not lead, or not resolvable). */
export function assumedLine(input: ScenarioInput, years: readonly number[]): string | undefined {
  const a = assumedOf(input, years);
  return a.length ? assumedText(a) : undefined;
}

/** Print the line on stderr when there is one. */
export function noteAssumed(io: Io, input: ScenarioInput, years: readonly number[]): void {
  const line = assumedLine(input, years);
  if (line !== undefined) io.err(`dcsim: assumed (rule set lead, not CMS text): ${terminalSafe(line)}\n`);
}
