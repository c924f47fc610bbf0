// The types of the rule sets (METHODOLOGY section 6; rule set lead, METHODOLOGY-2027): registry ids,
// corridor bands and tables, schedules with their sources and tags. The data is in rules.ts and
// lead.ts, which both read these (so neither imports the other for a type).

/** The ids of the registries (engines/registry.ts types its tables `satisfies Record<TrackId, ...>`). */
export const TRACK_IDS = ['professional', 'global'] as const;
export type TrackId = (typeof TRACK_IDS)[number];
export const CAPITATION_IDS = ['pcc', 'tcc'] as const;
export type CapitationId = (typeof CAPITATION_IDS)[number];
export const RULE_SET_IDS = ['dc', 'reach', 'lead'] as const;
export type RuleSetId = (typeof RULE_SET_IDS)[number];

export interface Band {
  /** Lower edge as a share of the corridor base. */
  readonly from: string;
  /** Upper edge, or null for the open top band. */
  readonly to: string | null;
  /** Share of the savings/losses inside the band that the DCE keeps. */
  readonly share: string;
}

/** How a value is known (METHODOLOGY-2027): [P] primary text, [S] secondary only, [U] not found (a proposal). */
export type Tag = 'P' | 'S' | 'U';

export interface Schedule {
  readonly byYear?: Readonly<Record<number, string>>;
  readonly every?: string;
  /** `every` applies from this PY on; 0 before it. */
  readonly from?: number;
  readonly source: string;
  /** The tag of every value (rule set lead); `tagByYear` overrides it for the PYs it names. */
  readonly tag?: Tag;
  readonly tagByYear?: Readonly<Record<number, Tag>>;
}

export interface RuleSet {
  readonly id: RuleSetId;
  readonly title: string;
  /** Global benchmark discount d(PY); Professional has none. */
  readonly discount: Schedule;
  /** Quality withhold w(PY). */
  readonly withhold: Schedule;
  readonly sequestration: Schedule;
  readonly pccRate: Schedule;
  /** HEBA per aligned month of rows with heba = up / down (METHODOLOGY 4.2). */
  readonly hebaUp: Schedule;
  readonly hebaDown: Schedule;
  /** Global discount of higher-spending entities, where it differs by spending class (lead). */
  readonly discountHigher?: Schedule;
  /** The PYs the rule set covers; a PY outside is an error naming `rules` (lead: 2027-2036). */
  readonly years?: { readonly first: number; readonly last: number };
}

/** A track's corridor tables by rule set; `byYear` overrides the standard table for the years it names. */
export interface CorridorTable {
  readonly standard: readonly Band[];
  readonly byYear?: Readonly<Record<number, readonly Band[]>>;
  /** A separate table for losses (lead); without it losses use the savings table. */
  readonly losses?: readonly Band[];
  readonly source: string;
  readonly lossSource?: string;
  readonly tag?: Tag;
  readonly lossTag?: Tag;
}
