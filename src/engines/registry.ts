// The one registry of payment engines: id -> implementation. Adding an engine is its file and one
// line here; `register*` adds one at run time (a plug-in, or a test) and makes its id a valid value
// of the scenario key.
import { corridorOf, type CapitationId, type RuleSet, type RuleSetId, type TrackId } from '../domain/rules.js';
import { ENUM_VALUES } from '../domain/scenario.js';
import { globalTrack } from './global.js';
import { msspProgram } from './mssp.js';
import { pcc } from './pcc.js';
import { professionalTrack } from './professional.js';
import { tcc } from './tcc.js';
import { exactBands, type Band } from './kernel.js';
import type { CapitationEngine, ProgramEngine, TrackEngine } from './types.js';

export const TRACKS: Record<string, TrackEngine> = {
  professional: professionalTrack,
  global: globalTrack,
} satisfies Record<TrackId, TrackEngine>;

export const CAPITATIONS: Record<string, CapitationEngine> = {
  pcc,
  tcc,
} satisfies Record<CapitationId, CapitationEngine>;

/** Register a track engine (its id becomes a value of the `track` key). */
export function registerTrack(t: TrackEngine): void {
  TRACKS[t.id] = t;
  if (!ENUM_VALUES.track!.includes(t.id)) ENUM_VALUES.track!.push(t.id);
}

/** Register a capitation engine (its id becomes a value of the `capitation` key). */
export function registerCapitation(c: CapitationEngine): void {
  CAPITATIONS[c.id] = c;
  if (!ENUM_VALUES.capitation!.includes(c.id)) ENUM_VALUES.capitation!.push(c.id);
}

/** The corridor bands of a rule set for a registered track and PY, as Ratios. */
export function bandsFor(rules: RuleSet, track: TrackId, py: number): readonly Band[] {
  return exactBands(corridorOf(TRACKS[track]!, rules, py));
}

/** Programs (the `program` key): REACH (rule sets dc, reach), LEAD (rule set lead) on the kernel's
 *  steps; MSSP settles B itself (engines/mssp.ts). */
export const PROGRAMS: Record<string, ProgramEngine> = {
  reach: { id: 'reach', title: 'ACO REACH', summary: 'METHODOLOGY section 5 on rule set dc or reach (PY2021-2026)', parameters: ['track', 'capitation', 'rules'], settlesOwn: false, rules: 'reach' },
  lead: { id: 'lead', title: 'LEAD', summary: 'METHODOLOGY-2027 section 2 on rule set lead (PY2027-2036)', parameters: ['track', 'capitation', 'rules'], settlesOwn: false, rules: 'lead' as RuleSetId },
  mssp: msspProgram,
};
