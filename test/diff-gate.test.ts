// The review gate on real git repositories: a pull request that renames a gateway and moves a port gets
// one gateway-renamed note and one destructive port note, fails `--fail-on destructive` until each id is
// acknowledged (--ack, globs, an --ack-file holding the pull-request description), and warns about
// acknowledgements that match nothing. Renames are recognized only when nothing but the name changes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { globRegExp, parseAckFile } from '../generator/diff/gate.js';
import type { ImpactNote } from '../generator/diff/types.js';
import { gitRepo, skip } from './git.js';
import { removeTemp, run, topologyYaml, writeFiles, yaml } from './helpers.js';

function topology(edgeName: string, apiPort: number, edgeHost = 'edge.example.com'): string {
  return topologyYaml(
    'prod',
    yaml`
    gateways:
      - name: ${edgeName}
        direction: ingress
        networking: external
        scope: dataplane
        listeners:
          - {protocol: HTTP, port: 80, host: ${edgeHost}}
      - name: api
        direction: ingress
        networking: internal
        scope: dataplane
        listeners:
          - {protocol: HTTP, port: ${apiPort}}
  `,
  );
}

interface Json {
  exitCode: number;
  ok: boolean;
  problems: { severity: string; path: string; rule: string; message: string }[];
  notes: ImpactNote[];
  gate: { failOn: string; destructive: number; unacknowledged: string[]; acks: { pattern: string; source: string; matches: string[] }[] };
}

async function json(root: string, ...argv: string[]): Promise<Json> {
  const r = await run(['diff', '--base', 'HEAD', ...argv, '--format', 'json'], root);
  assert.equal(r.stderr, '');
  return JSON.parse(r.stdout) as Json;
}

/** The pull request of the issue: gateway `edge` renamed to `public-edge`, the api listener moved to 9090. */
function renameAndPortRepo(): string {
  const root = gitRepo({ 'topologies/prod/topology.yaml': topology('edge', 9080) });
  writeFiles(root, { 'topologies/prod/topology.yaml': topology('public-edge', 9090) });
  return root;
}

describe('review gate', { skip }, () => {
  test('a rename and a moved port: one rename note, one port note, both destructive with stable ids', async () => {
    const root = renameAndPortRepo();
    try {
      const r = await json(root);
      assert.deepEqual(
        r.notes.map((n) => [n.id, n.severity, n.acknowledged]),
        [
          ['gateway-renamed:prod/public-edge', 'destructive', false],
          ['listener-port-changed:prod/api', 'destructive', false],
        ],
        'no gateway-deleted note for the old name, nothing for the new one',
      );
      const rename = r.notes[0]!;
      assert.deepEqual([rename.from, rename.to], ['edge', 'public-edge']);
      assert.deepEqual(r.gate, { failOn: 'none', destructive: 2, unacknowledged: ['gateway-renamed:prod/public-edge', 'listener-port-changed:prod/api'], acks: [] });
      assert.equal(r.exitCode, 0, 'the gate is off unless --fail-on asks for it');
    } finally {
      removeTemp(root);
    }
  });

  test('--fail-on destructive: exit 1 until every id is acknowledged, by id or glob, on the command line or in a file', async () => {
    const root = renameAndPortRepo();
    try {
      const blocked = await run(['diff', '--base', 'HEAD', '--fail-on', 'destructive'], root);
      assert.equal(blocked.code, 1);
      assert.match(blocked.stdout, /\n {2}gwtopo-ack: gateway-renamed:prod\/public-edge\n/);
      assert.match(
        blocked.stdout,
        /\ngwtopo: --fail-on destructive: 2 destructive changes not acknowledged; after review, acknowledge each with --ack ID or a line "gwtopo-ack: ID" in the pull-request description\n\nimpact notes:\n/,
      );
      const one = await json(root, '--fail-on', 'destructive', '--ack', 'gateway-renamed:prod/public-edge');
      assert.deepEqual([one.exitCode, one.ok, one.gate.unacknowledged], [1, false, ['listener-port-changed:prod/api']]);
      const both = await json(root, '--fail-on', 'destructive', '--ack', 'gateway-renamed:prod/public-edge', '--ack', 'listener-port-changed:prod/api');
      assert.deepEqual([both.exitCode, both.ok, both.gate.unacknowledged], [0, true, []]);
      assert.ok(both.notes.every((n) => n.acknowledged === true));
      const glob = await json(root, '--fail-on', 'destructive', '--ack', '*:prod/*');
      assert.deepEqual([glob.exitCode, glob.gate.acks], [0, [{ pattern: '*:prod/*', source: '--ack', matches: ['gateway-renamed:prod/public-edge', 'listener-port-changed:prod/api'] }]]);
      const question = await json(root, '--fail-on', 'destructive', '--ack', 'listener-port-changed:prod/ap?', '--ack', 'gateway-renamed:prod/public-edg?');
      assert.equal(question.exitCode, 0);
      // The pull-request description, as GitHub stores it (CRLF), with the lines anywhere, listed or quoted.
      writeFiles(root, {
        'pr-body.md': 'Renames the edge gateway.\r\n\r\n- gwtopo-ack: gateway-renamed:prod/public-edge\r\n> gwtopo-ack: `listener-port-changed:prod/api`\r\nnot an ack: gwtopo-ack: x\r\n',
      });
      const file = await json(root, '--fail-on', 'destructive', '--ack-file', 'pr-body.md');
      assert.equal(file.exitCode, 0, JSON.stringify(file.gate));
      assert.deepEqual(
        file.gate.acks.map((a) => [a.pattern, a.source]),
        [
          ['gateway-renamed:prod/public-edge', 'pr-body.md:3'],
          ['listener-port-changed:prod/api', 'pr-body.md:4'],
        ],
      );
      const markdown = await run(['diff', '--base', 'HEAD', '--fail-on', 'destructive', '--ack-file', 'pr-body.md', '--format', 'markdown'], root);
      assert.equal(markdown.code, 0);
      assert.match(markdown.stdout, /\*\*All 2 destructive changes acknowledged\.\*\*/);
      assert.match(markdown.stdout, /- \*\*listener-port-changed\*\* — cluster `prod`, gateway `api`, listener `http` — acknowledged by `gwtopo-ack: listener-port-changed:prod\/api`: /);
    } finally {
      removeTemp(root);
    }
  });

  test('the Markdown comment lists the lines to paste, and says the diff fails until they are there', async () => {
    const root = renameAndPortRepo();
    try {
      const r = await run(['diff', '--base', 'HEAD', '--fail-on', 'destructive', '--ack', 'listener-port-changed:prod/api', '--format', 'markdown'], root);
      assert.equal(r.code, 1);
      assert.match(
        r.stdout,
        /\*\*1 destructive change not acknowledged\*\* \(2 destructive notes in all\): `gwtopo diff --fail-on destructive` fails until each is\. The acknowledgement lines follow the notes\.\n/,
      );
      assert.match(r.stdout, /\n#### Acknowledge \(1\)\n\nAfter review, add this line to the pull-request description:\n\n```text\ngwtopo-ack: gateway-renamed:prod\/public-edge\n```\n/);
      assert.ok(r.stdout.indexOf('#### Acknowledge') > r.stdout.indexOf('#### Destructive changes'), 'after the notes');
      const destructive = r.stdout.indexOf('#### Destructive changes (2)');
      assert.ok(destructive > 0);
      // Not acknowledged first, then acknowledged.
      assert.ok(r.stdout.indexOf('**gateway-renamed**', destructive) < r.stdout.indexOf('**listener-port-changed**', destructive));
      assert.equal(r.stdout.match(/gwtopo-ack: gateway-renamed:prod\/public-edge/g)?.length, 1, 'one acknowledgement line');
    } finally {
      removeTemp(root);
    }
  });

  test('a stale acknowledgement is a warning; a malformed line in the file too; an unreadable file is an error', async () => {
    const root = renameAndPortRepo();
    try {
      writeFiles(root, { 'body.md': 'gwtopo-ack: gateway-deleted:prod/edge\ngwtopo-ack: Not_An_Id\ngwtopo-ack:\n' });
      const r = await json(root, '--ack-file', 'body.md', '--ack', 'tls-removed:*');
      assert.equal(r.exitCode, 0);
      assert.deepEqual(
        r.problems.map((p) => [p.severity, p.path, p.rule, p.message]),
        [
          ['warning', '--ack', 'ack', 'gwtopo-ack: tls-removed:* matches no destructive impact note: it is stale'],
          ['warning', '--ack-file', 'ack', 'body.md:2: "Not_An_Id" is not an impact note id or glob'],
          ['warning', '--ack-file', 'ack', 'body.md:3: gwtopo-ack: names no impact note'],
          ['warning', '--ack-file', 'ack', 'gwtopo-ack: gateway-deleted:prod/edge (body.md:1) matches no destructive impact note: it is stale'],
        ],
      );
      const text = await run(['diff', '--base', 'HEAD', '--ack-file', 'body.md'], root);
      assert.match(text.stderr, /^gwtopo: warning: --ack-file: gwtopo-ack: gateway-deleted:prod\/edge \(body\.md:1\) matches no destructive impact note: it is stale \[ack\]\n {2}hint: /m);
      const md = await run(['diff', '--base', 'HEAD', '--ack-file', 'body.md', '--format', 'markdown'], root);
      assert.match(md.stdout, /Stale acknowledgements \(they match no destructive note; remove them\): `gwtopo-ack: gateway-deleted:prod\/edge` \(body\.md:1\)\./);
      const missing = await run(['diff', '--base', 'HEAD', '--ack-file', 'nowhere.md'], root);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /^gwtopo: error: --ack-file: cannot read nowhere\.md: ENOENT \[ack-file\]\n/);
      const usage = await run(['diff', '--base', 'HEAD', '--ack', 'rm -rf /'], root);
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /^gwtopo: error: --ack "rm -rf \/" is not an impact note id or glob \[usage\]\n/);
      const failOn = await run(['diff', '--base', 'HEAD', '--fail-on', 'everything'], root);
      assert.equal(failOn.code, 2);
      assert.match(failOn.stderr, /^gwtopo: error: --fail-on must be one of: destructive, none/);
      assert.equal((await run(['check', '--ack', 'x'], root)).code, 2, '--ack belongs to diff');
    } finally {
      removeTemp(root);
    }
  });

  test('an invalid head still exits 2 under --fail-on; no destructive change exits 0', async () => {
    const root = gitRepo({ 'topologies/prod/topology.yaml': topology('edge', 9080) });
    try {
      writeFiles(root, { 'topologies/prod/topology.yaml': topology('edge', 9080, 'edge2.example.com').replace('9080', '8080\n        unknown: 1') });
      assert.equal((await run(['diff', '--base', 'HEAD', '--fail-on', 'destructive'], root)).code, 2);
      writeFiles(root, { 'topologies/prod/topology.yaml': `# a comment\n${topology('edge', 9080)}` });
      assert.equal((await run(['diff', '--base', 'HEAD', '--fail-on', 'destructive'], root)).code, 0);
    } finally {
      removeTemp(root);
    }
  });

  test('not a rename: a gateway replaced by one with other listeners is a deletion (and an addition)', async () => {
    const root = gitRepo({ 'topologies/prod/topology.yaml': topology('edge', 9080) });
    try {
      for (const [head, why] of [
        [topology('public-edge', 9080, 'other.example.com'), 'another host'],
        [topology('public-edge', 9080).replace('port: 80,', 'port: 8080,'), 'another port'],
        [topology('public-edge', 9080).replace('direction: ingress', 'direction: egress'), 'another direction'],
      ] as const) {
        writeFiles(root, { 'topologies/prod/topology.yaml': head });
        const r = await json(root);
        assert.deepEqual(
          r.notes.map((n) => n.id),
          ['gateway-deleted:prod/edge'],
          why,
        );
      }
    } finally {
      removeTemp(root);
    }
  });
});

describe('acknowledgements (units)', () => {
  test('globs: * any run of characters, ? one character, everything else literal', () => {
    assert.ok(globRegExp('gateway-deleted:aws-prod/*').test('gateway-deleted:aws-prod/gateway-internal'));
    assert.ok(!globRegExp('gateway-deleted:aws-prod/*').test('gateway-deleted:aws-prod-2/gateway-internal'));
    assert.ok(globRegExp('*').test('cluster-removed:gone'));
    assert.ok(globRegExp('listener-port-changed:a/g?').test('listener-port-changed:a/gw'));
    assert.ok(!globRegExp('listener-port-changed:a/g?').test('listener-port-changed:a/g'));
    assert.ok(!globRegExp('cluster-removed:a').test('cluster-removed:ab'), 'anchored at both ends');
    assert.ok(!globRegExp('a-b').test('a-bb'));
  });

  test('ack lines: anywhere, after list or quote markers, several per line; others ignored', () => {
    const { acks, problems } = parseAckFile(['intro gwtopo-ack: ignored', '  * gwtopo-ack: a:b/c, d:e', '>> gwtopo-ack:   f:g  ', 'gwtopo-ack: `h:i`', 'GWTOPO-ACK: upper'].join('\n'), 'f.md');
    assert.deepEqual(acks, [
      { pattern: 'a:b/c', source: 'f.md:2' },
      { pattern: 'd:e', source: 'f.md:2' },
      { pattern: 'f:g', source: 'f.md:3' },
      { pattern: 'h:i', source: 'f.md:4' },
    ]);
    assert.deepEqual(problems, []);
  });
});
