// A small JSON reader for scenario files (RFC 8259), stricter than JSON.parse where a scenario needs
// it: numbers keep their source text (a JsonNumber: "0.9999999999999999999" stays exact, 1e400 is not
// Infinity), a key given twice in one object is an error, nesting is bounded (no stack overflow on a
// 100,000-deep file), and every error has a line and column. Keys such as "__proto__" are ordinary
// own properties.

/** A JSON number as written in the source. */
export class JsonNumber {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
  toJSON(): number {
    return Number(this.text);
  }
}

/** Nesting deeper than this is refused (a scenario list is 4 deep). */
export const MAX_JSON_DEPTH = 64;

/** A syntax error at a 1-based line and column (in UTF-16 code units from the line's start). */
export class JsonSyntaxError extends Error {
  constructor(message: string, readonly line: number, readonly column: number) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER_AT = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Describe the character at a position, for messages. */
function tokenAt(text: string, i: number): string {
  if (i >= text.length) return 'the end of the text';
  const c = text.codePointAt(i)!;
  return c < 0x20 || c === 0x7f ? `character U+${c.toString(16).padStart(4, '0').toUpperCase()}` : `"${String.fromCodePoint(c)}"`;
}

/** Parse JSON text. Objects are plain objects with own, enumerable properties in source order. */
export function parseJson(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  let i = 0;

  const fail = (message: string, at = i): never => {
    let line = 1;
    let lineStart = 0;
    for (let k = 0; k < at && k < text.length; k++) {
      if (text.charCodeAt(k) === 0x0a) {
        line++;
        lineStart = k + 1;
      }
    }
    throw new JsonSyntaxError(message, line, at - lineStart + 1);
  };

  const skip = (): void => {
    while (i < text.length && WS.has(text.charCodeAt(i))) i++;
  };

  const string = (): string => {
    const start = i;
    i++; // the opening quote
    let out = '';
    let run = i;
    for (;;) {
      if (i >= text.length) fail('unterminated string', start);
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(run, i);
        i++;
        return out;
      }
      if (c < 0x20) fail(`${tokenAt(text, i)} inside a string (write it as an escape such as \\n)`);
      if (c === 0x5c) {
        out += text.slice(run, i);
        const e = text[i + 1];
        if (e === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape: expected four hex digits', i);
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else if (e !== undefined && Object.hasOwn(ESCAPES, e)) {
          out += ESCAPES[e]!;
          i += 2;
        } else {
          fail(`bad escape \\${e ?? ''} in a string`, i);
        }
        run = i;
        continue;
      }
      i++;
    }
  };

  const value = (depth: number): unknown => {
    skip();
    if (i >= text.length) fail('Unexpected end of JSON input');
    const c = text[i]!;
    if (c === '{' || c === '[') {
      if (depth >= maxDepth) fail(`nested more than ${maxDepth} levels deep`);
      return c === '{' ? object(depth + 1) : array(depth + 1);
    }
    if (c === '"') return string();
    if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER_AT.lastIndex = i;
      const m = NUMBER_AT.exec(text);
      if (!m || m[0] === '-') fail(`Unexpected token ${tokenAt(text, i)}: not a number`);
      const t = m![0];
      i += t.length;
      const next = text[i];
      if (next !== undefined && /[0-9A-Za-z.+-]/.test(next)) fail(`Unexpected token ${tokenAt(text, i)} in a number`);
      return new JsonNumber(t);
    }
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    return fail(`Unexpected token ${tokenAt(text, i)}`);
  };

  const object = (depth: number): Record<string, unknown> => {
    const obj: Record<string, unknown> = {};
    const where = new Map<string, number>();
    i++; // {
    skip();
    if (text[i] === '}') {
      i++;
      return obj;
    }
    for (;;) {
      skip();
      if (text[i] !== '"') fail('Expected double-quoted property name');
      const keyAt = i;
      const key = string();
      const first = where.get(key);
      if (first !== undefined) {
        let line = 1;
        for (let k = 0; k < first; k++) if (text.charCodeAt(k) === 0x0a) line++;
        fail(`duplicate key "${key}" (first given on line ${line})`, keyAt);
      }
      where.set(key, keyAt);
      skip();
      if (text[i] !== ':') fail(`Expected ':' after property name, found ${tokenAt(text, i)}`);
      i++;
      Object.defineProperty(obj, key, { value: value(depth), enumerable: true, writable: true, configurable: true });
      skip();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return obj;
      }
      fail(`Expected ',' or '}' after property value, found ${tokenAt(text, i)}`);
    }
  };

  const array = (depth: number): unknown[] => {
    const arr: unknown[] = [];
    i++; // [
    skip();
    if (text[i] === ']') {
      i++;
      return arr;
    }
    for (;;) {
      arr.push(value(depth));
      skip();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return arr;
      }
      fail(`Expected ',' or ']' after array element, found ${tokenAt(text, i)}`);
    }
  };

  const v = value(0);
  skip();
  if (i < text.length) fail(`Unexpected non-whitespace character after JSON: ${tokenAt(text, i)}`);
  return v;
}
