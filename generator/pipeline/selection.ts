// Which clusters a run covers: all, the --cluster names, and/or one --shard of a CI matrix.

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export interface Selection {
  /** --cluster NAME (repeatable). */
  clusters?: readonly string[];
  /** --shard i/n. */
  shard?: Shard;
}

/** FNV-1a: a stable hash, so a cluster stays in its shard whatever other clusters come and go. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The shard (1-based) of a cluster among `count`. */
export function shardOf(cluster: string, count: number): number {
  return (fnv1a(cluster) % count) + 1;
}

export function isEverything(selection: Selection): boolean {
  return selection.clusters === undefined && selection.shard === undefined;
}

export function selects(selection: Selection, cluster: string): boolean {
  if (selection.clusters !== undefined && !selection.clusters.includes(cluster)) return false;
  if (selection.shard !== undefined && shardOf(cluster, selection.shard.count) !== selection.shard.index) return false;
  return true;
}

/** Parses `i/n` (1 ≤ i ≤ n). */
export function parseShard(text: string): Shard | undefined {
  const m = /^([1-9][0-9]*)\/([1-9][0-9]*)$/.exec(text);
  if (m === null) return undefined;
  const shard = { index: Number(m[1]), count: Number(m[2]) };
  return shard.index <= shard.count ? shard : undefined;
}
