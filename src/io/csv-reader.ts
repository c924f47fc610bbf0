// Compatibility path for tests written before the reader moved into src/io/csv/ (the engine tests
// build populations from text with it). Not part of the public API (src/index.ts): new code calls
// readPopulation() from src/io/csv/index.ts. Remove once no test imports it.
export { CsvReader, type ReadOptions, type ReadResult } from './csv/reader.js';
