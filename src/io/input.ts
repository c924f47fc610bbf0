// readInput: the reading call of the first layout, kept as a thin alias of readPopulation() for
// callers written against it (readInput(path, { keepRows: true, ... }) returns population.rows).
import { readPopulation, type ReadPopulationOptions, type ReadPopulationResult } from './csv/index.js';

/** Options of readInput: readPopulation's, with maxErrors required as before. */
export interface InputOptions extends Omit<ReadPopulationOptions, 'stdin'> {
  readonly maxErrors: number;
}

export type Input = ReadPopulationResult;

/** Read a CSV file ("-" for stdin) into a population, or throw a DcsimError listing what is wrong. */
export function readInput(path: string, opts: InputOptions, stdin?: AsyncIterable<Uint8Array | string>): Promise<Input> {
  return readPopulation(path, { ...opts, ...(stdin ? { stdin } : {}) });
}
