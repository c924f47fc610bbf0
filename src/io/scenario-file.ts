// Reading a scenario JSON file (METHODOLOGY section 9).
import { DcsimError } from '../domain/errors.js';
import { JsonSyntaxError, parseJson } from '../domain/json.js';
import { readSmallFileSync, SCENARIO_KIND } from './decode.js';
import { FILE_ORIGIN, scenarioFromObject, type ScenarioInput } from '../domain/scenario.js';

/**
 * Parse a scenario file's text: numbers stay JsonNumbers (their source text), a key given twice
 * and nesting deeper than MAX_JSON_DEPTH are errors; every error has the file, line and column.
 */
export function parseJsonText(text: string, file: string): unknown {
  const body = text.replace(/^\ufeff/, '');
  try {
    return parseJson(body);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    const lineText = body.split('\n', e.line)[e.line - 1]?.replace(/\r$/, '');
    throw new DcsimError([{
      file, line: e.line, column: e.column, ...(lineText !== undefined ? { lineText } : {}),
      message: `not valid JSON: ${e.message}`,
      hint: /duplicate key/.test(e.message) ? 'give each key once' : /nested more than/.test(e.message) ? 'a scenario is a flat JSON object of parameters, at most {key: {entitlement: {PY: value}}}' : 'a scenario is a JSON object, e.g. {"track": "global", "rules": "reach", "quality_score": {"2023": "0.9"}}',
    }], 1);
  }
}

/** A JSON file through the one decoding layer (UTF-8 only, gzip transparent, at most 16 MiB), parsed. */
export function readJsonFile(path: string): unknown {
  return parseJsonText(readSmallFileSync(path, SCENARIO_KIND), path);
}

export function readScenarioFile(path: string): ScenarioInput {
  return scenarioFromObject(readJsonFile(path), FILE_ORIGIN(path));
}
