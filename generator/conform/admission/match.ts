// Which requests a policy or binding matches, as the API server's admission matcher decides (k8s.io/apiserver
// pkg/admission/plugin/policy/matching and webhook/predicates): namespace and object label selectors, then the
// excluded rules, then the resource rules (operations, apiGroups, apiVersions, resources with `*` and `*/*`,
// resourceNames, scope), with matchPolicy Equivalent through the other served versions of the same resource.
import type { LabelSelector, MatchResources, Operation, ResourceRule } from './policy.js';

/** What a request is about: the object's group, version and kind, and its resource. */
export interface ResourceInfo {
  group: string;
  version: string;
  kind: string;
  /** The plural resource name (`gateways`, `services`). */
  resource: string;
  namespaced: boolean;
  /** Every served version of the resource (matchPolicy Equivalent). */
  versions: readonly string[];
}

/** The kinds of the core API and the usual built-in groups: group/version, kind, resource, namespaced. */
const BUILTINS: readonly [string, string, string, boolean][] = [
  ['v1', 'Namespace', 'namespaces', false],
  ['v1', 'Service', 'services', true],
  ['v1', 'ConfigMap', 'configmaps', true],
  ['v1', 'Secret', 'secrets', true],
  ['v1', 'ServiceAccount', 'serviceaccounts', true],
  ['v1', 'Pod', 'pods', true],
  ['v1', 'Endpoints', 'endpoints', true],
  ['v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true],
  ['v1', 'PersistentVolume', 'persistentvolumes', false],
  ['v1', 'LimitRange', 'limitranges', true],
  ['v1', 'ResourceQuota', 'resourcequotas', true],
  ['v1', 'ReplicationController', 'replicationcontrollers', true],
  ['v1', 'Node', 'nodes', false],
  ['apps/v1', 'Deployment', 'deployments', true],
  ['apps/v1', 'StatefulSet', 'statefulsets', true],
  ['apps/v1', 'DaemonSet', 'daemonsets', true],
  ['apps/v1', 'ReplicaSet', 'replicasets', true],
  ['batch/v1', 'Job', 'jobs', true],
  ['batch/v1', 'CronJob', 'cronjobs', true],
  ['autoscaling/v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true],
  ['autoscaling/v1', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true],
  ['policy/v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true],
  ['networking.k8s.io/v1', 'Ingress', 'ingresses', true],
  ['networking.k8s.io/v1', 'IngressClass', 'ingressclasses', false],
  ['networking.k8s.io/v1', 'NetworkPolicy', 'networkpolicies', true],
  ['discovery.k8s.io/v1', 'EndpointSlice', 'endpointslices', true],
  ['rbac.authorization.k8s.io/v1', 'Role', 'roles', true],
  ['rbac.authorization.k8s.io/v1', 'RoleBinding', 'rolebindings', true],
  ['rbac.authorization.k8s.io/v1', 'ClusterRole', 'clusterroles', false],
  ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'clusterrolebindings', false],
  ['storage.k8s.io/v1', 'StorageClass', 'storageclasses', false],
  ['scheduling.k8s.io/v1', 'PriorityClass', 'priorityclasses', false],
  ['coordination.k8s.io/v1', 'Lease', 'leases', true],
  ['apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'customresourcedefinitions', false],
  ['admissionregistration.k8s.io/v1', 'ValidatingAdmissionPolicy', 'validatingadmissionpolicies', false],
  ['admissionregistration.k8s.io/v1', 'ValidatingAdmissionPolicyBinding', 'validatingadmissionpolicybindings', false],
  ['admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', false],
  ['admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', 'mutatingwebhookconfigurations', false],
];

const builtins = new Map<string, ResourceInfo>();
for (const [apiVersion, kind, resource, namespaced] of BUILTINS) {
  const slash = apiVersion.lastIndexOf('/');
  const group = slash === -1 ? '' : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  // Stryker disable next-line ConditionalExpression: equivalent: no kind of the table is in two groups, so the kind alone picks the versions
  const sameGroup = (v: string): boolean => (v.lastIndexOf('/') === -1 ? '' : v.slice(0, v.lastIndexOf('/'))) === group;
  const versions = BUILTINS.filter(([v, k]) => k === kind && sameGroup(v)).map(([v]) => v.slice(v.lastIndexOf('/') + 1));
  builtins.set(`${apiVersion}/${kind}`, { group, version, kind, resource, namespaced, versions });
}

/** Whether a built-in kind of a group lives in namespaces (any version); undefined for a kind not in the table. */
export function builtinNamespaced(group: string, kind: string): boolean | undefined {
  for (const info of builtins.values()) if (info.group === group && info.kind === kind) return info.namespaced;
  return undefined;
}

/** The resource of a built-in kind (a fixed table), or undefined. */
export function builtinResource(apiVersion: string, kind: string): ResourceInfo | undefined {
  return builtins.get(`${apiVersion}/${kind}`);
}

/** What one request says for matching. */
export interface MatchRequest {
  info: ResourceInfo;
  operation: Operation;
  /** metadata.name ('' for a create with generateName only). */
  name: string;
  /** The object's labels (and the old object's, on update). */
  labels: Record<string, string>;
  oldLabels?: Record<string, string>;
  /** The labels of the object's namespace (asked only when a namespaceSelector needs them). */
  namespaceLabels: () => Record<string, string>;
}

export function isEmptySelector(s: LabelSelector): boolean {
  return Object.keys(s.matchLabels).length === 0 && s.matchExpressions.length === 0;
}

/** Kubernetes' label selector semantics (apimachinery labels.Selector). */
export function selectorMatches(s: LabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(s.matchLabels)) if (labels[k] !== v) return false;
  for (const r of s.matchExpressions) {
    const has = Object.hasOwn(labels, r.key);
    switch (r.operator) {
      case 'In':
        if (!has || !r.values.includes(labels[r.key]!)) return false;
        break;
      case 'NotIn':
        if (has && r.values.includes(labels[r.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

const star = (list: readonly string[], value: string): boolean => list.includes('*') || list.includes(value);

function splitResource(text: string): [string, string] {
  const slash = text.indexOf('/');
  return slash === -1 ? [text, ''] : [text.slice(0, slash), text.slice(slash + 1)];
}

function ruleMatches(rule: ResourceRule, req: MatchRequest, version: string): boolean {
  if (!star(rule.operations, req.operation)) return false;
  if (!star(rule.apiGroups, req.info.group) || !star(rule.apiVersions, version)) return false;
  if (rule.scope === 'Cluster' && req.info.namespaced) return false;
  if (rule.scope === 'Namespaced' && !req.info.namespaced) return false;
  if (rule.resourceNames.length > 0 && !rule.resourceNames.includes(req.name)) return false;
  return rule.resources.some((r) => {
    const [res, sub] = splitResource(r);
    return (res === '*' || res === req.info.resource) && (sub === '*' || sub === '');
  });
}

/**
 * The version of the resource a list of rules matches the request in: its own version, else (matchPolicy
 * Equivalent) another served version of the same resource, as the API server converts the object to it.
 */
function rulesMatch(rules: readonly ResourceRule[], policy: MatchResources['matchPolicy'], req: MatchRequest): string | undefined {
  if (rules.some((r) => ruleMatches(r, req, req.info.version))) return req.info.version;
  if (policy !== 'Equivalent') return undefined;
  return req.info.versions.find((v) => {
    // Stryker disable next-line ConditionalExpression: equivalent: the request's own version failed every rule just above
    const other = v !== req.info.version;
    return other && rules.some((r) => ruleMatches(r, req, v));
  });
}

/**
 * Whether match resources (a policy's matchConstraints, a binding's matchResources) apply to the request, and in
 * which version of the resource; a binding's matchResources without resourceRules matches whatever its policy does.
 */
export function matches(m: MatchResources, req: MatchRequest): { version: string } | undefined {
  if (!isEmptySelector(m.namespaceSelector)) {
    // A namespace is matched on its own labels; another cluster-scoped object is never skipped.
    if (req.info.group === '' && req.info.kind === 'Namespace') {
      if (!selectorMatches(m.namespaceSelector, req.labels)) return undefined;
    } else if (req.info.namespaced && !selectorMatches(m.namespaceSelector, req.namespaceLabels())) return undefined;
  }
  // Stryker disable next-line ConditionalExpression: equivalent: an empty selector matches any labels
  if (!isEmptySelector(m.objectSelector)) {
    const matched = selectorMatches(m.objectSelector, req.labels) || (req.oldLabels !== undefined && selectorMatches(m.objectSelector, req.oldLabels));
    if (!matched) return undefined;
  }
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: the test only saves work; no rules match no version
  const excluding = m.excludeResourceRules.length > 0;
  if (excluding && rulesMatch(m.excludeResourceRules, m.matchPolicy, req) !== undefined) return undefined;
  if (m.resourceRules.length === 0) return { version: req.info.version };
  const version = rulesMatch(m.resourceRules, m.matchPolicy, req);
  return version === undefined ? undefined : { version };
}
