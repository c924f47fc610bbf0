// The second hostile corpus (issue 21), classes 5-8: unsafe outputs, terminal injection, notes and
// statistics that should be there, messages that leak internals or mislead. One describe per class,
// named after it; every command runs in process (test/helpers.ts). Classes 1-4: hostile2.test.ts.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dcsimInProcess } from './helpers.js';
import { tempDir } from './tmp.js';

const ROOT = new URL('..', import.meta.url).pathname;
const SMALL = join(ROOT, 'test/fixtures/small.csv');
const SMALL_SCENARIO = join(ROOT, 'test/fixtures/small-scenario.json');
const ENTITY = 'entity_id,entity_name,performance_year,track,benchmark,performance_benchmark,expenditure';
const S = ['--scenario', SMALL_SCENARIO];

function file(name: string, body: string): string {
  const f = join(tempDir('dcsim-h21o-'), name);
  writeFileSync(f, body);
  return f;
}

const entities = (): string => file('e.csv', `${ENTITY}\nD0001,Harbor,2023,global,1100,1000,900\nD0002,Bay,2023,professional,2000,1900,2100\n`);

describe('21.5 unsafe outputs', () => {
  it('-o - means stdout in every command (no file named "-")', async () => {
    const e = entities();
    const cases: [string[], string[]][] = [
      [['run', SMALL, ...S, '-O', 'json'], ['-o', '-']],
      [['sweep', SMALL, ...S, '--vary', 'quality_score=0.5,1', '-O', 'csv'], ['-o', '-']],
      [['compare', SMALL, ...S, '-O', 'csv'], ['-o', '-']],
      [['settle', e, '-O', 'csv'], ['-o', '-']],
      [['risk', SMALL, ...S, '--trials', '20', '-O', 'csv'], ['-o', '-']],
      [['synth', '-n', '3', '--years', '2023'], ['-o', '-']],
    ];
    for (const [args, o] of cases) {
      const plain = await dcsimInProcess(args);
      const dash = await dcsimInProcess([...args, ...o]);
      expect(dash.code, args[0]).toBe(0);
      expect(dash.stdout.length).toBeGreaterThan(0);
      expect(dash.stdout).toBe(plain.stdout);
      expect(existsSync(join(process.cwd(), '-'))).toBe(false);
    }
  });

  it('an empty output name (an unset variable) is a usage error in every command; a second output cannot be stdout', async () => {
    const e = entities();
    const cases: string[][] = [
      ['run', SMALL, ...S, '-o', ''],
      ['sweep', SMALL, ...S, '--vary', 'quality_score=0.5,1', '-o', ''],
      ['compare', SMALL, ...S, '-o', ''],
      ['settle', e, '-o', ''],
      ['risk', SMALL, ...S, '-o', ''],
      ['report', SMALL, ...S, '-o', ''],
      ['synth', '-n', '3', '-o', ''],
    ];
    for (const args of cases) {
      const r = await dcsimInProcess(args);
      expect(r.code, args[0]).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe('dcsim: error: -o "": the file name is empty\n  hint: give a file name, or - for stdout (an unset variable in a script?)\n');
    }
    for (const [args, says] of [
      [['run', SMALL, ...S, '--by', 'dual_status', '--cohorts-out', ''], '--cohorts-out "": the file name is empty'],
      [['run', SMALL, ...S, '--by', 'dual_status', '--cohorts-out', '-'], '--cohorts-out -: stdout carries the main output'],
      [['risk', SMALL, ...S, '--trials-out', ''], '--trials-out "": the file name is empty'],
      [['risk', SMALL, ...S, '--trials-out', '-'], '--trials-out -: stdout carries the main output'],
    ] as const) {
      const r = await dcsimInProcess([...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(says);
    }
  });
});

describe('21.6 terminal injection', () => {
  const ESC = '\x1b';
  const BEL = '\x07';

  it("settle's table, its note on unknown columns and its --check summary escape ESC and BEL from the data", async () => {
    const f = file('e.csv', `${ENTITY},${ESC}]0;title${BEL},published_settlement\nD1${ESC}[2J,A${ESC}[31mred${BEL},2023,global,1100,1000,900,,1.00\n`);
    const r = await dcsimInProcess(['settle', f, '-O', 'table']);
    expect(r.code).toBe(0);
    for (const out of [r.stdout, r.stderr]) {
      expect(out).not.toContain(ESC);
      expect(out).not.toContain(BEL);
    }
    expect(r.stdout).toContain('D1\\x1b[2J');
    expect(r.stdout).toContain('A\\x1b[31mred\\x07');
    expect(r.stderr).toContain('ignoring 1 column settle does not use: \\x1b]0;title\\x07');
    // --check: B* 1000 - E 900 = S 100 within the first band: 100 shared, 2.00 sequestered, settlement 98.00; published 1.00
    const c = await dcsimInProcess(['settle', f, '--check', '--strict', '-O', 'csv']);
    expect(c.code).toBe(1);
    expect(c.stderr).not.toContain(ESC);
    expect(c.stderr).toContain('largest difference 97.0000 (D1\\x1b[2J)');
    expect(c.stderr).toContain('(--strict): D1\\x1b[2J PY2023');
  });

  it("compare's entity table escapes the data too", async () => {
    const f = file('e.csv', `${ENTITY}\nD1${ESC}[2J,N${BEL},2023,global,1100,1000,900\n`);
    const r = await dcsimInProcess(['compare', f, '-O', 'table']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(ESC);
    expect(r.stdout).toContain('D1\\x1b[2J');
  });

  it('report shows a right-to-left override from a scenario name, never obeys it', async () => {
    const scen = file('s.json', JSON.stringify({ ...JSON.parse(readFileSync(SMALL_SCENARIO, 'utf8')), name: 'plan \u202egnp.exe\u202c A' }));
    const out = join(tempDir('dcsim-h21o-'), 'r.html');
    const r = await dcsimInProcess(['report', SMALL, '--scenario', scen, '-o', out]);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(html).toContain('plan \\u{202e}gnp.exe\\u{202c} A');
  });
});

describe('21.7 notes and statistics that should be there', () => {
  it('settle: a what-if value for a PY not in the entity file, and --vary KEY.PY for one, each get a note', async () => {
    const e = entities();
    const a = await dcsimInProcess(['settle', e, '--quality-score', '2030=0.8', '-O', 'csv']);
    expect(a.code).toBe(0);
    expect(a.stderr).toContain('dcsim: note: quality_score has a value for PY2030, which is not in the data (PYs 2023): not used\n');
    const b = await dcsimInProcess(['settle', e, '--vary', 'quality_score.2030=0.8,0.9', '-O', 'csv']);
    expect(b.code).toBe(0);
    expect(b.stderr).toContain('dcsim: note: --vary quality_score.2030: PY2030 is not in the data (PYs 2023): its 2 value(s) are not used, and the scenarios that differ only in it are identical\n');
    // the two scenarios are indeed identical but for their id and value
    const rows = b.stdout.trim().split('\n').slice(1).map((l) => l.split(',').slice(2).join(','));
    expect(rows.slice(0, 2)).toEqual(rows.slice(2, 4));
  });

  it('sweep: --vary KEY.PY for a PY not in the data gets the same note', async () => {
    const r = await dcsimInProcess(['sweep', SMALL, ...S, '--vary', 'discount_rate.2030=0.01,0.02', '-O', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('--vary discount_rate.2030: PY2030 is not in the data (PYs 2023-2024)');
  });

  it('a reference risk score given for one PY only: the uncapped PYs are named (run, sweep and risk)', async () => {
    const flags = ['--risk-score-cap', '0.03', '--reference-risk-score', 'aged_disabled:2023=1.0'];
    const note = 'dcsim: note: reference_risk_score aged_disabled has no value for PY2024: the aged_disabled scores of that PY are not capped (METHODOLOGY 4.1)';
    for (const args of [['run', SMALL, ...S, ...flags, '-O', 'csv'], ['sweep', SMALL, ...S, ...flags, '--vary', 'quality_score=1', '-O', 'csv'], ['risk', SMALL, ...S, ...flags, '--trials', '5', '-O', 'csv']]) {
      const r = await dcsimInProcess(args);
      expect(r.code, args[0]).toBe(0);
      expect(r.stderr, args[0]).toContain(note);
    }
    // both PYs given: no note
    const both = await dcsimInProcess(['run', SMALL, ...S, '--risk-score-cap', '0.03', '--reference-risk-score', 'aged_disabled=1.0', '-O', 'csv']);
    expect(both.stderr).not.toContain('not capped');
  });

  it('--trials 1: the standard deviation (divisor N - 1) is empty, with a note, not 0', async () => {
    const j = await dcsimInProcess(['risk', SMALL, ...S, '--trials', '1', '-O', 'json']);
    expect(j.code).toBe(0);
    const y = JSON.parse(j.stdout).years[0];
    expect(y.settlement.sd).toBeNull();
    expect(y.savings.sd).toBeNull();
    expect(j.stderr).toContain('dcsim: note: with one trial the standard deviation (divisor N - 1) is undefined: settlement_sd and savings_sd are left empty');
    const c = await dcsimInProcess(['risk', SMALL, ...S, '--trials', '1', '-O', 'csv']);
    const [head, row] = c.stdout.trim().split('\n');
    const cells = row!.split(',');
    const cols = head!.split(',');
    expect(cells[cols.indexOf('settlement_sd')]).toBe('');
    expect(cells[cols.indexOf('savings_sd')]).toBe('');
    // two trials: a number again
    const two = await dcsimInProcess(['risk', SMALL, ...S, '--trials', '2', '-O', 'json']);
    expect(JSON.parse(two.stdout).years[0].settlement.sd).toMatch(/^\d+\.\d\d$/);
  });
});

describe('21.8 messages that leak internals or mislead', () => {
  it('a format a command does not write is named as typed, with what works (no internal names)', async () => {
    // (compare and settle --summary on an entity file write xlsx since issue 19.8; report writes only HTML)
    const r = await dcsimInProcess(['report', entities(), '-O', 'csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dcsim: error: -O csv: .*\n  hint: use -O html\n$/);
    expect(r.stderr).not.toMatch(/entityCompare|entitySummary|board/);
  });

  it('a scenario file holding 5 (or text, a list, true, null) says it is not an object, not "text": unknown key', async () => {
    for (const [body, what] of [['5', 'the number 5'], ['"text"', 'the text "text"'], ['[1]', 'a list'], ['true', 'true'], ['null', 'null']] as const) {
      const f = file('s.json', body);
      const r = await dcsimInProcess(['run', SMALL, '--scenario', f]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${f}: a scenario is a JSON object of parameters, not ${what}`);
      expect(r.stderr).not.toContain('unknown scenario key');
    }
  });

  it('--vary benchmark_pbpm.disabled=100 names the unknown entitlement (sweep and settle)', async () => {
    for (const args of [['sweep', SMALL, ...S], ['settle', entities()]]) {
      const r = await dcsimInProcess([...args, '--vary', 'benchmark_pbpm.disabled=100']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--vary benchmark_pbpm.disabled: "disabled" is neither an entitlement nor a performance year');
      expect(r.stderr).not.toContain('one entitlement\'s rate at a time');
    }
  });

  it('every hint for a number of the wrong type suggests a form the key takes (the suggestion, run, is accepted)', async () => {
    for (const key of ['quality_score', 'benchmark_pbpm', 'stop_loss_attachment']) {
      const flag = `--${key.replace(/_/g, '-')}`;
      // a flag: the hint's first "e.g. --flag value" is run as given
      const bad = await dcsimInProcess(['run', SMALL, ...S, flag, key === 'benchmark_pbpm' ? 'aged_disabled=abc' : 'abc']);
      expect(bad.code, key).toBe(1);
      const m = new RegExp(`hint: e\\.g\\. ${flag} (\\S+?),? `).exec(bad.stderr);
      expect(m, bad.stderr).not.toBeNull();
      // (hints name no figure (issue 19.3): VALUE and DOLLARS stand for the user's number)
      const filled = (t: string): string => t.replace(/VALUE|DOLLARS/g, '1');
      const ok = await dcsimInProcess(['run', SMALL, ...S, flag, filled(String(m![1])), '-O', 'csv']);
      expect(ok.stderr, `${key}: ${m![1]}`).not.toMatch(/expected (a number|\{entitlement|at least)/);
      // a scenario file: the hint's JSON is written as the file's key
      const f = file('s.json', JSON.stringify({ ...JSON.parse(readFileSync(SMALL_SCENARIO, 'utf8')), [key]: true }));
      const badFile = await dcsimInProcess(['run', SMALL, '--scenario', f]);
      const j = /hint: (?:e\.g\. )?("[a-z_]+": (?:\{.*?\}\}|\{.*?\}|\[.*?\]|"[^"]*"))(?:,|$)/m.exec(badFile.stderr);
      expect(j, badFile.stderr).not.toBeNull();
      const fixed = file('s.json', JSON.stringify({ ...JSON.parse(readFileSync(SMALL_SCENARIO, 'utf8')), ...JSON.parse(filled(`{${j![1]}}`)) }));
      const okFile = await dcsimInProcess(['run', SMALL, '--scenario', fixed, '-O', 'csv']);
      expect(okFile.stderr, `${key}: ${j![1]}`).not.toMatch(/expected (a number|\{entitlement|at least)/);
    }
  });
});
