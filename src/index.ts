// dcsim's programmatic API: the CLI and the tests use the same entry points.
export { simulate, resolveScenario, effectiveParameters, type Simulation } from './simulate.js';
export { readInput, type Input, type InputOptions } from './io/input.js';
export type { Population, RowTable } from './domain/population.js';
export { CsvReader } from './io/csv-reader.js';
export { readScenarioFile } from './io/scenario-file.js';
export { scenarioFromObject, FILE_ORIGIN, type ScenarioInput } from './domain/scenario.js';
export { settlementReport, YEAR_COLUMNS, type SettlementReport } from './report/settlement.js';
export { renderCsv } from './render/csv.js';
export { renderJson, settlementJson } from './render/json.js';
export { renderTable } from './render/table.js';
export { TRACKS, CAPITATIONS } from './engines/registry.js';
export { RULE_SETS } from './domain/rules.js';
export { DcsimError } from './domain/errors.js';
export { synthCsv } from './synth/generate.js';
export { sweep, sweepAll, parseVary, expandRange, gridSize, MAX_SCENARIOS, type Axis, type Grid, type SweepResult, type SweepYear } from './sweep.js';
export { compare, parseOptions, DEFAULT_OPTIONS, type Comparison, type CompareLine, type PaymentOption } from './compare.js';
