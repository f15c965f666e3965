// Seeded randomness for tests and the benchmark: the same seed gives the same sequence on every machine.

/** mulberry32: a small seeded PRNG returning numbers in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Fisher–Yates shuffle of a copy. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Lists whose order carries no meaning in a topology. */
const UNORDERED = ['gateways', 'environments', 'listeners', 'gatewayClasses'];

/** A copy with the unordered lists and the keys of every map shuffled (to prove the output does not depend on them). */
export function scramble(value: unknown, random: () => number, key = ''): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => scramble(v, random));
    return UNORDERED.includes(key) ? shuffle(items, random) : items;
  }
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const k of shuffle(Object.keys(value), random)) out[k] = scramble((value as Record<string, unknown>)[k], random, k);
  return out;
}

/** Runs at most `limit` tasks at a time. */
export function pool(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return (task) =>
    new Promise((resolve, reject) => {
      const start = (): void => {
        active++;
        task()
          .then(resolve, reject)
          .finally(() => {
            active--;
            waiting.shift()?.();
          });
      };
      if (active < limit) start();
      else waiting.push(start);
    });
}
