// hledger-style diagnostics: "dcsim: error: FILE:LINE:COL: message", the offending line with a
// caret under the field, then a hint.
import type { DcsimError, Diagnostic } from '../domain/errors.js';
import { terminalSafe } from './terminal.js';

/** A diagnostic as text for the terminal; text from outside (file names, excerpts) is escaped. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = [d.file, d.line, d.line !== undefined ? d.column : undefined].filter((x) => x !== undefined).join(':');
  const lines = [`dcsim: error: ${terminalSafe(where ? `${where}: ` : '')}${terminalSafe(d.message)}`];
  if (d.lineText !== undefined && d.line !== undefined) {
    const gutter = `${d.line} | `;
    const safe = terminalSafe(d.lineText);
    const text = safe.length > 200 ? `${safe.slice(0, 200)}...` : safe;
    lines.push(`  ${gutter}${text}`);
    // the caret stands under the same character, escapes before it counted at their shown width
    const column = d.column === undefined ? undefined : terminalSafe(d.lineText.slice(0, d.column - (d.lineTextFrom ?? 1))).length + 1;
    if (column !== undefined && column <= 201) lines.push(`  ${' '.repeat(gutter.length - 2)}| ${' '.repeat(Math.max(0, column - 1))}^`);
  }
  if (d.hint) lines.push(`  hint: ${terminalSafe(d.hint)}`);
  return lines.join('\n');
}

export function formatError(e: DcsimError): string {
  const parts = e.diagnostics.map(formatDiagnostic);
  const n = e.diagnostics.length;
  if (e.more > 0) parts.push(`dcsim: error: ${e.more} more error(s) not shown (raise --max-errors to see them)`);
  else if (n > 1) parts.push(`dcsim: ${n} errors; nothing was settled`);
  return `${parts.join('\n')}\n`;
}
