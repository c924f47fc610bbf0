// The report model of `dcsim compare` on an entity file: the entity comparison use case's result
// as it is (src/usecases/settle/compare.ts), each entity-PY under each payment option.
export type { EntityComparison } from '../usecases/settle/compare.js';
