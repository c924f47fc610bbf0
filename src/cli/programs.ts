// The program list of `compare`, `risk --compare` and `report` (METHODOLOGY-2027 section 4):
// --programs reach/global,lead/global,mssp/enhanced,... with a scenario per program
// (--scenario-for PROGRAM=FILE, repeatable) and a benchmark per program
// (--benchmark-pbpm "mssp:aged_disabled=1000,esrd=8000;reach:aged_disabled=990"). argv -> options.
import { usageError } from '../domain/errors.js';
import { byEntitlementFlag, FLAG_ORIGIN, parseValue, type ScenarioInput } from '../domain/scenario.js';
import { readScenarioFile } from '../io/scenario-file.js';
import { programOption, type PaymentOption } from '../usecases/compare.js';
import { parsePrograms, programLabel, targets, type ProgramChoice } from '../usecases/programs.js';

const TARGET = /^\s*((?:reach|lead|mssp)(?:\/[a-z_]+)?)\s*:\s*(.*)$/s;

/**
 * The options of --programs, with what `baseOf` makes of the other flags (the base scenario `input`). A --benchmark-pbpm segment "PROGRAM:ent=rate,..."
 * (segments separated by ';') is that program's benchmark; a segment without a program is everyone's.
 */
export function programOptionsFrom<B extends { input: ScenarioInput }>(opts: Record<string, unknown>, baseOf: (rest: Record<string, unknown>) => B): B & { options: PaymentOption[] } {
  const choices = parsePrograms(String(opts.programs));
  for (const k of ['program', 'msspTrack', 'tracks'] as const) {
    if (opts[k] !== undefined) throw usageError(`--${k === 'msspTrack' ? 'mssp-track' : k}: --programs settles every program in its list`, 'e.g. --programs reach/global,mssp/enhanced');
  }
  const own = new Map<ProgramChoice, ScenarioInput[]>(choices.map((c) => [c, []]));
  const layer = (target: string, input: ScenarioInput, flag: string): void => {
    const hit = choices.filter((c) => targets(target, c));
    if (hit.length === 0) throw usageError(`${flag}: "${target}" is not in --programs (${choices.map(programLabel).join(', ')})`, 'name a program (mssp) or a choice of the list (mssp/enhanced)');
    // a program's layer first, then a choice's (the more specific wins)
    for (const c of hit) own.get(c)!.push(input);
  };
  const files = (opts.scenarioFor as string[] | undefined) ?? [];
  const sorted = <T extends { target: string }>(xs: readonly T[]): T[] => [...xs].sort((a, b) => Number(a.target.includes('/')) - Number(b.target.includes('/')));
  const fileLayers = files.map((f) => {
    const m = /^\s*([a-z]+(?:\/[a-z_]+)?)\s*=\s*(.+)$/.exec(f);
    if (!m) throw usageError(`--scenario-for ${f}: expected PROGRAM=FILE`, 'e.g. --scenario-for mssp=mssp.json');
    return { target: m[1]!, file: m[2]! };
  });
  for (const l of sorted(fileLayers)) layer(l.target, readScenarioFile(l.file), '--scenario-for');

  const rest: Record<string, unknown> = { ...opts };
  if (typeof opts.benchmarkPbpm === 'string') {
    const generic: string[] = [];
    const byTarget: { target: string; text: string }[] = [];
    for (const seg of opts.benchmarkPbpm.split(';')) {
      if (seg.trim() === '') continue;
      const m = TARGET.exec(seg);
      if (m) byTarget.push({ target: m[1]!, text: m[2]! });
      else generic.push(seg);
    }
    if (generic.length) rest.benchmarkPbpm = generic.join(',');
    else delete rest.benchmarkPbpm;
    for (const b of sorted(byTarget)) {
      const flag = `--benchmark-pbpm ${b.target}:`;
      layer(b.target, { benchmark_pbpm: parseValue('benchmark_pbpm', byEntitlementFlag(b.text, flag), FLAG_ORIGIN) } as ScenarioInput, flag);
    }
  }
  const b = baseOf(rest);
  const options = choices.map((c) => programOption(b.input, c, Object.assign({}, ...own.get(c)!) as ScenarioInput));
  return { ...b, options };
}
