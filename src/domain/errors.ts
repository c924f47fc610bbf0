// Errors a user can act on. Bad data or scenario: exit 1. Bad usage: exit 2.

export interface Diagnostic {
  /** File the problem is in, as the user named it (or "<stdin>", "<scenario>"). */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
  /** The offending line's text, for the caret display. */
  readonly lineText?: string;
  /** The column of the line where lineText starts, when it is a window of a long line (default 1). */
  readonly lineTextFrom?: number;
  readonly hint?: string;
}

export class DcsimError extends Error {
  constructor(
    readonly diagnostics: readonly Diagnostic[],
    readonly exitCode: 1 | 2 = 1,
    /** Errors that were found but not listed (past --max-errors). */
    readonly more = 0,
  ) {
    super(diagnostics.map((d) => d.message).join('; '));
    this.name = 'DcsimError';
  }
}

export function dataError(message: string, extra: Omit<Diagnostic, 'message'> = {}): DcsimError {
  return new DcsimError([{ ...extra, message }], 1);
}

export function usageError(message: string, hint?: string): DcsimError {
  return new DcsimError([{ message, ...(hint ? { hint } : {}) }], 2);
}
