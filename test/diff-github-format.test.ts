// --format github (validate, check): workflow-command escaping as GitHub documents it
// (https://docs.github.com/actions/reference/workflow-commands-for-github-actions; @actions/core's
// escapeData/escapeProperty): in data % CR LF are percent-encoded; in property values also ":" and ",",
// which would end the property list or the command. Kept beside the diff tests, which review output for
// pull requests too; the end-to-end cases of validate and check are in commands.test.ts.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { main } from '../generator/main.js';
import { annotation } from '../generator/report/github.js';
import { removeTemp, run, tempRepo } from './helpers.js';

describe('--format github escaping', () => {
  test('a title with a comma and a colon, a message with %, CR and LF', () => {
    assert.equal(
      annotation('error', { file: 'topologies/a/topology.yaml', line: 3, col: 5, title: 'gwtopo a,b: c' }, '50% done\r\nnext: line, and more'),
      '::error file=topologies/a/topology.yaml,line=3,col=5,title=gwtopo a%2Cb%3A c::50%25 done%0D%0Anext: line, and more',
    );
  });

  test('an already-encoded sequence is not decoded by GitHub into something else', () => {
    assert.equal(annotation('warning', { title: '%0A' }, '%3A%2C'), '::warning title=%250A::%253A%252C');
  });

  test('undefined properties are left out, and order is kept', () => {
    assert.equal(annotation('error', { file: 'f', line: undefined, title: 't' }, 'm'), '::error file=f,title=t::m');
  });

  test('end to end: a file path with a comma, a hint on a second line, nothing on stderr', async () => {
    const root = tempRepo({
      'topologies/a,b/topology.yaml': 'apiVersion: gwtopo/v1alpha1\nkind: GatewayTopology\nmetadata: {name: ab}\nspec:\n  gateways: []\n',
    });
    try {
      const r = await run(['validate', '--format', 'github'], root);
      assert.equal(r.code, 2);
      assert.equal(r.stderr, '');
      const lines = r.stdout.trimEnd().split('\n');
      assert.ok(
        lines.every((l) => l.startsWith('::') || l.startsWith('gwtopo: ')),
        r.stdout,
      );
      const annotations = lines.filter((l) => l.startsWith('::error '));
      assert.ok(annotations.length > 0);
      for (const l of annotations) {
        assert.match(l, /^::error file=topologies\/a%2Cb\/topology\.yaml,line=\d+,col=\d+,title=gwtopo [a-z-]+::/);
        assert.doesNotMatch(l.slice(l.indexOf('::', 2) + 2), /[\r\n]/);
      }
      assert.ok(
        annotations.some((l) => l.includes('%0Ahint: ')),
        'the hint is on its own line of the annotation',
      );
    } finally {
      removeTemp(root);
    }
  });

  test('with --root below the repository, annotations name files from the repository root (or GITHUB_WORKSPACE)', async () => {
    const repo = tempRepo({ 'gitops/topologies/dp1/topology.yaml': 'apiVersion: gwtopo/v1alpha1\nkind: GatewayTopology\nmetadata: {name: dp1}\nspec:\n  gatewayz: []\n' });
    try {
      const annotated = async (cwd: string, githubWorkspace?: string): Promise<string[]> => {
        let stdout = '';
        const io = { stdout: (t: string) => (stdout += t), stderr: () => {}, interactive: false, cwd, ...(githubWorkspace === undefined ? {} : { githubWorkspace }) };
        assert.equal(await main(['validate', '--root', join(repo, 'gitops'), '--format', 'github'], io), 2);
        return stdout
          .split('\n')
          .filter((l) => l.startsWith('::error '))
          .map((l) => /file=([^,]*)/.exec(l)![1]!);
      };
      assert.deepEqual(await annotated(repo), ['gitops/topologies/dp1/topology.yaml', 'gitops/topologies/dp1/topology.yaml']);
      assert.deepEqual(await annotated(join(repo, 'gitops')), ['topologies/dp1/topology.yaml', 'topologies/dp1/topology.yaml'], 'run from the root itself');
      assert.deepEqual(await annotated(join(repo, 'gitops'), repo), ['gitops/topologies/dp1/topology.yaml', 'gitops/topologies/dp1/topology.yaml'], 'GITHUB_WORKSPACE wins over the working directory');
    } finally {
      removeTemp(repo);
    }
  });
});
