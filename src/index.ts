/**
 * dcsim's programmatic API: the same use cases, report models and renderers the CLI runs.
 *
 * ```ts
 * import { readPopulation, simulate, formatCents } from 'dcsim';
 * const { population } = await readPopulation('fixtures/sample.csv');
 * const sim = simulate(population, { track: 'global', rules: 'reach' });
 * for (const y of sim.years) console.log(y.py, formatCents(y.settlement));
 * ```
 *
 * Importing this module loads no terminal library (chalk, cli-table3, commander): renderers load on
 * demand through {@link render}.
 * @packageDocumentation
 */

// Reading data and scenarios
export { readPopulation, type ReadPopulationOptions, type ReadPopulationResult, type ReadStats, type PopulationSource } from './io/csv/index.js';
export type { Population, RowTable, Group } from './domain/population.js';
export { INPUT_COLUMNS, type InputColumn } from './domain/input-schema.js';
export { readScenarioFile } from './io/scenario-file.js';
export { readEntityFile, parseEntityCsv } from './io/entity-csv.js';
export { scenarioFromObject, FILE_ORIGIN, SCENARIO_KEYS, type ScenarioInput, type ScenarioKey } from './domain/scenario.js';

// Use cases: each settles through the one kernel
export { simulate, resolveScenario, resolveFor, yearRulesOf, yearSumsOf, type Simulation } from './usecases/simulate.js';
export { effectiveParameters } from './engines/parameters.js';
export { sweep, sweepAll, parseVary, expandRange, gridSize, MAX_SCENARIOS, type Axis, type Grid, type SweepResult, type SweepYear } from './usecases/sweep.js';
export { compare, parseOptions, DEFAULT_OPTIONS, programOption, type Comparison, type CompareLine, type PaymentOption } from './usecases/compare.js';
export { parsePrograms, programInput, type ProgramChoice, type ProgramId } from './usecases/programs.js';
export { msspShared, type MsspLines, type MsspYearRules, type MsspResult } from './engines/mssp.js';
export { MSSP_TRACKS, MSR_TABLE, variableMsr, type MsspTrackId } from './domain/mssp.js';
export { settleEntities, settleRow, recoverBenchmark, type SettleOptions as SettleEntityOptions } from './usecases/settle/settle.js';
export { compareEntities, type EntityComparison } from './usecases/settle/compare.js';
export { riskSimulation, prepareRisk, riskOutcome, type RiskRequest, type RiskOutcome, type TrialRunner } from './usecases/risk/risk.js';
export { synthCsv } from './usecases/synth/generate.js';

// The settlement kernel, the engines and the rule sets
export {
  settleYear, settleFromPerformanceBenchmark, corridorCents,
  type YearSums, type YearRules, type YearLines, type EntitlementSums, type Band,
} from './engines/kernel.js';
export type { YearSettlement } from './engines/settlement.js';
export type { TrackEngine, CapitationEngine } from './engines/types.js';
export { TRACKS, CAPITATIONS, registerTrack, registerCapitation, bandsFor } from './engines/registry.js';
export { RULE_SETS } from './domain/rules.js';
// Rule set lead (METHODOLOGY-2027): its terms with tags and sources, the assumed list, the benchmark build
export { LEAD_TERMS, LEAD_RULE_SET, type AssumedValue, type LeadTerm } from './domain/lead.js';
export { buildLeadBenchmark, parseLeadBuild, type LeadBenchmarkBuild, type LeadCohortLine } from './domain/lead-benchmark.js';
export { leadAssumed } from './engines/lead-assumed.js';
export { ratio, toCents, formatCents, formatRatio, type Ratio } from './domain/exact.js';
export { DcsimError } from './domain/errors.js';

// Report models and rendering
export { settlementReport, YEAR_COLUMNS, OUTPUT_COLUMNS, type SettlementReport } from './report/settlement.js';
export { sweepReport, type SweepReport } from './report/sweep.js';
export { compareReport, type CompareReport } from './report/compare.js';
export { riskReport, type RiskReport } from './report/risk.js';
export { type EntityReport, type EntityLine, ENTITY_COLUMNS } from './report/entity.js';
export {
  render, renderToMemory, FORMATS, RENDERERS,
  type Format, type ModelKind, type ReportModels, type RenderOptions, type Renderer,
} from './render/registry.js';
export type { Sink } from './io/output.js';
