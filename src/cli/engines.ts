// `dcsim engines`: the registry, each engine's parameters with their defaults, and the rule sets.
import type { Command } from 'commander';
import { renderToMemory } from '../render/registry.js';
import { enginesReport } from '../report/engines.js';
import { catalog } from '../usecases/catalog.js';
import type { CliCommand } from './command.js';
import type { Io } from './io.js';
import { writeOutputs } from './write.js';

function define(cmd: Command): Command {
  return cmd.description('list the payment engines, rule sets and every scenario parameter with its default');
}

async function run(_data: string | undefined, _opts: Record<string, unknown>, io: Io): Promise<number> {
  const parts = await renderToMemory('engines', enginesReport(catalog()), 'table');
  await writeOutputs([], [Buffer.concat(parts).toString('utf8')], io);
  return 0;
}

export const command: CliCommand = { name: 'engines', define, run };
