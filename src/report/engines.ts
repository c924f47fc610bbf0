// The model of `dcsim engines`: each registered track with its capitations, the scenario keys it
// reads and its corridor tables; each capitation mechanism with its keys. The rule sets and the key
// table come from src/domain (the renderer reads them there).
import type { CorridorTable, RuleSetId } from '../domain/rules.js';
import type { ScenarioKey } from '../domain/scenario.js';
import type { Catalog } from '../usecases/catalog.js';

export interface EnginesReport {
  readonly tracks: readonly {
    readonly id: string;
    readonly summary: string;
    readonly capitations: readonly string[];
    readonly parameters: readonly ScenarioKey[];
    readonly corridors: Readonly<Record<RuleSetId, CorridorTable>>;
  }[];
  readonly capitations: readonly { readonly id: string; readonly title: string; readonly summary: string; readonly parameters: readonly ScenarioKey[] }[];
  readonly programs: readonly { readonly id: string; readonly title: string; readonly summary: string; readonly parameters: readonly ScenarioKey[] }[];
}

export function enginesReport(c: Catalog): EnginesReport {
  return {
    tracks: c.tracks.map((t) => ({ id: t.id, summary: t.summary, capitations: t.capitations, parameters: t.parameters, corridors: t.corridors })),
    capitations: c.capitations.map((x) => ({ id: x.id, title: x.title, summary: x.summary, parameters: x.parameters })),
    programs: c.programs.map((x) => ({ id: x.id, title: x.title, summary: x.summary, parameters: x.parameters })),
  };
}
