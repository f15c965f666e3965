// The on-disk form of a schema set (schema-sets/<set>/): an index of the CRDs it holds and one compact JSON
// file per CRD, so that loading reads only the CRDs of the kinds being validated. Output is deterministic:
// keys sorted, CRDs ordered by group and kind, versions in the CRD's order, LF line ends, a final newline.
// A served version whose schema equals an earlier version's (Gateway API's v1 and v1beta1) refers to it with
// `schemaOf` instead of repeating it.
import { createHash } from 'node:crypto';
import { isRecord, sortJson } from './crd.js';
import type { Crd, CrdVersion, Schema } from './types.js';

const PACK_FORMAT = 1;

/** A CRD in the index: everything but the schemas. */
export interface IndexedCrd {
  file: string;
  /** sha256 of the CRD file's text (a hand edit of a shipped set shows without the sources). */
  digest: string;
  name: string;
  group: string;
  kind: string;
  plural: string;
  scope: Crd['scope'];
  versions: Omit<CrdVersion, 'schema'>[];
}

export interface SetIndex {
  format: number;
  name: string;
  /** sha256 of the CRD files the set was built from (see sourcesDigest). */
  sources: string;
  crds: IndexedCrd[];
}

const json = (value: unknown): string => `${JSON.stringify(sortJson(value))}\n`;
const sha256 = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`;
/** JavaScript's string order (UTF-16 code units), 0 for equal strings. */
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A digest of source files: each file's path (relative, '/'-separated), length and bytes, in path order. */
export function sourcesDigest(files: readonly { path: string; bytes: Uint8Array }[]): string {
  const hash = createHash('sha256');
  for (const f of [...files].sort((a, b) => compareText(a.path, b.path))) {
    hash.update(`${f.path}\n${f.bytes.length}\n`);
    hash.update(f.bytes);
  }
  return `sha256:${hash.digest('hex')}`;
}

const fileOf = (crd: Crd): string => `${crd.group}/${crd.plural}.json`;

function versionMeta(v: CrdVersion): Omit<CrdVersion, 'schema'> {
  const { schema: _schema, ...meta } = v;
  return meta;
}

/** The files of a set: `index.json` and `<group>/<plural>.json` per CRD. */
export function packSet(name: string, crds: readonly Crd[], sources: string): Map<string, string> {
  const ordered = [...crds].sort((a, b) => compareText(a.group, b.group) || compareText(a.kind, b.kind));
  const files = new Map<string, string>();
  const index: SetIndex = { format: PACK_FORMAT, name, sources, crds: [] };
  for (const crd of ordered) {
    // Stryker disable next-line ArrayDeclaration: equivalent: a string in the list has no text, so find never picks it
    const seen: { name: string; text: string }[] = [];
    const versions = crd.versions.map((v) => {
      if (v.schema === undefined) return versionMeta(v);
      const text = JSON.stringify(sortJson(v.schema));
      const same = seen.find((s) => s.text === text);
      seen.push({ name: v.name, text });
      return same === undefined ? { ...versionMeta(v), schema: v.schema } : { ...versionMeta(v), schemaOf: same.name };
    });
    const text = json({ ...crd, versions });
    files.set(fileOf(crd), text);
    index.crds.push({ file: fileOf(crd), digest: sha256(text), name: crd.name, group: crd.group, kind: crd.kind, plural: crd.plural, scope: crd.scope, versions: crd.versions.map(versionMeta) });
  }
  files.set('index.json', json(index));
  return files;
}

/** A CRD file of a packed set back to a Crd (`schemaOf` resolved to the same schema object). */
export function unpackCrd(text: string): Crd {
  const raw = JSON.parse(text) as Omit<Crd, 'versions'> & { versions: (CrdVersion & { schemaOf?: string })[] };
  const schemas = new Map<string, Schema | undefined>();
  const versions = raw.versions.map(({ schemaOf, ...v }) => {
    const schema = schemaOf === undefined ? v.schema : schemas.get(schemaOf);
    schemas.set(v.name, schema);
    return schema === undefined ? v : { ...v, schema };
  });
  return { ...raw, versions };
}

/**
 * What is wrong with a packed set's files (paths relative to the set), judged without its sources: each CRD
 * file must match the digest its index records, and the index must be what its CRD files make.
 */
export function packedSetProblems(name: string, files: ReadonlyMap<string, string>): string[] {
  const indexText = files.get('index.json');
  if (indexText === undefined) return ['index.json is missing'];
  const index = parseIndex(indexText);
  const problems: string[] = [];
  const crds: Crd[] = [];
  for (const c of index.crds) {
    const text = files.get(c.file);
    if (text === undefined) problems.push(`${c.file} is missing`);
    else if (sha256(text) !== c.digest) problems.push(`${c.file} does not match the digest in index.json (edited by hand?)`);
    else crds.push(unpackCrd(text));
  }
  if (problems.length > 0) return problems;
  const rebuilt = packSet(name, crds, index.sources);
  for (const path of new Set([...files.keys(), ...rebuilt.keys()])) {
    if (files.get(path) !== rebuilt.get(path)) problems.push(`${path} is not what the build makes of the set's CRD files`);
  }
  return problems.sort();
}

export function parseIndex(text: string): SetIndex {
  const index = JSON.parse(text) as unknown;
  if (!isRecord(index) || index.format !== PACK_FORMAT || !Array.isArray(index.crds)) throw new Error('not a schema-set index of this gwtopo version');
  return index as unknown as SetIndex;
}
