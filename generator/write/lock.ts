// One writer at a time: `generate` holds overlays/.gwtopo.lock while it plans and writes. A second run waits
// a bounded time, then fails clearly. A lock left by a run that died (its process is gone on this host, or
// it is older than the longest plausible run) is taken over.

import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { OVERLAYS_DIR } from '../topology/layout.js';

export const LOCK_FILE = '.gwtopo.lock';
/** How long a second run waits for the first (GWTOPO_LOCK_TIMEOUT_MS overrides). */
const LOCK_TIMEOUT_MS = 30_000;
/** A lock older than this is stale whoever holds it. */
const STALE_LOCK_MS = 15 * 60_000;

interface Holder {
  pid: number;
  host: string;
  since: number;
}

export class LockTimeout extends Error {
  constructor(
    readonly path: string,
    readonly holder: Holder | undefined,
    readonly waitedMs: number,
  ) {
    super(`${path} is held${holder === undefined ? '' : ` by process ${holder.pid} on ${holder.host}`}; waited ${Math.round(waitedMs / 1000)} s`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): Holder | undefined {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as Holder;
    return typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.since === 'number' ? h : undefined;
  } catch {
    return undefined;
  }
}

function stale(holder: Holder | undefined, now: number): boolean {
  if (holder === undefined) return false; // being written right now, or unreadable: let the timeout decide
  if (now - holder.since > STALE_LOCK_MS) return true;
  return holder.host === hostname() && !alive(holder.pid);
}

export interface Lock {
  release(): void;
}

/** Takes the lock of root's overlays/, waiting up to `timeoutMs`. */
export async function acquireLock(root: string, timeoutMs = Number(process.env.GWTOPO_LOCK_TIMEOUT_MS ?? LOCK_TIMEOUT_MS)): Promise<Lock> {
  const dir = join(root, OVERLAYS_DIR);
  const path = join(dir, LOCK_FILE);
  mkdirSync(dir, { recursive: true });
  const start = Date.now();
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${JSON.stringify({ pid: process.pid, host: hostname(), since: Date.now() } satisfies Holder)}\n`);
      closeSync(fd);
      return { release: () => rmSync(path, { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readHolder(path);
    if (stale(holder, Date.now())) {
      rmSync(path, { force: true });
      continue;
    }
    const waited = Date.now() - start;
    if (waited >= timeoutMs) throw new LockTimeout(`${OVERLAYS_DIR}/${LOCK_FILE}`, holder, waited);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
