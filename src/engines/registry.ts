// The one registry of payment engines: id -> implementation.
import { globalTrack } from './global.js';
import { pcc } from './pcc.js';
import { professionalTrack } from './professional.js';
import { tcc } from './tcc.js';
import type { CapitationEngine, TrackEngine } from './types.js';

export const TRACKS: Readonly<Record<string, TrackEngine>> = {
  professional: professionalTrack,
  global: globalTrack,
};

export const CAPITATIONS: Readonly<Record<string, CapitationEngine>> = {
  pcc,
  tcc,
};
