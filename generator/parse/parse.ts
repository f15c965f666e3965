// Reads one topology file and parses it as YAML, keeping source positions for every node.
import { closeSync, fstatSync, openSync, readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { Composer, type CST, type Document, isAlias, isScalar, Parser, visit } from 'yaml';
import { LineIndex } from '../diagnostics/line-index.js';
import type { Problem } from '../diagnostics/problem.js';
import type { TopologyRef } from '../topology/layout.js';
import { firstKeyOffsets } from './duplicate-keys.js';
import { parseFast } from './fast-yaml.js';
import { findIndentationMistake } from './indentation.js';
import type { ParseResult } from './parsed.js';

type Token = CST.Token;

/** Files larger than this are refused: a topology is a few kilobytes. */
const MAX_TOPOLOGY_BYTES = 1024 * 1024;
/** Alias expansions allowed per document (protects against "billion laughs" alias bombs). */
const MAX_ALIAS_COUNT = 100;

/** After this many YAML syntax errors in a file the rest are follow-ups of the first ones: counted, not listed. */
const MAX_SYNTAX_ERRORS = 5;

function problemAt(ref: TopologyRef, lc: LineIndex | undefined, offset: number, rule: string, message: string, hint?: string): Problem {
  const pos = lc === undefined ? { line: 1, col: 1 } : lc.linePos(offset);
  return { severity: 'error', file: ref.file, line: pos.line, col: pos.col, path: '', message, rule, ...(hint === undefined ? {} : { hint }) };
}

function tooLarge(ref: TopologyRef, size: number): Problem {
  return problemAt(ref, undefined, 0, 'encoding', `file is ${size} bytes; topology files are limited to ${MAX_TOPOLOGY_BYTES} bytes (1 MiB)`, 'split the cluster or remove generated content');
}

/**
 * The bytes of a file, or its size when that is over the limit (a huge file is not read). Synchronous:
 * topology files are small, and a thousand asynchronous reads would each wait for the thread pool.
 */
function readLimited(path: string): Uint8Array | { size: number } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    return size > MAX_TOPOLOGY_BYTES ? { size } : readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Bytes looked at to recognise UTF-16 and UTF-32 without a byte-order mark. */
const SNIFFED_BYTES = 4096;

/**
 * UTF-16 or UTF-32 (and its byte order), from a byte-order mark or, without one, from where the zero bytes
 * of mostly-ASCII text fall: every second byte (UTF-16), three of every four (UTF-32).
 */
export function wideEncoding(bytes: Uint8Array): string | undefined {
  const [a, b, c, d] = bytes;
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return 'UTF-32LE';
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return 'UTF-32BE';
  if (a === 0xff && b === 0xfe) return 'UTF-16LE';
  if (a === 0xfe && b === 0xff) return 'UTF-16BE';
  const n = Math.min(bytes.length, SNIFFED_BYTES) & ~3;
  if (n < 4) return undefined;
  const zeros = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) if (bytes[i] === 0) zeros[i & 3]!++;
  const quarter = n / 4;
  const mostly = (count: number) => count >= quarter * 0.9;
  const few = (count: number) => count <= quarter * 0.1;
  const [z0, z1, z2, z3] = zeros as [number, number, number, number];
  if (few(z0) && mostly(z1) && mostly(z2) && mostly(z3)) return 'UTF-32LE';
  if (mostly(z0) && mostly(z1) && mostly(z2) && few(z3)) return 'UTF-32BE';
  if (few(z0 + z2) && mostly((z1 + z3) / 2)) return 'UTF-16LE';
  if (mostly((z0 + z2) / 2) && few(z1 + z3)) return 'UTF-16BE';
  return undefined;
}

/** Decodes the bytes of a topology file: UTF-8, with or without a byte-order mark. */
export function decodeTopology(ref: TopologyRef, bytes: Uint8Array): { text: string } | { problem: Problem } {
  const fail = (message: string, hint?: string) => ({ problem: problemAt(ref, undefined, 0, 'encoding', message, hint) });
  if (bytes.length > MAX_TOPOLOGY_BYTES) return { problem: tooLarge(ref, bytes.length) };
  const wide = wideEncoding(bytes);
  if (wide !== undefined) {
    const bom = bytes[0] === 0xff || bytes[0] === 0xfe || (wide === 'UTF-32BE' && bytes[2] === 0xfe);
    return fail(
      `file is encoded as ${wide.slice(0, 6)} (${wide.endsWith('LE') ? 'little' : 'big'}-endian, ${bom ? 'with' : 'without'} a byte-order mark); gwtopo reads UTF-8`,
      `save the file as UTF-8, e.g. iconv -f ${wide} -t UTF-8 ${ref.file.split('/').pop()} > topology.utf8 && mv topology.utf8 ${ref.file.split('/').pop()}`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return fail('file is not valid UTF-8', 'save the file as UTF-8');
  }
  if (text.includes('\u0000')) return fail('file contains NUL bytes; it is not a YAML text file', 'save the file as UTF-8 text');
  return { text };
}

/** Malformed tokens after which the rest of a file is not read. */
const MAX_ERROR_TOKENS = 100;

/** Passes the parser's tokens on until there have been too many malformed ones. */
function* untilTooManyErrors(tokens: Generator<Token>, onStop: () => void): Generator<Token> {
  let errors = 0;
  for (const token of tokens) {
    if (token.type === 'error' && ++errors > MAX_ERROR_TOKENS) {
      onStop();
      return;
    }
    yield token;
  }
}

/** What a file of each kind is called, and where a second document goes, for yaml-documents. */
const ONE_DOCUMENT: Readonly<Record<NonNullable<TopologyRef['kind']>, { what: string; hint: (file: string) => string }>> = {
  GatewayTopology: { what: 'a topology file', hint: () => "remove the '---' separator; each cluster has its own topologies/<cluster>/topology.yaml" },
  GatewayProfile: {
    what: 'a profile file',
    hint: (file) => {
      const slash = file.lastIndexOf('/');
      return `remove the '---' separator: ${file} is the one profile ${file.slice(slash + 1).replace(/\.yaml$/, '')}; another profile is a file of its own, ${file.slice(0, slash)}/<name>.yaml`;
    },
  },
  Repository: { what: 'the repository configuration file', hint: (file) => `remove the '---' separator: ${file} holds the one Repository document of the repository` },
};

/** Parses YAML text into exactly one document; syntax problems carry positions. */
export function parseTopology(ref: TopologyRef, text: string): ParseResult {
  const lineCounter = new LineIndex(text);
  const problems: Problem[] = [];
  let docs: Document.Parsed[];
  let truncated = false;
  // The yaml package builds an Error for every bad token; their stack traces are never shown and, for a file
  // of garbage, cost most of the time (400,000 errors: 3.5 s instead of 1 s).
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    // What parseAllDocuments does, with a stop: past MAX_ERROR_TOKENS malformed tokens the rest of the file
    // is garbage, and composing it would only cost time. logLevel 'error': the yaml package would otherwise
    // print its warnings (e.g. about collection keys) on stderr itself.
    const composer = new Composer({ uniqueKeys: true, prettyErrors: false, strict: true, version: '1.2', logLevel: 'error' });
    docs = [
      ...composer.compose(
        untilTooManyErrors(new Parser().parse(text), () => (truncated = true)),
        true,
        text.length,
      ),
    ] as Document.Parsed[];
  } catch (err) {
    return { ok: false, problems: [problemAt(ref, lineCounter, 0, 'yaml', `YAML could not be parsed: ${(err as Error).message}`)] };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  const nonEmpty = docs.filter((d) => d.contents !== null || d.errors.length > 0);
  if (nonEmpty.length === 0) {
    return {
      ok: false,
      problems: [
        problemAt(
          ref,
          lineCounter,
          0,
          'yaml-empty',
          `file is empty; expected a ${ref.kind ?? 'GatewayTopology'} document`,
          ref.kind === undefined || ref.kind === 'GatewayTopology'
            ? 'start it with gwtopo init <cluster> (after moving this file away), or write apiVersion: gwtopo/v1alpha1, kind: GatewayTopology, metadata.name and spec.gateways'
            : `write a document with apiVersion: gwtopo/v1alpha1, kind: ${ref.kind}`,
        ),
      ],
    };
  }
  if (docs.length > 1) {
    const second = docs[1]!;
    problems.push(
      problemAt(
        ref,
        lineCounter,
        second.range[0],
        'yaml-documents',
        `file holds ${docs.length} YAML documents; ${ONE_DOCUMENT[ref.kind ?? 'GatewayTopology'].what} holds exactly one`,
        ONE_DOCUMENT[ref.kind ?? 'GatewayTopology'].hint(ref.file),
      ),
    );
  }
  const doc = docs[0]!;
  const reported = [...doc.errors, ...doc.warnings];
  // A tab or a line indented unlike its siblings makes the parser report consequences: name the cause instead.
  const syntax = reported.filter((e) => e.code !== 'DUPLICATE_KEY' && e.code !== 'TAG_RESOLVE_FAILED');
  const firstLine = Math.min(...syntax.map((e) => lineCounter.linePos(e.pos[0]).line));
  const mistake = syntax.length === 0 ? undefined : findIndentationMistake(text);
  if (mistake !== undefined && (mistake.line <= firstLine || mistake.previous === firstLine)) {
    const problem: Problem = { severity: 'error', file: ref.file, line: mistake.line, col: mistake.col, path: '', rule: mistake.rule, message: mistake.message, hint: mistake.hint };
    return { ok: false, problems: [...problems, problem] };
  }
  // A [ or { never closed: the parser reports it where the file ends, once per enclosing collection; the cause
  // is the opening bracket.
  const unclosed = syntax.some((e) => /must be sufficiently indented and end with a [\]}]/.test(e.message)) ? unclosedBracket(text) : undefined;
  if (unclosed !== undefined) {
    const close = unclosed.bracket === '[' ? ']' : '}';
    const what = unclosed.bracket === '[' ? 'list' : 'map';
    const problem = problemAt(
      ref,
      lineCounter,
      unclosed.offset,
      'yaml',
      `this ${unclosed.bracket} opens a flow ${what} that is never closed`,
      `add the ${close} that ends it (on the same line, or indented more than its key)`,
    );
    return { ok: false, problems: [...problems, problem] };
  }
  const firstKeys = firstKeyOffsets(doc);
  for (const e of reported.slice(0, MAX_SYNTAX_ERRORS)) {
    const code = e.code;
    let message = `YAML syntax error: ${e.message.replace(/ at line \d+, column \d+.*$/s, '')}`;
    let hint: string | undefined;
    if (code === 'DUPLICATE_KEY') {
      const key = text
        .slice(e.pos[0])
        .split(/:\s|:$|\n/m)[0]!
        .trim();
      const first = firstKeys.get(e.pos[0]);
      message = `${key === '' ? 'duplicate key' : `duplicate key ${JSON.stringify(key)}`}${first === undefined ? '' : ` (first on line ${lineCounter.linePos(first).line})`}`;
      hint = 'a key may appear only once in a map; remove or merge the repeated entry';
    } else if (code === 'TAG_RESOLVE_FAILED') {
      message = 'YAML tags are not supported in a topology';
      hint = 'remove the !tag';
    }
    problems.push(problemAt(ref, lineCounter, e.pos[0], code === 'DUPLICATE_KEY' ? 'yaml-duplicate-key' : 'yaml', message, hint));
  }
  if (reported.length > MAX_SYNTAX_ERRORS) {
    const last = reported[MAX_SYNTAX_ERRORS]!;
    const more = truncated
      ? `over ${MAX_ERROR_TOKENS - MAX_SYNTAX_ERRORS} more YAML errors from here on (gwtopo stopped reading the file)`
      : `${reported.length - MAX_SYNTAX_ERRORS} more YAML errors from here on`;
    problems.push(problemAt(ref, lineCounter, last.pos[0], 'yaml', `${more}, most of them consequences of the ones above`, 'fix the first error, then run again'));
  }
  // A map key that is itself a list or a map cannot name a field.
  visit(doc, {
    Pair(_, pair) {
      if (pair.key !== null && !isScalar(pair.key) && !isAlias(pair.key) && (pair.key as { range?: [number, number, number] }).range !== undefined) {
        problems.push(problemAt(ref, lineCounter, (pair.key as { range: [number] }).range[0], 'yaml', 'a map key must be a plain value, not a list or a map', 'write the key as a string'));
      }
    },
  });
  if (problems.length > 0 || doc.contents === null) {
    if (problems.length === 0) problems.push(problemAt(ref, lineCounter, 0, 'yaml-empty', `file is empty; expected a ${ref.kind ?? 'GatewayTopology'} document`));
    return { ok: false, problems };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const message =
      err instanceof ReferenceError && /alias/i.test(err.message)
        ? `YAML aliases expand to too many nodes (more than ${MAX_ALIAS_COUNT} expansions); this looks like an alias bomb`
        : `YAML could not be read: ${(err as Error).message}`;
    return { ok: false, problems: [problemAt(ref, lineCounter, firstAliasOffset(text), 'yaml-aliases', message, 'write the repeated values out instead of using anchors and aliases')] };
  }
  return { ok: true, topology: { ...ref, doc, lineCounter, data }, problems };
}

function firstAliasOffset(text: string): number {
  const m = /(^|[\s[{,:-])\*[^\s,\]}]/m.exec(text);
  return m === null ? 0 : m.index + m[1]!.length;
}

/** Real paths of repository roots: a run reads a thousand files under one root. */
const realRoots = new Map<string, string>();

/**
 * The real path of `file` when it (through symbolic links) stays inside `root`; undefined otherwise. The
 * native realpath(3): Node's JavaScript one lstat()s every component of every path (10,000 calls a run).
 */
export function insideRoot(root: string, file: string): string | undefined {
  const real = realpathSync.native(file);
  let realRoot = realRoots.get(root);
  if (realRoot === undefined) realRoots.set(root, (realRoot = realpathSync.native(root)));
  const rel = relative(realRoot, real);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel)) ? real : undefined;
}

/** Reads and decodes one file of the repository. I/O errors become problems, not exceptions. */
export function readText(root: string, ref: TopologyRef): { ok: true; text: string } | { ok: false; problems: Problem[] } {
  let bytes: Uint8Array;
  try {
    const path = join(root, ref.file);
    if (ref.linkFree !== true && insideRoot(root, path) === undefined) {
      return {
        ok: false,
        problems: [
          problemAt(
            ref,
            undefined,
            0,
            'symlink',
            `is a symbolic link (or lies below one) to ${realpathSync(path)}, outside the repository; gwtopo does not follow it`,
            'replace the link with the file itself',
          ),
        ],
      };
    }
    const read = readLimited(path);
    if (!(read instanceof Uint8Array)) return { ok: false, problems: [tooLarge(ref, read.size)] };
    bytes = read;
  } catch (err) {
    return { ok: false, problems: [problemAt(ref, undefined, 0, 'io', `cannot read file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)] };
  }
  const decoded = decodeTopology(ref, bytes);
  return 'problem' in decoded ? { ok: false, problems: [decoded.problem] } : { ok: true, text: decoded.text };
}

/** Parses a text; an unforeseen failure of the parser (too deep a recursion) is still a clean, positioned error. */
export function parseText(ref: TopologyRef, text: string): ParseResult {
  try {
    return parseFast(ref, text, parseTopology) ?? parseTopology(ref, text);
  } catch (err) {
    return { ok: false, problems: [problemAt(ref, undefined, 0, 'yaml', `YAML could not be parsed: ${(err as Error).message}`)] };
  }
}

/** Reads, decodes and parses one topology file. I/O errors become problems, not exceptions. */
export async function loadTopology(root: string, ref: TopologyRef): Promise<ParseResult> {
  const read = readText(root, ref);
  return read.ok ? parseText(ref, read.text) : read;
}

/**
 * The offset of the innermost [ or { that is never closed, outside quoted scalars and comments; undefined when
 * every bracket is closed (or closed by the wrong one: that is another mistake, which the parser names).
 */
function unclosedBracket(text: string): { offset: number; bracket: '[' | '{' } | undefined {
  const open: { offset: number; bracket: '[' | '{' }[] = [];
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== undefined) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote && quote === "'" && text[i + 1] === "'")
        i++; // '' is a quote inside '…'
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else if ((c === '"' || c === "'") && /(^|[[{,:\s])$/.test(text.slice(Math.max(0, i - 1), i)) && open.length > 0) quote = c;
    else if (c === '[' || c === '{') open.push({ offset: i, bracket: c });
    else if (c === ']' || c === '}') {
      const top = open.pop();
      if (top === undefined || (top.bracket === '[') !== (c === ']')) return undefined;
    }
  }
  return open.at(-1);
}
