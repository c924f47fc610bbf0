// An entity-year as `dcsim settle` reads it (METHODOLOGY section 11): one row per entity per PY,
// the entity's own totals (CMS's settlement report, or CMS's public per-entity results, the PUF).
// Money is exact (a Ratio: the PUF publishes 4 decimals); rates are exact shares.
import type { Ratio } from './exact.js';
import type { MsrChoice, MsspTrackId, QualityStatus } from './mssp.js';
import type { TrackId } from './rules.js';

/** The fields of section 11, by their generic names. */
export const ENTITY_FIELDS = [
  'entity_id', 'performance_year', 'track', 'entity_name', 'performance_benchmark', 'benchmark', 'expenditure',
  'heba_up', 'heba_down', 'discount_rate', 'quality_score', 'retention_withhold_rate',
  'published_shared_savings', 'published_settlement',
  // METHODOLOGY-2027 (programs lead and mssp; docs/mssp.md)
  'program', 'spending_class', 'enhanced_pcc_paid', 'msr', 'quality_status', 'assigned_beneficiaries', 'participant_revenue',
  'low_revenue', 'capitation_paid', 'fee_reduction',
] as const;
export type EntityField = (typeof ENTITY_FIELDS)[number];

/** CMS's PUF column names ("ACO REACH Financial and Quality Results"), aliases of the generic names. */
export const PUF_ALIASES: Readonly<Partial<Record<EntityField, string>>> = {
  entity_id: 'ACO_ID',
  performance_year: 'PERF_YEAR',
  track: 'RISK_ARRANGEMENT',
  entity_name: 'ACO_NAME',
  performance_benchmark: 'FINAL_BENCHMARK',
  expenditure: 'TOT_COST_CARE_NET',
  heba_up: 'HEBA_UP_AMT',
  heba_down: 'HEBA_DOWN_AMT',
  discount_rate: 'DISCOUNT',
  quality_score: 'QUAL_SCR',
  retention_withhold_rate: 'RETENTION_WITHHOLD',
  published_shared_savings: 'SHARED_SAVINGS',
  published_settlement: 'SHARED_SAVINGS_SEQ',
  enhanced_pcc_paid: 'EPCC_PMT_AMT',
};

export type EntityLayout = 'generic' | 'puf';

export interface EntityRow {
  /** 1-based line of the row in its file (for messages). */
  readonly line: number;
  /** The row's text (for the caret of a message about it). */
  readonly text: string;
  readonly entityId: string;
  readonly entityName: string;
  readonly py: number;
  readonly track: TrackId;
  /** B (after RTA, before discount and withholds), when given. */
  readonly benchmark?: Ratio;
  /** B*, before HEBA, when given. */
  readonly performanceBenchmark?: Ratio;
  readonly expenditure: Ratio;
  /** H = heba_up − |heba_down| (the PUF writes the downward amount negative; either sign reads as a reduction). */
  readonly heba: Ratio;
  readonly discountRate?: Ratio;
  readonly qualityScore?: Ratio;
  readonly retentionWithholdRate?: Ratio;
  readonly publishedSharedSavings?: Ratio;
  readonly publishedSettlement?: Ratio;
  /** reach (default), lead or mssp. */
  readonly program: 'reach' | 'lead' | 'mssp';
  /** Program mssp: the row's MSSP track (`track` is then a placeholder). */
  readonly msspTrack?: MsspTrackId;
  /** Program lead: lower- or higher-spending than its region. */
  readonly spendingClass?: 'lower' | 'higher';
  /** Enhanced PCC paid during the year (a cash line outside E, recouped at settlement). */
  readonly enhancedPccPaid?: Ratio;
  readonly msr?: MsrChoice;
  readonly qualityStatus?: QualityStatus;
  readonly assignedBeneficiaries?: number;
  readonly participantRevenue?: Ratio;
  readonly lowRevenue?: boolean;
  /** With these, expenditure is claims: E = expenditure - fee_reduction + capitation_paid. */
  readonly capitationPaid?: Ratio;
  readonly feeReduction?: Ratio;
}

export interface EntityFile {
  /** The file as the user named it ("<stdin>" for -). */
  readonly source: string;
  readonly layout: EntityLayout;
  readonly rows: readonly EntityRow[];
  /** The section 11 fields the header has. */
  readonly columns: ReadonlySet<EntityField>;
  /** Header names that are not section 11 fields (ignored). */
  readonly unknownColumns: readonly string[];
}
