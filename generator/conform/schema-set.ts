// Loads a schema set (spec.crds of a topology or gwtopo.yaml, conform --crds): a builtin set shipped with
// gwtopo, or a path to a file or folder of CustomResourceDefinitions as `kubectl get crd -o yaml` prints
// them (a List, or several documents). Each is loaded once per thread and kept (the engine compiles its
// schemas and rules on first use, so a thread compiles each once).
import { readdirSync, readFileSync, type Stats, statSync } from 'node:fs';
import { isAbsolute, join, normalize, relative, resolve } from 'node:path';
import { Composer, Parser } from 'yaml';
import { LineIndex } from '../diagnostics/line-index.js';
import { closest, editDistance } from '../diagnostics/suggest.js';
import { insideRoot } from '../parse/parse.js';
import { byName } from '../support/order.js';
import { BUILTIN_SETS, DEFAULT_SET, loadBuiltinSet, loadSetFromCrds, type SchemaSet } from './index.js';
import { DOCUMENT_ORIGINS } from './schema/crd.js';

type CrdFiles = { ok: true; documents: unknown[] } | { ok: false; message: string; hint: string; missing?: true };

/** File names read in a folder of CRDs. */
const CRD_FILE = /\.(ya?ml|json)$/;

/** Every CRD file under a folder, recursively, each folder's entries in code-point order of their names (as kubectl apply -R walks). */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  // Stryker disable next-line MethodExpression: equivalent on POSIX, where libuv's scandir already sorts by bytes: the sort is for other systems
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort(byName)) {
    const full = join(dir, entry.name);
    if (entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (CRD_FILE.test(entry.name)) out.push(full);
  }
  return out;
}

class CrdFileError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** The documents of one file; a YAML error names the file and its line. */
function documentsOf(file: string, shown: string): unknown[] {
  const bytes = readFileSync(file);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CrdFileError(`${shown} is not UTF-8 text`, 'save the output of kubectl get crd -o yaml as it is');
  }
  if (text.includes('\u0000')) throw new CrdFileError(`${shown} is not a YAML file (it holds NUL bytes)`, 'give a file of CustomResourceDefinitions as kubectl get crd -o yaml prints them');
  const lines = new LineIndex(text);
  const out: unknown[] = [];
  let index = 0;
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    // (A Composer's errors carry no position in their message: prettyErrors is the parse functions' option.)
    const composer = new Composer({
      version: '1.2',
      // Stryker disable next-line StringLiteral: equivalent: logLevel '' warns as little as 'error'
      logLevel: 'error',
    });
    // Stryker disable next-line BooleanLiteral: equivalent: without forceDoc an empty file has no document, with it one that is null
    for (const doc of composer.compose(new Parser().parse(text), true, text.length)) {
      const error = doc.errors[0];
      if (error !== undefined) {
        const at = lines.linePos(error.pos[0]);
        throw new CrdFileError(`${shown}:${at.line}:${at.col} is not valid YAML: ${error.message.split('\n')[0]!}`, 'give the output of kubectl get crd -o yaml as it is');
      }
      index++;
      // Stryker disable next-line ObjectLiteral: equivalent: 100 is the yaml package's default, kept here to say it is the bound
      const data: unknown = doc.toJS({ maxAliasCount: 100 });
      // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent: readCrds passes over an empty (null) document too
      if (data !== null && data !== undefined) out.push(data);
      if (typeof data === 'object' && data !== null) DOCUMENT_ORIGINS.set(data, { file: shown, index });
    }
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  return out;
}

/** Reads the CRD documents at `path`; `confined`: the path is relative to root and must stay inside it. */
function readCrdFiles(root: string, path: string, confined: boolean): CrdFiles {
  const full = confined ? normalize(join(root, path)) : resolve(root, path);
  const shown = (file: string): string => (confined || !isAbsolute(path) ? relative(root, file) : file).split('\\').join('/');
  let stats: Stats;
  try {
    stats = statSync(full);
  } catch {
    return { ok: false, missing: true, message: `no file or folder ${path}${confined ? ' in the repository' : ''}`, hint: 'capture the CRDs the cluster runs with kubectl get crd -o yaml > <file>' };
  }
  if (confined && insideRoot(root, full) === undefined) return { ok: false, message: `${path} lies outside the repository (through a symbolic link)`, hint: 'keep the CRD files in the repository' };
  const files = stats.isDirectory() ? filesUnder(full) : [full];
  if (files.length === 0) return { ok: false, message: `the folder ${path} holds no .yaml, .yml or .json files`, hint: 'save the CRDs there: kubectl get crd -o yaml > <folder>/crds.yaml' };
  try {
    return { ok: true, documents: files.flatMap((f) => documentsOf(f, shown(f))) };
  } catch (err) {
    if (err instanceof CrdFileError) return { ok: false, message: err.message, hint: err.hint };
    const e = err as NodeJS.ErrnoException;
    return { ok: false, message: `${path} could not be read: ${e.code ?? e.message}`, hint: 'check the permissions of the files' };
  }
}

export type SchemaSetLoad = { ok: true; set: SchemaSet; notices?: string[] } | { ok: false; message: string; hint: string };

/** A value that can only be meant as a path (the others may be a mistyped builtin name). */
function looksLikePath(value: string): boolean {
  return value.includes('/') || CRD_FILE.test(value) || value.startsWith('.');
}

function load(root: string, value: string, confined: boolean): SchemaSetLoad {
  if (BUILTIN_SETS.includes(value)) {
    const got = loadBuiltinSet(value);
    // Stryker disable next-line LogicalOperator,StringLiteral: equivalent: loadBuiltinSet gives every failure a hint
    return got.ok ? got : { ok: false, message: got.message, hint: got.hint ?? 'reinstall gwtopo' };
  }
  const files = readCrdFiles(root, value, confined);
  if (!files.ok) {
    if (files.missing === true && !looksLikePath(value)) {
      // Between equally close names, the default set (the newest) is the likelier meaning.
      const guess = closest(value, BUILTIN_SETS);
      const suggestion = guess !== undefined && editDistance(value, DEFAULT_SET) === editDistance(value, guess) ? DEFAULT_SET : guess;
      return {
        ok: false,
        message: `unknown schema set ${JSON.stringify(value)}: not a builtin set (${BUILTIN_SETS.join(', ')}), and no file or folder of that name`,
        hint: suggestion !== undefined ? `did you mean "${suggestion}"?` : 'name a builtin set, or give the path of a file or folder of CRDs (kubectl get crd -o yaml)',
      };
    }
    return files;
  }
  const got = loadSetFromCrds(value, files.documents);
  // Stryker disable next-line StringLiteral: equivalent: loadSetFromCrds gives every failure a hint
  return got.ok ? got : { ok: false, message: got.message, hint: got.hint ?? 'give the output of kubectl get crd -o yaml as it is' };
}

const cache = new Map<string, SchemaSetLoad>();

/**
 * The schema set a spec.crds value (or --crds) names: a builtin set, or a path. `confined` (spec.crds):
 * the path is relative to root and stays inside it; otherwise (--crds) it is relative to root (the working
 * directory) or absolute. Loaded once per thread; never throws.
 */
export function loadSchemaSet(root: string, value: string, confined = true): SchemaSetLoad {
  const key = JSON.stringify([confined, root, value]);
  let got = cache.get(key);
  if (got === undefined) {
    got = load(root, value, confined);
    cache.set(key, got);
  }
  return got;
}
