// A progress line on stderr for long reads, only on a terminal: bytes, rows/s and ETA.
import { fileSize } from '../io/files.js';
import type { Io } from './io.js';

export interface Progress {
  update(bytes: number, rows: number): void;
  done(): void;
}

/** The progress line for reading `path` (none for stdin, --no-progress, or a file that is not there). */
export function readProgress(io: Io, path: string, enabled: boolean): Progress | undefined {
  if (!enabled || path === '-') return undefined;
  return progressReporter(io, fileSize(path));
}

export function progressReporter(io: Io, totalBytes: number | undefined): Progress | undefined {
  if (!io.stderrIsTTY || totalBytes === undefined || totalBytes < 32 << 20) return undefined;
  const start = Date.now();
  let shown = false;
  return {
    update(bytes, rows) {
      const secs = (Date.now() - start) / 1000;
      if (secs < 0.5) return;
      const frac = Math.min(1, bytes / totalBytes);
      const width = 24;
      const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
      const rate = rows / secs;
      const eta = frac > 0 ? secs * (1 / frac - 1) : 0;
      io.err(`\r[${bar}] ${(frac * 100).toFixed(0).padStart(3)}%  ${Math.round(rate).toLocaleString('en-US')} rows/s  ETA ${eta.toFixed(1)}s `);
      shown = true;
    },
    done() {
      if (shown) io.err('\r\x1b[K');
    },
  };
}
