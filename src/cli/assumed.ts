// Rule set lead's assumed values on stderr, for the commands whose outputs have no scenario block
// (sweep, compare, risk, report; run prints them itself): one line, as the defaults are printed.
import type { ScenarioInput } from '../domain/scenario.js';
import { assumedText, leadAssumed } from '../engines/lead-assumed.js';
import { resolveScenario, type Resolved } from '../engines/resolve.js';
import { terminalSafe } from '../render/terminal.js';
import type { Io } from './io.js';

/** The assumed values of a scenario as one line of text, or undefined (not lead, or not resolvable). */
export function assumedLine(input: ScenarioInput | Resolved, years: readonly number[] = []): string | undefined {
  let resolved: Resolved;
  if ('years' in input && 'rules' in input && typeof input.rules === 'object') resolved = input as Resolved;
  else {
    if ((input as ScenarioInput).rules !== 'lead') return undefined;
    try {
      resolved = resolveScenario(input as ScenarioInput, years);
    } catch {
      return undefined; // the command reports the scenario's own error
    }
  }
  const a = leadAssumed(resolved);
  return a.length ? assumedText(a) : undefined;
}

/** Print the line on stderr when there is one. */
export function noteAssumed(io: Io, input: ScenarioInput | Resolved, years: readonly number[] = []): void {
  const line = assumedLine(input, years);
  if (line !== undefined) io.err(`dcsim: assumed (rule set lead, not CMS text): ${terminalSafe(line)}\n`);
}
