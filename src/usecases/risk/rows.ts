// The reader's per-row columns (readPopulation(path, { keepRows: true }).population.rows).
export type { RowTable } from '../../domain/population.js';
