// Text from outside (data rows, header names, file names, scenario names) made safe to print on a
// terminal: bytes that a terminal would act on, or that are invisible, are shown escaped.

/**
 * C0 controls except tab, DEL, C1 controls, Unicode format characters (zero-width spaces and
 * joiners, bidi embeddings and isolates, the BOM, the soft hyphen), line and paragraph separators,
 * and lone surrogates.
 */
const UNSAFE = /[\x00-\x08\x0a-\x1f\x7f-\x9f\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

const escaped = (c: string): string => {
  const n = c.codePointAt(0)!;
  return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u{${n.toString(16)}}`;
};

/** `s` with every unsafe character written as an escape: ESC as \x1b, U+202E as \u{202e}. */
export function terminalSafe(s: string): string {
  UNSAFE.lastIndex = 0;
  if (!UNSAFE.test(s)) return s;
  return s.replace(UNSAFE, escaped);
}

/**
 * The same escapes for a page (HTML, SVG): every unsafe character but the line feed shown as its
 * escape, so a right-to-left override in a scenario name is seen, not obeyed. (The caller then
 * escapes the markup characters.)
 */
export function visibleControls(s: string): string {
  UNSAFE.lastIndex = 0;
  if (!UNSAFE.test(s)) return s;
  return s.replace(UNSAFE, (c) => (c === '\n' ? c : escaped(c)));
}
