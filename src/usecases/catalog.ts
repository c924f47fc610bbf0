// `dcsim engines` as a use case: the payment engines registered now (a plug-in or a test may have
// added one at run time), tracks and capitation mechanisms in registration order.
import { CAPITATIONS, PROGRAMS, TRACKS } from '../engines/registry.js';
import type { CapitationEngine, ProgramEngine, TrackEngine } from '../engines/types.js';

export interface Catalog {
  readonly tracks: readonly TrackEngine[];
  readonly capitations: readonly CapitationEngine[];
  /** The programs (reach, lead, mssp). */
  readonly programs: readonly ProgramEngine[];
}

export function catalog(): Catalog {
  return { tracks: Object.values(TRACKS), capitations: Object.values(CAPITATIONS), programs: Object.values(PROGRAMS) };
}
