// Reading a scenario JSON file (METHODOLOGY section 9).
import { readFileSync } from 'node:fs';
import { DcsimError } from '../domain/errors.js';
import { FILE_ORIGIN, scenarioFromObject, type ScenarioInput } from '../domain/scenario.js';

export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (e) {
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    let line: number | undefined;
    let column: number | undefined;
    let lineText: string | undefined;
    if (m) {
      const pos = Number(m[1]);
      const before = text.slice(0, pos);
      line = before.split('\n').length;
      column = pos - before.lastIndexOf('\n');
      lineText = text.split('\n')[line - 1];
    }
    throw new DcsimError([{ file, ...(line ? { line, column, lineText } : {}), message: `not valid JSON: ${msg.replace(/ in JSON at position \d+.*$/, '')}`, hint: 'a scenario is a JSON object, e.g. {"track": "global", "rules": "reach", "quality_score": {"2023": "0.9"}}' }], 1);
  }
}

export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DcsimError([{ file: path, message: code === 'ENOENT' ? 'no such file' : `cannot read: ${(e as Error).message}` }], 1);
  }
  return parseJsonText(text, path);
}

export function readScenarioFile(path: string): ScenarioInput {
  return scenarioFromObject(readJsonFile(path), FILE_ORIGIN(path));
}
