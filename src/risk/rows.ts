// The reader's per-row columns (readInput(path, { keepRows: true }).population.rows), declared here
// in one place until the reader that fills them lands; then this file re-exports the reader's type.
export interface RowTable {
  readonly length: number;
  readonly py: Uint16Array;
  readonly months: Uint8Array;
  /** FLAG_CLAIMS | FLAG_VOLUNTARY | FLAG_MLTSS (mltss_enrolled && !opted_out) */
  readonly flags: Uint8Array;
  /** Index into ENTITLEMENTS. */
  readonly entitlement: Uint8Array;
  /** 1 up, -1 down, 0 none. */
  readonly heba: Int8Array;
  /** Cents, exact integers. */
  readonly expenditure: Float64Array;
  readonly primaryCare: Float64Array;
  readonly participant: Float64Array;
  /** risk_score = riskMantissa / 10^riskScale */
  readonly riskMantissa: Float64Array;
  readonly riskScale: Uint8Array;
  /** The row's own benchmark_pbpm in cents; 0 = none. */
  readonly ownRate: Float64Array;
}
