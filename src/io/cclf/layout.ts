// The CCLF record layouts dcsim reads (CCLF.md section 2, from CCLF Information Packet v38 App. B):
// each field's 0-based offset and width, and each file's record length. A record longer than its
// length is an error; a shorter one is padded with blanks.

export interface Field {
  readonly name: string;
  /** 0-based byte offset (the packet's start - 1). */
  readonly at: number;
  readonly width: number;
}

const f = (name: string, start: number, width: number): Field => ({ name, at: start - 1, width });

export const CCLF1 = {
  length: 437,
  id: f('CUR_CLM_UNIQ_ID', 1, 13),
  mbi: f('BENE_MBI_ID', 20, 11),
  thru: f('CLM_THRU_DT', 54, 10),
  amount: f('CLM_PMT_AMT', 82, 17),
  npi: f('FAC_PRVDR_NPI_NUM', 109, 10),
  adj: f('CLM_ADJSMT_TYPE_CD', 149, 2),
  load: f('CLM_IDR_LD_DT', 161, 10),
  /** CCLF.md section 6: subtracted under --exclude-ime-dsh-ucc. */
  removals: [
    f('CLM_MDCR_IP_PPS_CPTL_IME_AMT', 204, 15),
    f('CLM_OPRTNL_IME_AMT', 219, 22),
    f('CLM_MDCR_IP_PPS_DSPRPRTNT_AMT', 241, 15),
    f('CLM_HIPPS_UNCOMPD_CARE_AMT', 256, 15),
    f('CLM_OPRTNL_DSPRPRTNT_AMT', 271, 22),
  ],
} as const;

export const CCLF5 = {
  length: 388,
  id: f('CUR_CLM_UNIQ_ID', 1, 13),
  line: f('CLM_LINE_NUM', 14, 10),
  mbi: f('BENE_MBI_ID', 24, 11),
  thru: f('CLM_THRU_DT', 58, 10),
  lineThru: f('CLM_LINE_THRU_DT', 88, 10),
  hcpcs: f('CLM_LINE_HCPCS_CD', 98, 5),
  amount: f('CLM_LINE_CVRD_PD_AMT', 103, 15),
  tin: f('CLM_RNDRG_PRVDR_TAX_NUM', 126, 10),
  npi: f('RNDRG_PRVDR_NPI_NUM', 136, 10),
  adj: f('CLM_ADJSMT_TYPE_CD', 150, 2),
  load: f('CLM_IDR_LD_DT', 162, 10),
} as const;

export const CCLF6 = {
  length: 247,
  id: f('CUR_CLM_UNIQ_ID', 1, 13),
  line: f('CLM_LINE_NUM', 14, 10),
  mbi: f('BENE_MBI_ID', 24, 11),
  thru: f('CLM_THRU_DT', 58, 10),
  lineThru: f('CLM_LINE_THRU_DT', 81, 10),
  amount: f('CLM_LINE_CVRD_PD_AMT', 96, 15),
  npi: f('PAYTO_PRVDR_NPI_NUM', 112, 10),
  adj: f('CLM_ADJSMT_TYPE_CD', 136, 2),
  load: f('CLM_IDR_LD_DT', 148, 10),
} as const;

export const CCLF8 = {
  length: 549,
  mbi: f('BENE_MBI_ID', 1, 11),
  mdcr: f('BENE_MDCR_STUS_CD', 48, 2),
  dual: f('BENE_DUAL_STUS_CD', 50, 2),
  rng: f('BENE_RNG_BGN_DT', 62, 10),
} as const;

export const CCLF9 = {
  length: 55,
  crnt: f('CRNT_NUM', 2, 11),
  prvs: f('PRVS_NUM', 13, 11),
} as const;

/**
 * The benefit-enhancement files, read only for --add-back-reductions: the VTAPM PBP reduction
 * amount (CCLFA 82,19; CCLFB 78,15; the inclusion amounts at 63 are not used). Their record
 * lengths are not checked (public layouts disagree on their later fields).
 */
export const CCLFA = {
  length: 0,
  id: f('CUR_CLM_UNIQ_ID', 1, 13),
  reduction: f('CLM_PBP_RDCTN_AMT', 82, 19),
} as const;

export const CCLFB = {
  length: 0,
  id: f('CUR_CLM_UNIQ_ID', 1, 13),
  line: f('CLM_LINE_NUM', 14, 10),
  reduction: f('CLM_PBP_RDCTN_AMT', 78, 15),
} as const;

/** A record's length by file kind (0: not checked). */
export const RECORD_LENGTH: Readonly<Record<string, number>> = { '1': 437, '5': 388, '6': 247, '8': 549, '9': 55, A: 0, B: 0 };
