// `dcsim engines` as a use case: the payment engines registered now (a plug-in or a test may have
// added one at run time), tracks and capitation mechanisms in registration order.
import { CAPITATIONS, TRACKS } from '../engines/registry.js';
import type { CapitationEngine, TrackEngine } from '../engines/types.js';

export interface Catalog {
  readonly tracks: readonly TrackEngine[];
  readonly capitations: readonly CapitationEngine[];
}

export function catalog(): Catalog {
  return { tracks: Object.values(TRACKS), capitations: Object.values(CAPITATIONS) };
}
