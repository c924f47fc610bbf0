// How a renderer is asked to write, and what a renderer is: the types every renderer shares with the
// registry (src/render/registry.ts), in their own module so a renderer need not import the registry.
import type { Sink } from '../domain/sink.js';

/** How a renderer is asked to write. */
export interface RenderOptions {
  /** CSV for spreadsheet programs: a BOM and CRLF. */
  readonly excel?: boolean;
  /** Colour (ANSI) in a table: only on a terminal. */
  readonly color?: boolean;
}

/**
 * A renderer writes the model to the sink and resolves when the sink has taken it all. It neither
 * commits nor aborts the sink: the caller does (so two files can be committed together).
 */
export type Renderer<M> = (model: M, out: Sink, opts: RenderOptions) => Promise<void>;
