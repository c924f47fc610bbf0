// The output port: where a renderer writes and what src/io/output.ts implements (an atomic file,
// stdout). Declared here, below both, so render/ writes without importing io/.

/** Where output goes, written piece by piece. Write, then commit (or abort). */
export interface Sink {
  /** The target as the user named it ("stdout" for stdout), for messages. */
  readonly name: string;
  /**
   * Append text or bytes. Resolves when the sink can take more (backpressure): await it. The sink
   * does not keep `chunk` after the promise resolves, so a caller may reuse its buffer.
   */
  write(chunk: string | Uint8Array): Promise<void>;
  /** Finish: flush, close and (for a file) rename into place. Only then is the output there. */
  commit(): Promise<void>;
  /** Give up: close and remove the temporary file; the earlier file stays. Safe to call twice or after commit. */
  abort(): Promise<void>;
}
