import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatCents } from '../src/domain/exact.js';
import type { TrackId } from '../src/domain/rules.js';
import { FILE_ORIGIN, scenarioFromObject } from '../src/domain/scenario.js';
import { CAPITATIONS, registerTrack, TRACKS } from '../src/engines/registry.js';
import type { TrackEngine } from '../src/engines/types.js';
import { simulate } from '../src/usecases/simulate.js';
import { dcsimInProcess, readFast } from './helpers.js';

describe('the engine registry', () => {
  it('keys each engine by its own id', () => {
    for (const [key, e] of Object.entries(TRACKS)) expect(e.id).toBe(key);
    for (const [key, e] of Object.entries(CAPITATIONS)) expect(e.id).toBe(key);
  });

  it('offers only registered capitations on each track', () => {
    for (const t of Object.values(TRACKS)) for (const c of t.capitations) expect(CAPITATIONS[c]).toBeDefined();
  });
});

// Adding an engine is one file and one registry line: here the file is the object below and the
// line is registerTrack(). A toy track that keeps a flat 75% of savings and losses, no discount, PCC.
describe('a toy engine registered at run time', () => {
  const flat75: TrackEngine = {
    id: 'flat75' as TrackId,
    title: 'Flat 75%',
    summary: '75% shared savings/losses, no corridors; no discount; PCC only',
    capitations: ['pcc'],
    parameters: ['withhold_rate', 'quality_score', 'sequestration_rate'],
    defaultDiscount: () => '0',
    corridors: {
      dc: { standard: [{ from: '0', to: null, share: '0.75' }], source: '(a test engine)' },
      reach: { standard: [{ from: '0', to: null, share: '0.75' }], source: '(a test engine)' },
      lead: { standard: [{ from: '0', to: null, share: '0.75' }], source: '(a test engine)' },
    },
  };
  registerTrack(flat75);

  it('settles through the kernel with its own corridor', () => {
    // small.csv PY2023, reach: B = 136,320.00; D = 0 (no discount); W = Q = 2% x B = 2,726.40; B* = 136,320.00
    // E = 102,000.00 - 1,900.00 + 7% x 136,320 (9,542.40) = 109,642.40; S = 26,677.60
    // shared = 0.75 x 26,677.60 = 20,008.20; seq = 0.02 x 20,008.20 = 400.164 -> 400.16; settlement = 19,608.04
    const text = readFileSync(new URL('fixtures/small.csv', import.meta.url), 'utf8');
    const base = JSON.parse(readFileSync(new URL('fixtures/small-scenario.json', import.meta.url), 'utf8'));
    const y = simulate(readFast(text).population!, scenarioFromObject({ ...base, track: 'flat75' }, FILE_ORIGIN('s.json'))).years[0]!;
    expect([y.benchmark, y.discount, y.performanceBenchmark, y.savings, y.sharedSavings, y.sequestration, y.settlement].map(formatCents))
      .toEqual(['136320.00', '0.00', '136320.00', '26677.60', '20008.20', '400.16', '19608.04']);
  });

  it('is a value of --track, and dcsim engines lists it with its corridor', async () => {
    const r = await dcsimInProcess(['run', 'test/fixtures/small.csv', '--scenario', 'test/fixtures/small-scenario.json', '--track', 'flat75', '-O', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[1]!.split(',')[21]).toBe('19608.04');
    const e = await dcsimInProcess(['engines']);
    expect(e.stdout).toMatch(/^ {2}flat75: 75% shared savings\/losses, no corridors; no discount; PCC only; capitation pcc$/m);
    expect(e.stdout).toMatch(/corridors \(reach\): 0%- 75% \(a test engine\)/);
  });
});
