// The progress line: only on a terminal, only for big files, with rows/s and an ETA; cleared at the end.
import { describe, expect, it, vi } from 'vitest';
import type { Io } from '../src/cli/io.js';
import { useColor } from '../src/cli/io.js';
import { progressReporter } from '../src/cli/progress.js';
import { captureIo } from './helpers.js';

function tty(isTTY: boolean): Io & { stderr: () => string } {
  return { ...captureIo(), stderrIsTTY: isTTY, stdoutIsTTY: isTTY };
}

describe('progress', () => {
  it('is silent off a terminal and for small files', () => {
    expect(progressReporter(tty(false), 1 << 30)).toBeUndefined();
    expect(progressReporter(tty(true), 1 << 20)).toBeUndefined();
  });

  it('shows a bar, rows/s and an ETA on a terminal, then clears its line', () => {
    vi.useFakeTimers();
    try {
      const io = tty(true);
      const p = progressReporter(io, 100 << 20)!;
      vi.advanceTimersByTime(1000);
      // a quarter of the file after one second, 250,000 rows: ETA 3 s
      p.update(25 << 20, 250_000);
      p.done();
      const err = io.stderr();
      expect(err).toContain('[######..................]  25%');
      expect(err).toContain('250,000 rows/s');
      expect(err).toContain('ETA 3.0s');
      expect(err.endsWith('\r\x1b[K')).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('colour', () => {
  it('is decided by --no-color, NO_COLOR, FORCE_COLOR, --color, then the terminal', () => {
    const io = (env: Record<string, string>, isTTY: boolean): Io => ({ ...captureIo(), env, stdoutIsTTY: isTTY });
    expect(useColor(undefined, io({}, true))).toBe(true);
    expect(useColor(undefined, io({}, false))).toBe(false);
    expect(useColor(false, io({ FORCE_COLOR: '1' }, true))).toBe(false);
    expect(useColor(undefined, io({ NO_COLOR: '1' }, true))).toBe(false);
    expect(useColor(undefined, io({ FORCE_COLOR: '1' }, false))).toBe(true);
    expect(useColor(true, io({}, false))).toBe(true);
  });
});
