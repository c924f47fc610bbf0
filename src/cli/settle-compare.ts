// `dcsim compare` on an entity file (recognised from its header by src/cli/compare.ts): each entity
// under each payment option, through the same use case as `dcsim settle --track`.
import { DEFAULT_OPTIONS, parseOptions } from '../usecases/compare.js';
import { compareEntities } from '../usecases/settle/compare.js';
import { checkWritable, renderToMemory } from '../render/registry.js';
import { terminalSafe } from '../render/terminal.js';
import { useColor, type Io } from './io.js';
import { outputFormat, type CommonOptions } from './options.js';
import { announce, emit, readEntities, whatIfFromOptions } from './settle.js';

export async function entityCompareCommand(data: string, opts: CommonOptions & { tracks?: string }, io: Io, displayName?: string): Promise<number> {
  const format = outputFormat(opts, io.stdoutIsTTY);
  checkWritable('entityCompare', format, opts);
  const options = opts.tracks !== undefined ? parseOptions(opts.tracks) : DEFAULT_OPTIONS;
  const base = whatIfFromOptions(opts);
  const file = await readEntities(data, opts, io, displayName);
  const c = compareEntities(file, base, options);
  announce(file, io);
  const text = Buffer.concat(await renderToMemory('entityCompare', c, format, { excel: opts.excel === true, color: opts.output ? false : useColor(opts.color, io) }));
  if (format !== 'table') for (const n of c.notes) io.err(`dcsim: note: ${terminalSafe(n)}\n`);
  await emit(text, opts, io);
  return 0;
}
