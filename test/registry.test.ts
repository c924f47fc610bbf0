import { describe, expect, it } from 'vitest';
import { CAPITATIONS, TRACKS } from '../src/engines/registry.js';

describe('the engine registry', () => {
  it('keys each engine by its own id', () => {
    for (const [key, e] of Object.entries(TRACKS)) expect(e.id).toBe(key);
    for (const [key, e] of Object.entries(CAPITATIONS)) expect(e.id).toBe(key);
  });

  it('offers only registered capitations on each track', () => {
    for (const t of Object.values(TRACKS)) for (const c of t.capitations) expect(CAPITATIONS[c]).toBeDefined();
  });
});
