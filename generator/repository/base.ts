// Reads a kustomization folder of the repository (the base of a patch-mode control plane) far enough
// to know which objects it yields: its resources, recursively, with the namespace, namePrefix and
// nameSuffix transformers applied — the identities a strategic-merge patch in an overlay must match.
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, normalize, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';

export interface BaseObject {
  kind: string;
  name: string;
  namespace?: string;
  /** The object as kustomize yields it (after this base's transformers). */
  object: Record<string, unknown>;
}

export type BaseRead = { ok: true; objects: BaseObject[] } | { ok: false; message: string; hint: string };

const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
/** OpenChoreo kinds that are cluster-scoped (kustomize's namespace transformer leaves them alone). */
const CLUSTER_SCOPED = new Set(['ClusterDataPlane', 'Namespace', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding']);

type Raw = Record<string, unknown>;
const isMap = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

class BaseError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** True when path, through any symbolic links, stays inside root. */
function insideRoot(root: string, path: string): boolean {
  const real = existsSync(path) ? realpathSync(path) : path;
  const rel = relative(realpathSync(root), real);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function kustomizationFile(dir: string): string | undefined {
  return KUSTOMIZATION_NAMES.map((n) => join(dir, n)).find((f) => existsSync(f));
}

function readDocuments(file: string, shown: string): Raw[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'), { uniqueKeys: false });
  const out: Raw[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) throw new BaseError(`${shown} is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`, 'fix the file');
    const data: unknown = doc.toJS({ maxAliasCount: 100 });
    if (data !== null && data !== undefined) out.push(isMap(data) ? data : {});
  }
  return out;
}

function readFolder(root: string, dir: string, seen: Set<string>): BaseObject[] {
  const shown = relative(root, dir) || '.';
  if (seen.has(dir)) throw new BaseError(`${shown} includes itself through its resources`, 'remove the cycle');
  seen.add(dir);
  const file = kustomizationFile(dir);
  if (file === undefined) throw new BaseError(`${shown} has no kustomization.yaml`, 'point base at a folder with a kustomization.yaml listing the DataPlane/Environment files');
  const [k] = readDocuments(file, relative(root, file));
  const kustomization = k ?? {};
  const objects: BaseObject[] = [];
  for (const entry of Array.isArray(kustomization.resources) ? kustomization.resources : []) {
    if (typeof entry !== 'string') continue;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(entry) || entry.startsWith('git@')) {
      throw new BaseError(`${shown} uses the remote resource ${entry}`, 'gwtopo reads bases from this repository only: vendor the remote resources into it');
    }
    const path = normalize(join(dir, entry));
    if (!insideRoot(root, path)) throw new BaseError(`${shown} lists ${entry}, outside the repository`, 'keep the base and its resources inside the repository');
    if (!existsSync(path)) throw new BaseError(`${shown} lists ${entry}, which does not exist`, 'fix the kustomization of the base');
    if (statSync(path).isDirectory()) objects.push(...readFolder(root, path, seen));
    else {
      for (const object of readDocuments(path, relative(root, path))) {
        const metadata = isMap(object.metadata) ? object.metadata : {};
        if (typeof object.kind !== 'string' || typeof metadata.name !== 'string') continue;
        objects.push({ kind: object.kind, name: metadata.name, ...(typeof metadata.namespace === 'string' ? { namespace: metadata.namespace } : {}), object });
      }
    }
  }
  // This level's transformers apply to everything it yields, its sub-bases included.
  const namespace = typeof kustomization.namespace === 'string' ? kustomization.namespace : undefined;
  const prefix = typeof kustomization.namePrefix === 'string' ? kustomization.namePrefix : '';
  const suffix = typeof kustomization.nameSuffix === 'string' ? kustomization.nameSuffix : '';
  for (const o of objects) {
    o.name = `${prefix}${o.name}${suffix}`;
    if (namespace !== undefined && !CLUSTER_SCOPED.has(o.kind)) o.namespace = namespace;
    const metadata = { ...(isMap(o.object.metadata) ? o.object.metadata : {}), name: o.name, ...(o.namespace === undefined ? {} : { namespace: o.namespace }) };
    o.object = { ...o.object, metadata };
  }
  return objects;
}

/** The objects the kustomization in `base` (relative to root) yields. Never throws for bad input. */
export function readBase(root: string, base: string): BaseRead {
  const dir = normalize(join(root, base));
  if (!insideRoot(root, dir)) return { ok: false, message: `${base} is outside the repository`, hint: 'give a folder relative to the repository root' };
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    return {
      ok: false,
      message: `${base} is not a folder of the repository`,
      hint: 'give the folder of the kustomization that holds your DataPlane/Environment objects, relative to the repository root',
    };
  try {
    return { ok: true, objects: readFolder(root, dir, new Set()) };
  } catch (err) {
    if (err instanceof BaseError) return { ok: false, message: err.message, hint: err.hint };
    return { ok: false, message: `${base} could not be read: ${(err as Error).message}`, hint: 'check the files of the base' };
  }
}
