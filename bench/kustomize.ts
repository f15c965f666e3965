// The reference point: `kubectl kustomize overlays/<cluster>/data-plane`, one folder after another, the
// way a user or a CI job builds them. Every build must succeed and yield exactly the folder's resources.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export interface KubectlInfo {
  available: boolean;
  /** e.g. "Client Version: v1.32.4, Kustomize Version: v5.5.0". */
  version?: string;
  reason?: string;
}

export function kubectlInfo(): KubectlInfo {
  const r = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8', timeout: 60_000 });
  if (r.error !== undefined) {
    const code = (r.error as NodeJS.ErrnoException).code;
    return { available: false, reason: code === 'ENOENT' ? 'kubectl is not on PATH' : `kubectl version --client failed: ${r.error.message}` };
  }
  if (r.status !== 0) return { available: false, reason: `kubectl version --client exited ${r.status}: ${r.stderr.trim().split('\n')[0] ?? ''}` };
  return { available: true, version: r.stdout.trim().split('\n').join(', ') };
}

export interface KustomizeTiming {
  /** Folders in the run (N). */
  folders: number;
  /** Folders actually built (K <= N). */
  built: number;
  /** Wall time of the K sequential builds. */
  measuredMs: number;
  /** Per folder (measuredMs / K). */
  perFolderMs: number;
  /** The figure for all N folders: measuredMs when K = N, else perFolderMs × N. */
  totalMs: number;
  extrapolated: boolean;
  /** YAML documents in all outputs (checked against the expected resources per folder). */
  documents: number;
}

function countDocuments(out: string): number {
  // kustomize separates documents with a line "---" and prints nothing for an empty folder.
  if (out.trim() === '') return 0;
  return out.split(/^---$/m).filter((d) => d.trim() !== '').length;
}

/**
 * Builds overlays/<cluster>/data-plane for the first `sample` clusters (in the given order), one after
 * another, and extrapolates linearly to all of them. Throws when a build fails or its output does not
 * hold the expected number of resources.
 */
export function timeKustomize(root: string, clusters: readonly string[], expected: ReadonlyMap<string, number>, sample: number, onProgress?: (done: number, total: number) => void): KustomizeTiming {
  const k = Math.max(1, Math.min(sample, clusters.length));
  let documents = 0;
  const start = performance.now();
  for (let i = 0; i < k; i++) {
    const cluster = clusters[i]!;
    const dir = join(root, 'overlays', cluster, 'data-plane');
    const r = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (r.error !== undefined || r.status !== 0) {
      throw new Error(`kubectl kustomize ${dir} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stderr}`);
    }
    const docs = countDocuments(r.stdout);
    const want = expected.get(cluster);
    if (want !== undefined && docs !== want) throw new Error(`kubectl kustomize ${dir} yielded ${docs} resources, expected ${want}`);
    documents += docs;
    if (onProgress !== undefined && (i + 1) % 100 === 0) onProgress(i + 1, k);
  }
  const measuredMs = performance.now() - start;
  const perFolderMs = measuredMs / k;
  return {
    folders: clusters.length,
    built: k,
    measuredMs,
    perFolderMs,
    totalMs: k === clusters.length ? measuredMs : perFolderMs * clusters.length,
    extrapolated: k !== clusters.length,
    documents,
  };
}
