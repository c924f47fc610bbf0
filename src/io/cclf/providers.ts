// The participant list and primary-care codes as number-keyed sets, so a claim line's TIN, NPI and
// HCPCS are matched from its bytes without a string (CCLF.md section 4, participant_spend and
// primary_care_spend). Ids that are not 1-10 digits are matched by their text (decoded only then).
import { hcpcsCode, hcpcsCodeOf, idCode, idCodeOf, trimE, trimS } from './fixed.js';
import { PairSet } from './pairset.js';
import type { ParticipantRow } from './side.js';

const TEXT_BASE = 1.2e11;
const PY_SPAN = 2 ** 37;

export class ProviderIndex {
  private readonly texts = new Map<string, number>();
  /** (PY and NPI, 0) */
  private readonly npi = new PairSet();
  /** (PY and NPI, TIN) */
  private readonly tins = new PairSet();
  private readonly codes = new Set<number>();
  private readonly oddCodes = new Set<string>();
  /** Code-list entries that are not 1-5 of 0-9 A-Z (matched by text). */
  readonly unusualCodes: number = 0;

  constructor(participants: readonly ParticipantRow[], codes: readonly string[]) {
    for (const r of participants) {
      const n = this.code(r.npi);
      const t = this.code(r.tin);
      const k = (r.py - 2000) * PY_SPAN + n;
      this.npi.add(k, 0);
      this.tins.add(k, t);
    }
    let unusual = 0;
    for (const c of codes) {
      const v = hcpcsCodeOf(c);
      if (v >= 0) this.codes.add(v);
      else {
        this.oddCodes.add(c);
        unusual++;
      }
    }
    this.unusualCodes = unusual;
  }

  get participantRows(): number {
    return this.npi.size;
  }

  private code(text: string): number {
    const c = idCodeOf(text);
    if (c >= 0) return c;
    const t = text.trim();
    let k = this.texts.get(t);
    if (k === undefined) {
      k = TEXT_BASE + this.texts.size;
      this.texts.set(t, k);
    }
    return k;
  }

  /** The code of an id field, or -2 when its text is in no participant row. */
  private fieldCode(b: Uint8Array, s: number, e: number): number {
    const c = idCode(b, s, e);
    if (c >= 0) return c;
    const t = Buffer.from(b.buffer, b.byteOffset + trimS(b, s, e), trimE(b, s, e) - trimS(b, s, e)).toString('latin1');
    return this.texts.get(t) ?? -2;
  }

  /** CCLF1 and CCLF6: the NPI field b[s, e) is a participant's in py (any TIN). */
  byNpi(py: number, b: Uint8Array, s: number, e: number): boolean {
    const n = this.fieldCode(b, s, e);
    return n !== -2 && this.npi.has((py - 2000) * PY_SPAN + n, 0);
  }

  /** CCLF5: (TIN, NPI) is a participant pair in py. */
  byTinNpi(py: number, b: Uint8Array, ts: number, te: number, ns: number, ne: number): boolean {
    const n = this.fieldCode(b, ns, ne);
    if (n === -2) return false;
    const k = (py - 2000) * PY_SPAN + n;
    if (!this.npi.has(k, 0)) return false;
    const t = this.fieldCode(b, ts, te);
    return t !== -2 && this.tins.has(k, t);
  }

  /** The HCPCS field is on the primary-care list. */
  primaryCare(b: Uint8Array, s: number, e: number): boolean {
    const v = hcpcsCode(b, s, e);
    if (v >= 0) return this.codes.has(v);
    if (this.oddCodes.size === 0) return false;
    return this.oddCodes.has(Buffer.from(b.buffer, b.byteOffset + trimS(b, s, e), trimE(b, s, e) - trimS(b, s, e)).toString('latin1').toUpperCase());
  }
}
