// Schema sets from real install folders (contract §15): a folder as upstream ships it — Gateway API's standard
// channel holds a ValidatingAdmissionPolicy beside its CRDs, bundles may define a kind twice, install bundles hold
// the controller's Deployment — loads as the API server would store it: the policy kept (it targets CRDs, so it
// says nothing about manifests), other kinds skipped with one notice, the later definition of a kind winning
// with another, both warnings where the set is named; an invalid Gateway is still refused.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { problemLines, requirement, run, SHARED, tempRepo, topologyYaml } from './helpers.js';

const UPSTREAM = join(SHARED, 'crds', 'openchoreo-v1.2');
const skip = requirement(existsSync(UPSTREAM), `no upstream CRDs at ${UPSTREAM} (../shared beside the repository)`);

/** The safe-upgrades ValidatingAdmissionPolicy and binding Gateway API's standard install folder ships. */
const VAP = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: safe-upgrades.gateway.networking.k8s.io
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
      - apiGroups: [apiextensions.k8s.io]
        apiVersions: [v1]
        operations: [CREATE, UPDATE]
        resources: [customresourcedefinitions]
  validations:
    - expression: "true"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: safe-upgrades.gateway.networking.k8s.io
spec:
  policyName: safe-upgrades.gateway.networking.k8s.io
  validationActions: [Deny]
`;

/** A controller's Deployment, as install bundles ship it beside the CRDs. */
const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: controller, namespace: gateway-system}\nspec: {replicas: 1}\n';

/** Every upstream CRD of the v1.2 era as files of one folder, the kgateway GatewayParameters CRD twice, the VAP and a Deployment. */
function installFolder(): Record<string, string> {
  const files: Record<string, string> = { 'crds/standard-install.yaml': VAP, 'crds/controller.yaml': DEPLOYMENT };
  for (const group of readdirSync(UPSTREAM)) {
    for (const name of readdirSync(join(UPSTREAM, group))) files[`crds/${name}`] = readFileSync(join(UPSTREAM, group, name), 'utf8');
  }
  files['crds/zz-bundle-again.yaml'] = readFileSync(join(UPSTREAM, 'gateway.kgateway.dev', 'gateway.kgateway.dev_gatewayparameters.yaml'), 'utf8');
  return files;
}

const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: gw}
spec:
  gatewayClassName: kgateway
  listeners:
    - {name: http, protocol: HTTP, port: 80}
`;

describe('schema sets from real install folders', { skip }, () => {
  test('spec.crds naming the folder: the cluster validates, with the two notices at spec.crds', async () => {
    const topology = topologyYaml(
      'c',
      'crds: crds\ngateways:\n  - {name: edge, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 80, host: e.example.com}]}\n',
    );
    const root = tempRepo({ ...installFolder(), 'topologies/c/topology.yaml': topology });
    const r = await run(['validate'], root);
    assert.equal(r.code, 0, r.stderr);
    const lines = problemLines(r.stderr);
    assert.equal(lines.length, 2, r.stderr);
    assert.ok(
      lines.some((l) =>
        /^topologies\/c\/topology\.yaml:6:\d+: warning: spec\.crds: crds: skipped 1 document that is not a CustomResourceDefinition: Deployment crds\/controller\.yaml, document 1 \(controller\) \[schema-set-notice\]$/.test(
          l,
        ),
      ),
      r.stderr,
    );
    assert.ok(
      lines.some((l) =>
        /^topologies\/c\/topology\.yaml:6:\d+: warning: spec\.crds: .*defines GatewayParameters of group gateway\.kgateway\.dev again: it replaces .*, as a later kubectl apply would \[schema-set-notice\]$/.test(
          l,
        ),
      ),
      r.stderr,
    );
  });

  test('conform --crds with the folder: a valid Gateway passes, an invalid one is refused', async () => {
    const root = tempRepo({ ...installFolder(), 'ok.yaml': GATEWAY, 'bad.yaml': GATEWAY.replace('port: 80', 'port: 0') });
    const ok = await run(['conform', '--crds', 'crds', 'ok.yaml'], root);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stderr, /warning: .*skipped 1 document that is not a CustomResourceDefinition: Deployment.*\[schema-set-notice\]/);
    // The safe-upgrades policy targets CustomResourceDefinitions: it says nothing about a Gateway.
    assert.doesNotMatch(ok.stderr, /admission-/);
    const bad = await run(['conform', '--crds', 'crds', 'bad.yaml'], root);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^bad\.yaml:7:\d+: error: Gateway\/edge: spec\.listeners\[0\]\.port: Invalid value: 0: should be greater than or equal to 1 \[crd-invalid\]$/m);
  });
});
