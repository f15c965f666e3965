// GitOps engine wiring (gwtopo.yaml): the Argo CD ApplicationSets and Flux objects reach every cluster's
// folders, with the right destinations, and are pruned and drift-checked like everything else.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { copyTree, FIXTURES, readTree, removeTemp, run, tempRepo, writeFiles } from './helpers.js';

const CASE = join(FIXTURES, 'golden', 'gitops');

function gitopsRepo(): string {
  const root = tempRepo();
  copyTree(join(CASE, 'topologies'), root, 'topologies');
  writeFiles(root, { 'gwtopo.yaml': readFileSync(join(CASE, 'gwtopo.yaml'), 'utf8') });
  return root;
}

type Raw = Record<string, any>;
const load = (root: string, path: string): Raw => parse(readFileSync(join(root, path), 'utf8')) as Raw;

/** The few Go-template forms gwtopo's ApplicationSets use, evaluated like Argo CD does. */
function render(template: string, params: Raw): string {
  return template.replace(/\{\{ (.+?) \}\}/g, (_, expr: string) => {
    const index = /^index \.path\.segments (\d+)$/.exec(expr);
    if (index !== null) return String(params.path.segments[Number(index[1])]);
    if (expr === '.path.path') return String(params.path.path);
    if (expr === '.destination') return String(params.destination);
    throw new Error(`unexpected template expression ${expr}`);
  });
}

/**
 * A generator's template merged over the ApplicationSet's, as the controller does (mergo.Merge without
 * override): a field the generator sets (non-empty) wins; an empty or missing one is taken from spec.template.
 */
function mergeTemplate(generator: unknown, base: unknown): unknown {
  const empty = (v: unknown): boolean => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
  const isMap = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isMap(generator) && isMap(base)) {
    return Object.fromEntries([...new Set([...Object.keys(generator), ...Object.keys(base)])].map((k) => [k, mergeTemplate(generator[k], base[k])]));
  }
  return empty(generator) ? base : generator;
}

interface App {
  name: string;
  path: string;
  destination: Raw;
  labels: Record<string, string>;
  syncPolicy: Raw;
}

/** Expands an ApplicationSet's generators against the folders of the repository, as the controller would. */
function applications(root: string, appset: Raw): App[] {
  const out: App[] = [];
  const glob = (pattern: string): string[] => {
    const [first, star, last] = pattern.split('/');
    assert.equal(star, '*');
    return readdirSync(join(root, first!))
      .filter((d) => existsSync(join(root, first!, d, last!)) && statSync(join(root, first!, d, last!)).isDirectory())
      .map((d) => `${first}/${d}/${last}`);
  };
  for (const generator of appset.spec.generators as Raw[]) {
    let params: Raw[] = [];
    if (generator.git !== undefined) {
      const dirs = generator.git.directories as { path: string; exclude?: boolean }[];
      const excluded = new Set(dirs.filter((d) => d.exclude === true).map((d) => d.path));
      params = dirs
        .filter((d) => d.exclude !== true)
        .flatMap((d) => glob(d.path))
        .filter((p) => !excluded.has(p))
        .map((p) => ({ path: { path: p, segments: p.split('/') } }));
    } else {
      params = generator.list.elements as Raw[];
    }
    const template = mergeTemplate((generator.git ?? generator.list).template, appset.spec.template) as Raw;
    const values = (map: Record<string, string> | undefined, p: Raw): Record<string, string> => Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [k, render(v, p)]));
    for (const p of params) {
      out.push({
        name: render(template.metadata.name, p),
        path: render(template.spec.source.path, p),
        destination: values(template.spec.destination, p),
        labels: values(template.metadata.labels, p),
        syncPolicy: template.spec.syncPolicy,
      });
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

describe('Argo CD', () => {
  test('one Application per cluster and plane, with the destinations the topologies ask for', async () => {
    const root = gitopsRepo();
    try {
      assert.equal((await run(['generate'], root)).code, 0);
      const data = applications(root, load(root, 'overlays/_gitops/argocd/gwtopo-data-plane.applicationset.yaml'));
      assert.deepEqual(
        data.map(({ name, path, destination }) => ({ name, path, destination })),
        [
          { name: 'gwtopo-alpha-data-plane', path: 'overlays/alpha/data-plane', destination: { name: 'alpha' } },
          { name: 'gwtopo-beta-data-plane', path: 'overlays/beta/data-plane', destination: { name: 'eks-beta-eu-west-1' } },
          { name: 'gwtopo-local-data-plane', path: 'overlays/local/data-plane', destination: { name: 'in-cluster' } },
        ],
      );
      const control = applications(root, load(root, 'overlays/_gitops/argocd/gwtopo-control-plane.applicationset.yaml'));
      assert.deepEqual(
        control.map((a) => [a.name, a.path, a.destination.name]),
        ['alpha', 'beta', 'local'].map((c) => [`gwtopo-${c}-control-plane`, `overlays/${c}/control-plane`, 'openchoreo-control-plane']),
      );
      for (const app of [...data, ...control]) assert.ok(existsSync(join(root, app.path, 'kustomization.yaml')), `${app.path} exists`);
      const appset = load(root, 'overlays/_gitops/argocd/gwtopo-control-plane.applicationset.yaml');
      assert.deepEqual(appset.spec.template.spec.syncPolicy, { automated: { prune: true, selfHeal: true }, syncOptions: ['ServerSideApply=true'] });
    } finally {
      removeTemp(root);
    }
  });

  test('ordering: progressive: one ApplicationSet whose RollingSync syncs every data plane before any registration', async () => {
    const root = gitopsRepo();
    try {
      writeFiles(root, { 'gwtopo.yaml': readFileSync(join(CASE, 'gwtopo.yaml'), 'utf8').replace('    project: platform\n', '    project: platform\n    ordering: progressive\n') });
      const generated = await run(['generate'], root);
      assert.equal(generated.code, 0, generated.stderr);
      assert.deepEqual([...readTree(join(root, 'overlays/_gitops/argocd')).keys()], ['gwtopo.applicationset.yaml', 'kustomization.yaml'], 'one ApplicationSet replaces the two');
      const appset = load(root, 'overlays/_gitops/argocd/gwtopo.applicationset.yaml');
      const apps = applications(root, appset);
      assert.deepEqual(
        apps.map((a) => [a.name, a.path, a.destination.name, a.labels['gwtopo.dev/plane']]),
        [
          ['gwtopo-alpha-control-plane', 'overlays/alpha/control-plane', 'openchoreo-control-plane', 'control-plane'],
          ['gwtopo-alpha-data-plane', 'overlays/alpha/data-plane', 'alpha', 'data-plane'],
          ['gwtopo-beta-control-plane', 'overlays/beta/control-plane', 'openchoreo-control-plane', 'control-plane'],
          ['gwtopo-beta-data-plane', 'overlays/beta/data-plane', 'eks-beta-eu-west-1', 'data-plane'],
          ['gwtopo-local-control-plane', 'overlays/local/control-plane', 'openchoreo-control-plane', 'control-plane'],
          ['gwtopo-local-data-plane', 'overlays/local/data-plane', 'in-cluster', 'data-plane'],
        ],
      );
      for (const app of apps) {
        assert.deepEqual(Object.keys(app.destination), ['name'], `${app.name}: one destination field, never name and server`);
        // RollingSync turns automated sync off and prunes as syncPolicy.automated.prune says: it must stay true.
        assert.deepEqual(app.syncPolicy.automated, { prune: true, selfHeal: true }, app.name);
        assert.deepEqual(app.syncPolicy.syncOptions, app.labels['gwtopo.dev/plane'] === 'control-plane' ? ['ServerSideApply=true'] : undefined, app.name);
        assert.equal(app.labels['app.kubernetes.io/managed-by'], 'gwtopo');
      }
      // Each step selects one plane, every Application is in exactly one step, data planes first.
      assert.equal(appset.spec.strategy.type, 'RollingSync');
      const steps = (appset.spec.strategy.rollingSync.steps as Raw[]).map((step) =>
        apps.filter((a) => (step.matchExpressions as Raw[]).every((e) => e.operator === 'In' && (e.values as string[]).includes(a.labels[e.key as string]!))).map((a) => a.name),
      );
      assert.deepEqual(steps, [apps.filter((a) => a.name.endsWith('-data-plane')).map((a) => a.name), apps.filter((a) => a.name.endsWith('-control-plane')).map((a) => a.name)]);
      assert.equal((await run(['check'], root)).code, 0);
    } finally {
      removeTemp(root);
    }
  });
});

describe('Flux', () => {
  test('per cluster: a data-plane Kustomization on the remote cluster and a control-plane one that depends on it', async () => {
    const root = gitopsRepo();
    try {
      assert.equal((await run(['generate'], root)).code, 0);
      const dir = 'overlays/_gitops/flux';
      const objects = readdirSync(join(root, dir))
        .filter((f) => f !== 'kustomization.yaml')
        .map((f) => load(root, `${dir}/${f}`));
      const source = objects.find((o) => o.kind === 'GitRepository')!;
      // timeout: the GitRepository CRD's default, rendered so the object is a fixed point of the API server's defaulting (§12).
      assert.deepEqual(source.spec, { interval: '5m', url: 'https://github.com/acme/platform-gitops.git', ref: { branch: 'main' }, secretRef: { name: 'gwtopo-git' }, timeout: '60s' });
      const kustomizations = new Map(objects.filter((o) => o.kind === 'Kustomization').map((o) => [o.metadata.name as string, o]));
      assert.equal(kustomizations.size, 6);
      for (const [name, k] of kustomizations) {
        assert.ok(existsSync(join(root, k.spec.path, 'kustomization.yaml')), `${name}: ${k.spec.path} exists`);
        assert.deepEqual(k.spec.sourceRef, { name: source.metadata.name, kind: 'GitRepository' });
        for (const d of k.spec.dependsOn ?? []) assert.ok(kustomizations.has(d.name), `${name} depends on an existing Kustomization`);
      }
      assert.deepEqual(kustomizations.get('gwtopo-beta-data-plane')!.spec.kubeConfig, { secretRef: { name: 'eks-beta-eu-west-1-kubeconfig' } });
      assert.deepEqual(kustomizations.get('gwtopo-alpha-data-plane')!.spec.kubeConfig, { secretRef: { name: 'alpha-kubeconfig' } });
      assert.equal(kustomizations.get('gwtopo-local-data-plane')!.spec.kubeConfig, undefined, 'in-cluster needs no kubeconfig');
      assert.deepEqual(kustomizations.get('gwtopo-alpha-control-plane')!.spec.dependsOn, [{ name: 'gwtopo-alpha-data-plane' }]);
      assert.equal(kustomizations.get('gwtopo-alpha-control-plane')!.spec.kubeConfig, undefined, 'the control plane is where Flux runs');
    } finally {
      removeTemp(root);
    }
  });

  test('an scp-like git URL becomes ssh:// for Flux (its CRD requires a scheme) and stays as is for Argo CD', async () => {
    const root = gitopsRepo();
    try {
      writeFiles(root, { 'gwtopo.yaml': readFileSync(join(root, 'gwtopo.yaml'), 'utf8').replace('url: https://github.com/acme/platform-gitops.git', 'url: git@github.com:acme/platform-gitops.git') });
      assert.equal((await run(['generate'], root)).code, 0);
      assert.equal(load(root, 'overlays/_gitops/flux/gwtopo.gitrepository.yaml').spec.url, 'ssh://git@github.com/acme/platform-gitops.git');
      assert.deepEqual(load(root, 'overlays/_gitops/flux/gwtopo.gitrepository.yaml').spec.secretRef, { name: 'gwtopo-git' });
      assert.equal(load(root, 'overlays/_gitops/argocd/gwtopo-data-plane.applicationset.yaml').spec.template.spec.source.repoURL, 'git@github.com:acme/platform-gitops.git');
    } finally {
      removeTemp(root);
    }
  });

  test('an SSH URL without flux.secretRef: a warning, since Flux cannot clone it without credentials', async () => {
    for (const url of ['ssh://git@github.com/acme/platform-gitops.git', 'git@github.com:acme/platform-gitops.git', 'https://github.com/acme/platform-gitops.git', 'https://example.com/ssh://x.git']) {
      const root = gitopsRepo();
      try {
        const config = readFileSync(join(root, 'gwtopo.yaml'), 'utf8').replace('url: https://github.com/acme/platform-gitops.git', `url: ${url}`);
        writeFiles(root, { 'gwtopo.yaml': config.replace(/\n +secretRef: gwtopo-git/, '') });
        const r = await run(['generate'], root);
        assert.equal(r.code, 0, r.stderr);
        const line = config.split('\n').findIndex((l) => l.includes(`url: ${url}`)) + 1;
        assert.equal(
          r.stderr,
          url.startsWith('https://')
            ? ''
            : `gwtopo.yaml:${line}:10: warning: spec.repository.url: Flux clones SSH URLs only with credentials, and spec.flux.secretRef names none [flux-ssh-credentials]\n` +
                '  hint: create a Secret with the deploy key (identity, known_hosts) in the Flux namespace and set spec.flux.secretRef to its name, or use an https:// URL\n',
          url,
        );
        assert.equal(load(root, 'overlays/_gitops/flux/gwtopo.gitrepository.yaml').spec.secretRef, undefined);
        const json = await run(['validate', '--format', 'json'], root);
        assert.deepEqual(
          (JSON.parse(json.stdout) as { problems: { rule: string }[] }).problems.map((p) => p.rule),
          url.startsWith('https://') ? [] : ['flux-ssh-credentials'],
        );
      } finally {
        removeTemp(root);
      }
    }
    // With credentials, or without Flux, there is nothing to warn about.
    for (const [from, to] of [
      ['', ''],
      ['engines: [argocd, flux]', 'engines: [argocd]'],
    ] as const) {
      const root = gitopsRepo();
      try {
        let config = readFileSync(join(root, 'gwtopo.yaml'), 'utf8').replace('url: https://github.com/acme/platform-gitops.git', 'url: ssh://git@github.com/acme/platform-gitops.git');
        if (from !== '') config = config.replace(from, to).replace(/\n {2}flux:\n( {4}.*\n)*/, '\n');
        writeFiles(root, { 'gwtopo.yaml': config });
        const r = await run(['validate'], root);
        assert.deepEqual([r.code, r.stderr], [0, ''], config);
      } finally {
        removeTemp(root);
      }
    }
  });

  test('the revision becomes a branch, a refs/ name or a commit', async () => {
    for (const [revision, ref] of [
      ['release-1.2', { branch: 'release-1.2' }],
      ['refs/tags/v1.2.0', { name: 'refs/tags/v1.2.0' }],
      ['0123456789abcdef0123456789abcdef01234567', { commit: '0123456789abcdef0123456789abcdef01234567' }],
    ] as const) {
      const root = gitopsRepo();
      try {
        writeFiles(root, { 'gwtopo.yaml': readFileSync(join(root, 'gwtopo.yaml'), 'utf8').replace('revision: main', `revision: ${revision}`) });
        assert.equal((await run(['generate'], root)).code, 0);
        assert.deepEqual(load(root, 'overlays/_gitops/flux/gwtopo.gitrepository.yaml').spec.ref, ref);
        assert.equal(load(root, 'overlays/_gitops/argocd/gwtopo-data-plane.applicationset.yaml').spec.template.spec.source.targetRevision, revision);
      } finally {
        removeTemp(root);
      }
    }
  });
});

describe('pruning and drift of the engine objects', () => {
  test('without gwtopo.yaml nothing is rendered; disabling an engine prunes its objects', async () => {
    const root = gitopsRepo();
    try {
      await run(['generate'], root);
      writeFiles(root, {
        'gwtopo.yaml': readFileSync(join(root, 'gwtopo.yaml'), 'utf8')
          .replace('engines: [argocd, flux]', 'engines: [flux]')
          .replace(/ {2}argocd:\n( {4}.*\n)+/, ''),
      });
      const r = await run(['generate'], root);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(existsSync(join(root, 'overlays/_gitops/argocd')), false);
      rmSync(join(root, 'gwtopo.yaml'));
      await run(['generate'], root);
      assert.equal(existsSync(join(root, 'overlays/_gitops')), false);
    } finally {
      removeTemp(root);
    }
  });

  test('a new cluster changes the engine objects: check reports it, --cluster leaves them alone, shard 1 owns them', async () => {
    const root = gitopsRepo();
    try {
      await run(['generate'], root);
      writeFiles(root, { 'topologies/gamma/topology.yaml': readFileSync(join(root, 'topologies/alpha/topology.yaml'), 'utf8').replaceAll('name: alpha', 'name: gamma') });
      const check = await run(['check'], root);
      assert.equal(check.code, 1);
      assert.match(check.stdout, /^overlays\/_gitops\/: \d+ changed, \d+ missing$/m, 'the engine objects: one line of their own');
      assert.match(check.stdout, /^overlays\/gamma\/: \d+ missing$/m);
      const verbose = await run(['check', '--verbose'], root);
      assert.match(verbose.stdout, /^overlays\/_gitops\/flux\/gwtopo-gamma-data-plane\.kustomization\.yaml: missing/m);
      const only = await run(['generate', '--cluster', 'gamma'], root);
      assert.equal(only.code, 0);
      assert.equal(existsSync(join(root, 'overlays/_gitops/flux/gwtopo-gamma-data-plane.kustomization.yaml')), false, '--cluster does not own _gitops');
      assert.equal((await run(['check', '--shard', '2/2'], root)).code, 0, "gamma's own folders are in sync; shard 2 does not own _gitops");
      assert.equal((await run(['check', '--shard', '1/2'], root)).code, 1, 'shard 1 checks the engine objects');
      await run(['generate'], root);
      assert.equal((await run(['check', '--shard', '1/2'], root)).code, 0);
      assert.ok([...readTree(join(root, 'overlays/_gitops')).keys()].includes('flux/gwtopo-gamma-control-plane.kustomization.yaml'));
    } finally {
      removeTemp(root);
    }
  });
});
