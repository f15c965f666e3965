// The selective diff (issue 23): `gwtopo diff` renders only the clusters whose inputs differ between base and head;
// the others render the same on both sides by construction. Property: on random valid repositories with random
// changes — clusters rewritten, removed, added — its JSON report equals the report of a render of every cluster
// (GWTOPO_DIFF_RENDER=all), except for the warnings of clusters whose inputs did not change, which a diff does not
// repeat (docs/decisions.md): those are validate's and check's.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { conflictFree, dnsLabel, type GeneratedTopology, PLAIN_STYLE, toYamlText, validTopology } from './arbitraries.js';
import { commitAll, gitRepo, skip } from './git.js';
import { removeTemp, run, writeFiles } from './helpers.js';

const SEED = Number(process.env.GWTOPO_FUZZ_SEED ?? 20260521);

type Json = Record<string, unknown>;

/** Each cluster registered as a data plane of its own name (so that rewriting one cannot take another's). */
function own(t: GeneratedTopology): GeneratedTopology {
  const spec = t.doc.spec as Json;
  return { ...t, doc: { ...t.doc, spec: { ...spec, dataPlane: { ...((spec.dataPlane as Json | undefined) ?? {}), name: t.cluster } } } };
}

const file = (cluster: string): string => `topologies/${cluster}/topology.yaml`;

interface Change {
  base: GeneratedTopology[];
  /** What happens to each base cluster, by index. */
  actions: ('same' | 'rewrite' | 'remove')[];
  rewrites: GeneratedTopology[];
  added: GeneratedTopology[];
}

const changes: fc.Arbitrary<Change> = fc
  .uniqueArray(dnsLabel(12), { minLength: 3, maxLength: 6 })
  .chain((names) =>
    fc.record({
      base: fc.tuple(...names.slice(0, -1).map((n) => validTopology(fc.constant(n)))),
      actions: fc.array(fc.constantFrom('same', 'same', 'rewrite', 'remove'), { minLength: names.length - 1, maxLength: names.length - 1 }),
      rewrites: fc.tuple(...names.slice(0, -1).map((n) => validTopology(fc.constant(n)))),
      added: fc.option(validTopology(fc.constant(names.at(-1)!)), { nil: undefined }).map((t) => (t === undefined ? [] : [t])),
    }),
  )
  .map((c) => ({ base: c.base.map(own), actions: c.actions, rewrites: c.rewrites.map(own), added: c.added.map(own) }))
  .filter((c) => {
    const head = [...c.base.flatMap((t, i) => (c.actions[i] === 'remove' ? [] : [c.actions[i] === 'rewrite' ? c.rewrites[i]! : t])), ...c.added];
    return conflictFree(c.base) && conflictFree(head);
  });

async function diffJson(root: string, all: boolean): Promise<string> {
  const before = process.env.GWTOPO_DIFF_RENDER;
  if (all) process.env.GWTOPO_DIFF_RENDER = 'all';
  else delete process.env.GWTOPO_DIFF_RENDER;
  try {
    return (await run(['diff', '--base', 'HEAD', '--format', 'json'], root)).stdout;
  } finally {
    if (before === undefined) delete process.env.GWTOPO_DIFF_RENDER;
    else process.env.GWTOPO_DIFF_RENDER = before;
  }
}

describe('selective diff', { skip }, () => {
  test('equals a diff that renders every cluster, on random changes', async () => {
    await fc.assert(
      fc.asyncProperty(changes, async (c) => {
        const root = gitRepo(Object.fromEntries(c.base.map((t) => [file(t.cluster), toYamlText(t.doc, PLAIN_STYLE)])));
        try {
          c.base.forEach((t, i) => {
            if (c.actions[i] === 'remove') rmSync(join(root, 'topologies', t.cluster), { recursive: true });
            if (c.actions[i] === 'rewrite') writeFiles(root, { [file(t.cluster)]: toYamlText(c.rewrites[i]!.doc, PLAIN_STYLE) });
          });
          writeFiles(root, Object.fromEntries(c.added.map((t) => [file(t.cluster), toYamlText(t.doc, PLAIN_STYLE)])));
          const selective = JSON.parse(await diffJson(root, false)) as Json;
          const full = JSON.parse(await diffJson(root, true)) as Json;
          const changed = new Set([...c.base.filter((_, i) => c.actions[i] !== 'same').map((t) => t.cluster), ...c.added.map((t) => t.cluster)]);
          const ofChanged = (list: unknown): unknown[] => (list as { file: string }[]).filter((p) => !/^topologies\/[^/]+\//.test(p.file) || changed.has(p.file.split('/')[1]!));
          assert.deepEqual(selective, { ...full, problems: ofChanged(full.problems), accepted: ofChanged(full.accepted) });
        } finally {
          removeTemp(root);
        }
      }),
      { seed: SEED, numRuns: 12 },
    );
  });

  test('a profile change re-renders exactly the clusters that list it; nothing changed renders nothing', async () => {
    const profile = (port: number): string =>
      `apiVersion: gwtopo/v1alpha1\nkind: GatewayProfile\nmetadata:\n  name: edge\nspec:\n  gateways:\n    - {name: edge, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: ${port}, host: e.example.com}]}\n`;
    const uses = (name: string): string => `apiVersion: gwtopo/v1alpha1\nkind: GatewayTopology\nmetadata:\n  name: ${name}\nspec:\n  profiles: [edge]\n  dataPlane: {name: ${name}}\n`;
    const alone = (name: string): string =>
      `apiVersion: gwtopo/v1alpha1\nkind: GatewayTopology\nmetadata:\n  name: ${name}\nspec:\n  dataPlane: {name: ${name}}\n  gateways:\n    - {name: own, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 80, host: o.example.com}]}\n`;
    const root = gitRepo({ 'topologies/_profiles/edge.yaml': profile(80), [file('a')]: uses('a'), [file('b')]: uses('b'), [file('c')]: alone('c') });
    try {
      const none = JSON.parse(await diffJson(root, false)) as { clusters: string[]; changed: boolean };
      assert.deepEqual([none.clusters, none.changed], [['a', 'b', 'c'], false]);
      writeFiles(root, { 'topologies/_profiles/edge.yaml': profile(81) });
      commitAll(root, 'head');
      const report = JSON.parse((await run(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], root)).stdout) as { clusters: string[]; resources: { cluster: string }[] };
      assert.deepEqual(report.clusters, ['a', 'b', 'c'], 'every cluster is in the report');
      assert.deepEqual([...new Set(report.resources.map((r) => r.cluster))], ['a', 'b']);
    } finally {
      removeTemp(root);
    }
  });
});
