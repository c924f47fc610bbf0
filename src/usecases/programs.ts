// The program list of `compare --programs`, `risk --compare --programs` and `report --programs`
// (METHODOLOGY-2027 section 4): "reach/global,lead/professional,mssp/enhanced,..." into options, and
// the scenario each option settles under: the base scenario without the keys the program does not
// read, then the program's own scenario (--scenario-for, the per-program --benchmark-pbpm). Pure.
import { usageError } from '../domain/errors.js';
import { MSSP_TRACK_IDS, type MsspTrackId } from '../domain/mssp.js';
import type { TrackId } from '../domain/rules.js';
import type { ScenarioInput, ScenarioKey } from '../domain/scenario.js';
import { MSSP_ONLY, NOT_MSSP } from '../engines/resolve-mssp.js';
import { PROGRAMS, TRACKS } from '../engines/registry.js';

export type ProgramId = 'reach' | 'lead' | 'mssp';
export const PROGRAM_IDS: readonly ProgramId[] = ['reach', 'lead', 'mssp'];

/** One program of the list: the program and its track (REACH/LEAD: global | professional; MSSP: basic_a ... enhanced). */
export interface ProgramChoice {
  readonly program: ProgramId;
  readonly track: TrackId | MsspTrackId;
}

export function programLabel(p: ProgramChoice): string {
  return `${p.program}/${p.track}`;
}

function tracksOf(program: ProgramId): readonly string[] {
  return program === 'mssp' ? MSSP_TRACK_IDS : Object.keys(TRACKS);
}

/** Every choice, for messages. */
export function allChoices(): string {
  return PROGRAM_IDS.flatMap((p) => tracksOf(p).map((t) => `${p}/${t}`)).join(', ');
}

/** "reach/global,mssp/enhanced" into choices; usage errors (exit 2) name what is wrong. */
export function parsePrograms(text: string, flag = '--programs'): ProgramChoice[] {
  const out: ProgramChoice[] = [];
  for (const part of text.split(',')) {
    const t = part.trim().toLowerCase();
    const m = /^([a-z]+)\/([a-z_]+)$/.exec(t);
    if (!m) throw usageError(`${flag} ${text}: "${part.trim()}" is not PROGRAM/TRACK`, `the choices are ${allChoices()}`);
    const program = m[1] as ProgramId;
    if (!PROGRAM_IDS.includes(program)) throw usageError(`${flag}: unknown program "${m[1]}"`, `programs are ${PROGRAM_IDS.join(', ')}; the choices are ${allChoices()}`);
    if (!tracksOf(program).includes(m[2]!)) throw usageError(`${flag}: ${program} has no track "${m[2]}"`, `${program}'s tracks are ${tracksOf(program).join(', ')}`);
    const c: ProgramChoice = { program, track: m[2] as TrackId | MsspTrackId };
    if (out.some((x) => programLabel(x) === programLabel(c))) throw usageError(`${flag}: ${programLabel(c)} is listed twice`);
    out.push(c);
  }
  return out;
}

/** Whether a --benchmark-pbpm / --scenario-for target ("mssp" or "mssp/enhanced") names a choice of the list. */
export function targets(target: string, c: ProgramChoice): boolean {
  return target === c.program || target === programLabel(c);
}

function without(input: ScenarioInput, keys: readonly string[]): ScenarioInput {
  const out: Record<string, unknown> = { ...input };
  for (const k of keys) delete out[k];
  return out as ScenarioInput;
}

/**
 * The scenario a program choice settles under. The base keys the program does not read are dropped
 * (REACH's discount, withhold, capitation... for MSSP; MSSP's keys for REACH and LEAD); `own` (the
 * program's scenario file and benchmark) is laid over it, and its keys are checked as given.
 */
export function programInput(base: ScenarioInput, c: ProgramChoice, own: ScenarioInput = {}): ScenarioInput {
  const id = PROGRAMS[c.program]!.id;
  if (c.program === 'mssp') {
    return { ...without(base, [...NOT_MSSP, 'track', 'rules']), ...own, program: 'mssp', mssp_track: c.track as MsspTrackId };
  }
  const kept = without(base, MSSP_ONLY as readonly ScenarioKey[]);
  const rules = own.rules ?? (c.program === 'lead' ? 'lead' : kept.rules === 'dc' || kept.rules === 'reach' ? kept.rules : 'reach');
  const capitation = own.capitation ?? kept.capitation;
  return {
    ...without(kept, ['rules', 'program', 'capitation']), ...without(own, ['capitation']),
    program: id as ProgramId, track: c.track as TrackId, rules: rules as ScenarioInput['rules'],
    // TCC is Global's: a Professional choice keeps PCC
    ...(capitation !== undefined && !(capitation === 'tcc' && c.track === 'professional') ? { capitation } : {}),
  };
}
