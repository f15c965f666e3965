// Reads the input of `gwtopo conform` (and captures for import and diff --live): files, folders (recursively: *.yaml and *.yml, without
// kustomization files, hidden folders and node_modules) and standard input. Returns texts to parse;
// what cannot be read becomes a problem naming the path, never an exception.
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, realpathSync, type Stats, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Problem } from '../diagnostics/problem.js';
import { byName } from '../support/order.js';
import { wideEncoding } from './parse.js';

export interface ManifestText {
  /** The file as the user named it (folder contents joined to the folder), or `<stdin>`. */
  file: string;
  text: string;
  /** Lines of the file before `text` (0 unless the text is a part of a file, see splitManifests). */
  line?: number;
}

const STDIN_NAME = '<stdin>';

import { MAX_MANIFEST_BYTES } from './limits.js';

export { MAX_MANIFEST_BYTES };

/** What reads the inputs: its rule for unreadable input, its name in messages, and which files of a folder it reads. */
export interface ManifestReader {
  rule: string;
  tool: string;
  files: RegExp;
  /** The files it reads, for messages: `*.yaml and *.yml`. */
  names: string;
}

/** `gwtopo conform`: Kubernetes YAML. */
const CONFORM_READER: ManifestReader = { rule: 'conform-input', tool: 'gwtopo conform', files: /\.ya?ml$/, names: '*.yaml and *.yml' };
/** `gwtopo import` and `diff --live`: captured cluster state, as kubectl get -o yaml or -o json prints it. */
export const CAPTURE_READER: ManifestReader = { rule: 'capture-input', tool: 'gwtopo', files: /\.(ya?ml|json)$/, names: '*.yaml, *.yml and *.json' };
/** Build instructions, not resources: skipped in folders (named explicitly, they are read). */
const KUSTOMIZATION = /^(kustomization\.ya?ml|Kustomization)$/;

function problem(reader: ManifestReader, file: string, message: string, hint?: string): Problem {
  return { severity: 'error', file, line: 1, col: 1, path: '', rule: reader.rule, message, ...(hint === undefined ? {} : { hint }) };
}

/** Manifest files under a folder, in code-point order of their paths; a folder reached twice (links) is read once. */
function filesUnder(reader: ManifestReader, dir: string, shown: string, seen = new Set<string>()): { path: string; file: string }[] {
  const out: { path: string; file: string }[] = [];
  const real = realpathSync(dir);
  if (seen.has(real)) return out;
  seen.add(real);
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort(byName)) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    const file = shown === '.' ? entry.name : `${shown.replace(/\/+$/, '')}/${entry.name}`;
    const isDir = entry.isDirectory() || (entry.isSymbolicLink() && isFolder(path));
    if (isDir) out.push(...filesUnder(reader, path, file, seen));
    else if (reader.files.test(entry.name) && !KUSTOMIZATION.test(entry.name)) out.push({ path, file });
  }
  return out;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** UTF-16 text after its byte-order mark, or undefined when the bytes are not valid UTF-16. */
function decodeUtf16(bytes: Uint8Array, bigEndian: boolean): string | undefined {
  const body = Buffer.from(bytes.subarray(2));
  if (body.length % 2 !== 0) return undefined;
  try {
    return new TextDecoder('utf-16le', { fatal: true }).decode(bigEndian ? body.swap16() : body);
  } catch {
    return undefined;
  }
}

/**
 * Decodes an input as kubectl does: UTF-8 (a byte-order mark is fine), or UTF-16 with a byte-order mark
 * (cli-runtime's FileVisitor.Visit reads files and standard input through unicode.BOMOverride). UTF-16
 * without one, UTF-32 and binary are refused, each by name.
 */
function decodeManifest(reader: ManifestReader, file: string, bytes: Uint8Array): { text: string } | { problem: Problem } {
  if (bytes.length > MAX_MANIFEST_BYTES)
    return { problem: problem(reader, file, `is ${bytes.length} bytes; ${reader.tool} reads at most ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB per input`, 'split the input') };
  const wide = wideEncoding(bytes);
  let text: string;
  if (wide !== undefined) {
    const bom = bytes[0] === 0xff || bytes[0] === 0xfe || (wide === 'UTF-32BE' && bytes[2] === 0xfe);
    const name = `${wide.slice(0, 6)} (${wide.endsWith('LE') ? 'little' : 'big'}-endian, ${bom ? 'with' : 'without'} a byte-order mark)`;
    const decoded = bom && wide.startsWith('UTF-16') ? decodeUtf16(bytes, wide === 'UTF-16BE') : undefined;
    if (decoded === undefined) {
      const shown = file === STDIN_NAME ? 'FILE' : file.split('/').pop()!;
      const reads = bom && wide.startsWith('UTF-16') ? 'is not valid ' : 'is encoded as ';
      return {
        problem: problem(
          reader,
          file,
          `${reads}${name}; ${reader.tool} reads UTF-8, and UTF-16 with a byte-order mark (as kubectl does)`,
          `convert it to UTF-8, e.g. iconv -f ${wide} -t UTF-8 ${shown} > ${shown}.utf8`,
        ),
      };
    }
    text = decoded;
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return { problem: problem(reader, file, 'is not UTF-8 text (a binary file?)', 'give Kubernetes YAML') };
    }
  }
  if (text.includes('\u0000')) return { problem: problem(reader, file, 'holds NUL bytes: not a YAML text file', 'give Kubernetes YAML') };
  return { text };
}

function readLimited(path: string): Uint8Array | { size: number } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    return size > MAX_MANIFEST_BYTES ? { size } : readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

function readOne(reader: ManifestReader, path: string, file: string, out: ManifestText[], problems: Problem[], seen: Set<string>): void {
  // A file named twice (or inside a folder also named) is read once.
  const key = resolve(path);
  if (seen.has(key)) return;
  seen.add(key);
  let bytes: Uint8Array | { size: number };
  try {
    bytes = readLimited(path);
  } catch (err) {
    problems.push(problem(reader, file, `cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`));
    return;
  }
  if (!(bytes instanceof Uint8Array)) {
    problems.push(problem(reader, file, `is ${bytes.size} bytes; ${reader.tool} reads at most ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB per input`, 'split the input'));
    return;
  }
  const decoded = decodeManifest(reader, file, bytes);
  if ('problem' in decoded) problems.push(decoded.problem);
  else out.push({ file, text: decoded.text });
}

/**
 * The texts of the inputs, in the order given (a folder's files sorted). `base` resolves relative paths;
 * `stdin` reads standard input (for `-`).
 */
export async function readManifests(
  base: string,
  paths: readonly string[],
  stdin: () => Promise<Uint8Array>,
  reader: ManifestReader = CONFORM_READER,
): Promise<{ inputs: ManifestText[]; problems: Problem[] }> {
  const inputs: ManifestText[] = [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const path of paths) {
    if (path === '-') {
      const decoded = decodeManifest(reader, STDIN_NAME, await stdin());
      if ('problem' in decoded) problems.push(decoded.problem);
      else inputs.push({ file: STDIN_NAME, text: decoded.text });
      continue;
    }
    const full = resolve(base, path);
    let stats: Stats;
    try {
      stats = statSync(full);
    } catch {
      problems.push(problem(reader, path, 'no such file or folder'));
      continue;
    }
    if (!stats.isDirectory()) {
      readOne(reader, full, path, inputs, problems, seen);
      continue;
    }
    const files = filesUnder(reader, full, path);
    if (files.length === 0)
      problems.push(
        problem(
          reader,
          path,
          `the folder holds no ${reader.names.replace(/\*/g, '')} files`,
          `${reader.tool} reads ${reader.names} files (kustomization files, hidden folders and node_modules are skipped)`,
        ),
      );
    for (const f of files) readOne(reader, f.path, f.file, inputs, problems, seen);
  }
  return { inputs, problems };
}

/** A line starting a YAML document (`---` at the start of a line); the parser ends any block scalar there too. */
const DOCUMENT_START = /^---(?=[ \t\r]|$)/gm;

/**
 * The inputs as `parts` lists of about equal size, for threads: inputs stay whole unless one is larger than
 * a share, which is cut at document starts (each part knows the line it starts at, so positions stay those
 * of the file).
 */
export function splitManifests(inputs: readonly ManifestText[], parts: number): ManifestText[][] {
  const total = inputs.reduce((n, i) => n + i.text.length, 0);
  const share = Math.ceil(total / parts);
  const pieces: ManifestText[] = [];
  for (const input of inputs) {
    if (input.text.length <= share) {
      pieces.push(input);
      continue;
    }
    let from = 0;
    let line = input.line ?? 0;
    for (const m of input.text.matchAll(DOCUMENT_START)) {
      if (m.index - from < share) continue;
      const text = input.text.slice(from, m.index);
      pieces.push({ file: input.file, text, line });
      line += text.split('\n').length - 1;
      from = m.index;
    }
    pieces.push({ file: input.file, text: input.text.slice(from), line });
  }
  const out: ManifestText[][] = Array.from({ length: parts }, () => []);
  const sizes = new Array<number>(parts).fill(0);
  for (const piece of pieces) {
    const i = sizes.indexOf(Math.min(...sizes));
    out[i]!.push(piece);
    sizes[i]! += piece.text.length;
  }
  return out.filter((p) => p.length > 0);
}
