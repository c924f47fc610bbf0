// The input schema (METHODOLOGY section 2): one table of the beneficiary CSV's columns. It drives the
// reader's validation and column roles (src/io/csv), synth's header, and README's input table (a test
// checks that README's table is this one). To add a column: a row here, its parse in io/csv/rowsink.ts
// and io/csv/fast-row.ts (the compiler asks for its role there), and its use.

/** How a column's cells are read. */
export type InputKind = 'id' | 'year' | 'money' | 'months' | 'risk' | 'enum' | 'bool';

export interface InputColumn {
  readonly name: string;
  readonly required: boolean;
  readonly kind: InputKind;
  /** The type as README's input table states it. */
  readonly type: string;
  /** The default as README's input table states it ('' for a required column). */
  readonly default: string;
  /** What the column means. */
  readonly doc: string;
  /** An enum's words (lower case), the default first. */
  readonly values?: readonly string[];
}

/** The `heba` column's words, by their index in parse order: none (the default), up, down. */
export const HEBA_VALUES = ['none', 'up', 'down'] as const;

/** Every input column, in METHODOLOGY section 2's order. */
export const INPUT_COLUMNS = [
  { name: 'beneficiary_id', required: true, kind: 'id', type: 'text, unique within a PY', default: '', doc: 'the beneficiary; Unicode spaces and invisible characters at its ends are ignored' },
  { name: 'performance_year', required: true, kind: 'year', type: 'integer (2000–2099)', default: '', doc: 'the performance year (PY)' },
  { name: 'expenditure', required: true, kind: 'money', type: 'money ≥ 0: Parts A+B in aligned months, as if paid FFS', default: '', doc: 'total cost of care in the aligned months, before any capitation fee reduction' },
  { name: 'aligned_months', required: false, kind: 'months', type: 'integer 1..12', default: '12', doc: 'member months in the PY' },
  { name: 'risk_score', required: false, kind: 'risk', type: 'decimal > 0 (at most 12 decimals)', default: '1', doc: 'normalized risk score applied to the benchmark rate' },
  { name: 'entitlement', required: false, kind: 'enum', type: '`aged_disabled` \\| `esrd`', default: '`aged_disabled`', doc: 'separate benchmark rates', values: ['aged_disabled', 'esrd'] },
  { name: 'dual_status', required: false, kind: 'enum', type: '`full` \\| `partial` \\| `none`', default: '`none`', doc: 'reporting cohort; duals are the MCO/MLTSS population', values: ['none', 'partial', 'full'] },
  { name: 'claims_aligned', required: false, kind: 'bool', type: 'boolean', default: 'true', doc: 'qualifies by plurality of primary-care claims' },
  { name: 'voluntary_aligned', required: false, kind: 'bool', type: 'boolean', default: 'false', doc: 'designated a participant clinician' },
  { name: 'mltss_enrolled', required: false, kind: 'bool', type: 'boolean', default: 'false', doc: "enrolled in the MCO's MLTSS plan (MCO-based DCE)" },
  { name: 'opted_out', required: false, kind: 'bool', type: 'boolean', default: 'false', doc: 'declined MLTSS-enrollment alignment' },
  { name: 'primary_care_spend', required: false, kind: 'money', type: 'money ≥ 0, part of expenditure', default: '0', doc: 'PCC-eligible primary care by participant providers' },
  { name: 'participant_spend', required: false, kind: 'money', type: 'money ≥ 0, part of expenditure, ≥ primary_care_spend', default: '0', doc: 'all services by participant (and opted-in preferred) providers' },
  { name: 'medicaid_spend', required: false, kind: 'money', type: 'money ≥ 0', default: 'empty', doc: 'Medicaid spending for the same months (duals); feeds cost-shift tracking' },
  { name: 'benchmark_pbpm', required: false, kind: 'money', type: "money > 0; overrides the scenario's rate", default: 'scenario', doc: 'a beneficiary-specific rate (e.g. a county rate already blended)' },
  { name: 'heba', required: false, kind: 'enum', type: '`up` \\| `down` \\| `none` (any case): the health equity benchmark adjustment', default: '`none`', doc: 'HEBA group (METHODOLOGY 4.2): up or down adjusts the benchmark per aligned month', values: HEBA_VALUES },
] as const satisfies readonly InputColumn[];

export type InputColumnName = (typeof INPUT_COLUMNS)[number]['name'];

/** The column names, in order. */
export const INPUT_COLUMN_NAMES: readonly InputColumnName[] = INPUT_COLUMNS.map((c) => c.name);

/** The columns every input must have. */
export const REQUIRED_COLUMNS: readonly InputColumnName[] = INPUT_COLUMNS.filter((c) => c.required).map((c) => c.name);

/** The longest line (or quoted record) the reader accepts, in bytes: 1 MiB. */
export const MAX_LINE_BYTES = 1 << 20;
