// Regular expressions with Go RE2 semantics (OpenAPI `pattern` and CEL `matches`/`find` are evaluated by Go's
// regexp package on the API server). @bufbuild/re2 implements RE2 exactly but is ~50× slower than V8's engine,
// so a pattern made only of constructs whose meaning is the same in both engines is translated to a JavaScript
// RegExp; any other pattern (inline flags, POSIX or Unicode classes, \Q…\E, \z, octal escapes…) runs on RE2.
// Both are searches (unanchored unless the pattern anchors itself), like Go's MatchString.
import { RE2JS } from '@bufbuild/re2';

export interface Matcher {
  test(text: string): boolean;
}

/** RE2's `\s` is ASCII whitespace only; JavaScript's also matches \v and Unicode spaces. */
const RE2_SPACE = '\\t\\n\\f\\r ';
/** Escapes that mean the same in both engines (after the `u` flag). */
const SAME_ESCAPES = new Set([...'dDwWbBntrfv.\\/*+?()[]{}|^$-']);
const SAME_CLASS_ESCAPES = new Set([...'dDwWntrfv.\\/*+?()[]{}|^$-']);

/**
 * The JavaScript source equivalent to an RE2 pattern, or undefined when the pattern uses a construct whose
 * meaning differs (or might) between the engines.
 */
export function translateToJs(pattern: string): string | undefined {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const n = pattern.charAt(i + 1); // '' after a final backslash, which no case below accepts
      i++;
      if (n === 's') out += inClass ? RE2_SPACE : `[${RE2_SPACE}]`;
      else if (n === 'S' && !inClass) out += `[^${RE2_SPACE}]`;
      else if (n === 'x' && /^[0-9A-Fa-f]{2}/.test(pattern.slice(i + 1))) {
        out += `\\x${pattern.slice(i + 1, i + 3)}`;
        i += 2;
      } else if (n === '-' && !inClass)
        out += '-'; // the u flag refuses \- outside a class
      else if ((inClass ? SAME_CLASS_ESCAPES : SAME_ESCAPES).has(n)) out += `\\${n}`;
      else return undefined;
      continue;
    }
    if (inClass) {
      if (c === '[') return undefined; // POSIX classes [[:alpha:]] and nested brackets
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (pattern[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (pattern[i + 1] === ']') {
        // RE2 reads a leading ] as a literal
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?') {
      if (pattern[i + 2] !== ':') return undefined; // flags and named groups
      out += '(?:';
      i += 2;
      continue;
    }
    // RE2's . matches anything but \n; JavaScript's also refuses \r, \u2028 and \u2029.
    out += c === '.' ? '[^\\n]' : c;
  }
  return inClass ? undefined : out;
}

const cache = new Map<string, Matcher>();

/**
 * A compiled pattern (cached per process); throws when the pattern is not valid RE2. A pattern that translates
 * to a JavaScript RegExp is not compiled by RE2 at all (the translation accepts only RE2 syntax).
 */
export function compileRe2(pattern: string): Matcher {
  let m = cache.get(pattern);
  if (m === undefined) {
    const js = translateToJs(pattern);
    try {
      m = js === undefined ? RE2JS.compile(pattern) : new RegExp(js, 'u');
    } catch {
      m = RE2JS.compile(pattern); // throws for a pattern that is not RE2
    }
    cache.set(pattern, m);
  }
  return m;
}

const jsCache = new Map<string, { re: RegExp | undefined }>();

function cacheJsRegExp(pattern: string): { re: RegExp | undefined } {
  compileRe2(pattern);
  const js = translateToJs(pattern);
  let re: RegExp | undefined;
  try {
    re = js === undefined ? undefined : new RegExp(js, 'gu');
  } catch {
    // JavaScript refuses the translation (a { that RE2 reads as a literal): no exact equivalent, re stays undefined
  }
  const entry = { re };
  jsCache.set(pattern, entry);
  return entry;
}

/**
 * A global JavaScript RegExp equivalent to the RE2 pattern, for functions that need match positions (CEL
 * find/findAll); undefined when the pattern has no exact JavaScript equivalent. Throws when the pattern is
 * not valid RE2.
 */
export function globalJsRegExp(pattern: string): RegExp | undefined {
  const { re } = jsCache.get(pattern) ?? cacheJsRegExp(pattern);
  return re === undefined ? undefined : new RegExp(re);
}
