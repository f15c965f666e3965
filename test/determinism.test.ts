// Determinism (TOPOLOGY.md §7): the same topologies give byte-identical output whatever the order of
// gateways, environments, listeners or map keys, the YAML style, the time zone or the locale.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { FIXTURES, readTree, removeTemp, run, spawnCli, tempRepo, writeFiles } from './helpers.js';
import { prng, scramble } from './random.js';

const CASES = ['openchoreo-page', 'providers', 'tls-listeners', 'scopes-and-slots', 'quoting', 'modules'];
const RUNS = 12;

describe('shuffled input → the same bytes', () => {
  for (const name of CASES) {
    test(name, async () => {
      const sources = readTree(join(FIXTURES, 'golden', name, 'topologies'));
      const expected = readTree(join(FIXTURES, 'golden', name, 'expected', 'overlays'));
      for (let seed = 1; seed <= RUNS; seed++) {
        const random = prng(seed * 7919);
        const root = tempRepo();
        try {
          for (const [path, text] of sources) {
            const flow = random() < 0.5;
            writeFiles(root, { [`topologies/${path}`]: stringify(scramble(parse(text), random), flow ? { collectionStyle: 'flow' } : { indent: 4 }) });
          }
          const result = await run(['generate'], root);
          assert.equal(result.code, 0, `seed ${seed}: ${result.stderr}`);
          assert.deepEqual(readTree(join(root, 'overlays')), expected, `seed ${seed} changed the output`);
        } finally {
          removeTemp(root);
        }
      }
    });
  }
});

describe('environment independence', () => {
  test('time zone, locale and repeated runs do not change a byte', () => {
    const sources = readTree(join(FIXTURES, 'golden', 'scopes-and-slots', 'topologies'));
    const expected = readTree(join(FIXTURES, 'golden', 'scopes-and-slots', 'expected', 'overlays'));
    for (const env of [
      { TZ: 'Pacific/Chatham', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' },
      { TZ: 'America/St_Johns', LANG: 'de_DE.UTF-8', LC_ALL: 'C' },
      { TZ: 'UTC', LANG: 'ja_JP.UTF-8', LC_ALL: 'ja_JP.UTF-8' },
    ]) {
      const root = tempRepo();
      try {
        for (const [path, text] of sources) writeFiles(root, { [`topologies/${path}`]: text });
        assert.equal(spawnCli(['generate'], root, env).code, 0);
        assert.deepEqual(readTree(join(root, 'overlays')), expected, JSON.stringify(env));
      } finally {
        removeTemp(root);
      }
    }
  });

  test('worker threads give the same bytes as one thread', () => {
    // Large repositories are split over worker threads; force them on for a small one.
    const sources = readTree(join(FIXTURES, 'golden', 'providers', 'topologies'));
    const expected = readTree(join(FIXTURES, 'golden', 'providers', 'expected', 'overlays'));
    for (const workers of ['0', '1', '3']) {
      const root = tempRepo();
      try {
        for (const [path, text] of sources) writeFiles(root, { [`topologies/${path}`]: text });
        const r = spawnCli(['generate'], root, { GWTOPO_WORKERS: workers });
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout, readTree(join(FIXTURES, 'golden', 'providers', 'expected')).get('stdout.txt'), `stdout with ${workers} workers`);
        assert.deepEqual(readTree(join(root, 'overlays')), expected, `${workers} workers`);
      } finally {
        removeTemp(root);
      }
    }
  });

  test('output uses LF, two-space indentation and exactly one trailing newline', () => {
    for (const name of CASES) {
      for (const [path, content] of readTree(join(FIXTURES, 'golden', name, 'expected', 'overlays'))) {
        assert.equal(content.includes('\r'), false, `${path}: CR`);
        assert.equal(content.includes('\t'), false, `${path}: tab`);
        assert.match(content, /[^\n]\n$/, `${path}: one trailing newline`);
        for (const line of content.split('\n')) assert.equal(/^ */.exec(line)![0].length % 2, 0, `${path}: indentation of ${JSON.stringify(line)}`);
      }
    }
  });
});
