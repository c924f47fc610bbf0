// The reader's per-row columns (readInput(path, { keepRows: true }).population.rows).
export type { RowTable } from '../domain/population.js';
