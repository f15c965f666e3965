// The catalog of rules: every rule id gwtopo can report, with its severity and what `gwtopo explain` and
// docs/topology.md say about it. A test (test/rule-catalog.test.ts) reads generator/ and fails when the code
// emits an id that is missing here, or states another severity; topology examples are validated by it too.
import type { Severity } from './problem.js';

/** Where an example is shown to live (gwtopo explain validates it as that file). */
export const EXAMPLE_FILES = { topology: 'topologies/example/topology.yaml', config: 'gwtopo.yaml' } as const;

/** An input that shows the rule: a whole topology.yaml, a gwtopo.yaml, or a described situation. */
export type RuleExample = { topology: string } | { config: string } | { text: string };

export interface RuleEntry {
  severity: Severity;
  /** What the rule checks, in one line (the rules table of docs/topology.md). */
  summary: string;
  /** Why it matters: what goes wrong without it. */
  why: string;
  /** How to fix what it reports. */
  fix: string;
  example: RuleExample;
}

/** A topology of cluster "example" whose `spec:` holds `spec` (YAML, indented by two spaces here). */
function topology(spec: string): RuleExample {
  return { topology: `apiVersion: gwtopo/v1alpha1\nkind: GatewayTopology\nmetadata:\n  name: example\nspec:\n${spec.replace(/^(?=.)/gm, '  ')}` };
}

/** A gwtopo.yaml whose `spec:` holds `spec`. */
function config(spec: string): RuleExample {
  return { config: `apiVersion: gwtopo/v1alpha1\nkind: Repository\nspec:\n${spec.replace(/^(?=.)/gm, '  ')}` };
}

const INTERNAL_GATEWAY = 'name: gateway-internal\ndirection: ingress\nnetworking: internal\nscope: dataplane';

export const CATALOG = {
  // ---- files and YAML
  yaml: {
    severity: 'error',
    summary: 'the file is well-formed YAML: no syntax errors, tags, or lists and maps as keys; after five errors the rest are counted, not listed',
    why: 'a file that is not YAML has no fields to read; later errors are mostly consequences of the first one',
    fix: 'fix the first error at the position given, then run again',
    example: topology('gateways: [\n'),
  },
  'yaml-tab': {
    severity: 'error',
    summary: 'indentation uses spaces, never tab characters',
    why: 'YAML forbids tabs in indentation; editors show a tab as any width, so the structure you see is not the one YAML reads',
    fix: 'replace the tab with spaces (set your editor to insert spaces in YAML files)',
    example: { text: 'spec:\n\tgateways: []      # a tab before gateways' },
  },
  'yaml-indentation': {
    severity: 'error',
    summary: 'keys of one map are indented alike; the first line that breaks this is reported, with the indentation expected there',
    why: 'YAML reads structure from indentation: a key one space off belongs to another map, or to none',
    fix: 'indent the line like its siblings (the message says by how many spaces and which key it lines up with)',
    example: topology('gateways:\n  - name: gateway-internal\n    direction: ingress\n     networking: internal\n'),
  },
  'yaml-empty': {
    severity: 'error',
    summary: 'the file holds a document (not only comments)',
    why: 'an empty topology describes no cluster; it is usually a file saved before it was written',
    fix: 'write the document (gwtopo init CLUSTER scaffolds one), or delete the file',
    example: { text: '# topologies/example/topology.yaml holds only this comment' },
  },
  'yaml-documents': {
    severity: 'error',
    summary: 'the file holds exactly one YAML document',
    why: 'a topology, a profile and gwtopo.yaml each hold one object (each cluster has its own topologies/<cluster>/topology.yaml, each profile its own topologies/_profiles/<name>.yaml); a second document would be ignored or mixed up',
    fix: "remove the '---' separator and the second document (move it to its own cluster folder, or its own profile file)",
    example: { text: 'apiVersion: gwtopo/v1alpha1\n…\n---\napiVersion: gwtopo/v1alpha1\n…' },
  },
  'yaml-duplicate-key': {
    severity: 'error',
    summary: 'no key appears twice in one map (the message names the line of the first)',
    why: 'YAML parsers disagree on which of two equal keys wins; one of your values would be dropped silently',
    fix: 'remove or merge the repeated entry',
    example: topology('provider: aws\nprovider: gcp\ngateways: []\n'),
  },
  'yaml-aliases': {
    severity: 'error',
    summary: 'anchors and aliases expand to at most 100 nodes',
    why: 'nested aliases can expand exponentially (an "alias bomb") and exhaust memory',
    fix: 'write the repeated values out instead of using anchors and aliases',
    example: { text: 'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]' },
  },
  encoding: {
    severity: 'error',
    summary: 'UTF-8 text (a byte-order mark is fine; UTF-16, UTF-32 and invalid bytes are not), at most 1 MiB',
    why: 'gwtopo reads topologies as UTF-8; other encodings would be read as garbage',
    fix: 'save the file as UTF-8 (most editors: "Save with encoding")',
    example: { text: 'a topology saved as "Unicode" (UTF-16) by a Windows editor' },
  },
  io: {
    severity: 'error',
    summary: 'a file or folder gwtopo needs can be read or written',
    why: 'gwtopo stops rather than work on part of the repository',
    fix: 'check the permissions of the file or folder named, and free space',
    example: { text: 'gwtopo: error: open overlays/a/data-plane/edge.gateway.yaml: EACCES [io]' },
  },
  symlink: {
    severity: 'error',
    summary: 'no topology, cluster folder, overlays/ or overlay file is a symbolic link out of the repository, and nothing is written through one',
    why: 'following a link could read or overwrite files outside the repository',
    fix: 'replace the link with the file or folder itself',
    example: { text: 'topologies/prod -> /home/me/other-repo/topologies/prod' },
  },
  layout: {
    severity: 'error',
    summary: 'topologies/ exists and each cluster folder holds topology.yaml (not topology.yml, not both)',
    why: 'gwtopo finds clusters only at topologies/<cluster>/topology.yaml; a misnamed file would be skipped silently',
    fix: 'run gwtopo in the repository (or pass --root DIR); rename topology.yml to topology.yaml',
    example: { text: 'topologies/prod/topology.yml' },
  },
  'layout-ignored': {
    severity: 'warning',
    summary: 'files under topologies/ that are not a cluster folder, and cluster folders without topology.yaml, are not read',
    why: 'something that looks like a topology but is not read is easy to mistake for one that is',
    fix: 'move the file to topologies/<cluster>/topology.yaml, or remove it',
    example: { text: 'topologies/prod.yaml (a loose file), or topologies/notes/ (a folder without topology.yaml)' },
  },
  // ---- the topology's shape and names
  schema: {
    severity: 'error',
    summary: 'shape, types, enums, patterns and ranges from schemas/topology.schema.json; unknown fields and values get a "did you mean"',
    why: 'a misspelled field or value would otherwise be ignored or mean something else',
    fix: 'use the field or value the message names (editors with the schema modeline complete them)',
    example: topology('provider: aws-lb\ngateways: []\n'),
  },
  'cluster-name': {
    severity: 'error',
    summary: 'the folder name is a DNS-1123 label and metadata.name equals it',
    why: 'the cluster name names the overlay folders and the GitOps objects; the folder and the file must agree on it',
    fix: 'set metadata.name to the folder name, or rename the folder (lower-case letters, digits and "-")',
    example: { topology: 'apiVersion: gwtopo/v1alpha1\nkind: GatewayTopology\nmetadata:\n  name: prod\nspec:\n  gateways: []\n' },
  },
  'name-length': {
    severity: 'error',
    summary: 'a DataPlane or Environment name fits a file name: <name>.<kind>.yaml is at most 255 bytes',
    why: 'every registered object is written to a file named after it; file systems refuse longer names',
    fix: 'use a shorter name',
    example: { text: 'spec.environments: [{name: <a name of 240 characters>}]' },
  },
  'cluster-not-found': {
    severity: 'error',
    summary: 'every cluster named on the command line has a topology (or, for --cluster, output left to prune)',
    why: 'a mistyped cluster name would otherwise do nothing and succeed',
    fix: 'use the folder name under topologies/ (the message suggests the closest one); gwtopo init CLUSTER scaffolds a new one',
    example: { text: 'gwtopo check --cluster prod-ue' },
  },
  'dataplane-namespace': {
    severity: 'error',
    summary: 'a ClusterDataPlane has no namespace',
    why: 'a ClusterDataPlane is cluster-scoped; a namespace on it is an error on the API server',
    fix: 'remove spec.dataPlane.namespace, or use kind: DataPlane',
    example: topology('dataPlane:\n  kind: ClusterDataPlane\n  namespace: default\ngateways: []\n'),
  },
  'k3d-settings': {
    severity: 'error',
    summary: 'spec.k3d is set only with provider k3d',
    why: 'the settings would be ignored silently on any other provider',
    fix: 'remove spec.k3d, or set provider: k3d',
    example: topology('provider: aws\nk3d:\n  clusterName: dev\ngateways: []\n'),
  },
  'control-plane-mode': {
    severity: 'error',
    summary: 'spec.controlPlane.base is given exactly when mode is patch',
    why: 'patch mode patches the objects of a base kustomization and needs to know where it is; apply mode reads none',
    fix: 'add base: <folder of your kustomization> with mode: patch, or remove base',
    example: topology('controlPlane:\n  mode: patch\ngateways: []\n'),
  },
  'unique-environments': {
    severity: 'error',
    summary: 'environment names are unique',
    why: 'an Environment is registered once; two entries would fight over its spec.gateway',
    fix: 'remove one of the entries',
    example: topology('environments:\n  - name: production\n  - name: production\ngateways: []\n'),
  },
  'unique-gateways': {
    severity: 'error',
    summary: 'gateway names are unique within a cluster',
    why: 'the name names the Gateway and its Service; two gateways of one name would overwrite each other',
    fix: 'rename or remove one of them',
    example: topology(
      `gateways:\n  - ${INTERNAL_GATEWAY.replace(/\n/g, '\n    ')}\n    listeners: [{protocol: HTTP, port: 9080}]\n  - ${INTERNAL_GATEWAY.replace(/\n/g, '\n    ').replace('dataplane', 'environment\n    environment: production')}\n    listeners: [{protocol: HTTP, port: 9081}]\nenvironments: [{name: production}]\n`,
    ),
  },
  'environment-scope': {
    severity: 'error',
    summary: 'environment is set exactly for scope: environment',
    why: 'a dedicated gateway registers on its Environment and needs to know which; a shared one registers on the data plane',
    fix: 'add environment: <name> to a scope: environment gateway, or remove it from a scope: dataplane one',
    example: topology(
      `environments: [{name: production}]\ngateways:\n  - ${INTERNAL_GATEWAY.replace(/\n/g, '\n    ').replace('dataplane', 'environment')}\n    listeners: [{protocol: HTTP, port: 9080}]\n`,
    ),
  },
  'environment-reference': {
    severity: 'error',
    summary: "a gateway's environment is listed in spec.environments",
    why: 'gwtopo registers the gateway on that Environment: an unlisted one is usually a typo',
    fix: 'use a listed name (the message suggests the closest), or add the environment to spec.environments',
    example: topology(
      `environments: [{name: production}]\ngateways:\n  - ${INTERNAL_GATEWAY.replace(/\n/g, '\n    ').replace('dataplane', 'environment\n    environment: prodution')}\n    listeners: [{protocol: HTTP, port: 9080}]\n`,
    ),
  },
  'gateway-slot': {
    severity: 'error',
    summary: 'at most one gateway per (direction, networking) for the data plane and for each environment',
    why: 'a DataPlane or Environment spec.gateway holds one gateway per direction and networking: the second would overwrite the first',
    fix: 'dedicate one of them to an environment (scope: environment), change its direction or networking, or remove it',
    example: topology(
      `gateways:\n  - ${INTERNAL_GATEWAY.replace(/\n/g, '\n    ')}\n    listeners: [{protocol: HTTP, port: 9080}]\n  - ${INTERNAL_GATEWAY.replace(/\n/g, '\n    ').replace('gateway-internal', 'gateway-internal-2')}\n    listeners: [{protocol: HTTP, port: 9081}]\n`,
    ),
  },
  'external-clusterip': {
    severity: 'error',
    summary: 'an external gateway is not a ClusterIP Service',
    why: 'a ClusterIP Service is reachable only inside the cluster, so "external" clients could never reach it',
    fix: 'use service.type LoadBalancer (or NodePort), or set networking: internal',
    example: topology(
      'gateways:\n  - name: gateway-external\n    direction: ingress\n    networking: external\n    scope: dataplane\n    service: {type: ClusterIP}\n    listeners: [{protocol: HTTP, port: 80, host: api.example.com}]\n',
    ),
  },
  'internal-lb-private': {
    severity: 'error',
    summary: 'with provider generic, an internal LoadBalancer carries a known private-load-balancer annotation',
    why: 'without one, most clouds create an internet-facing load balancer for an "internal" gateway',
    fix: 'set spec.provider to your cloud (its preset makes the load balancer private), or add its internal annotation under service.annotations',
    example: topology(`gateways:\n  - ${INTERNAL_GATEWAY.replace(/\n/g, '\n    ')}\n    service: {type: LoadBalancer}\n    listeners: [{protocol: HTTP, port: 80, host: internal.example.com}]\n`),
  },
  'lb-networking': {
    severity: 'error',
    summary: "your load-balancer annotations agree with the gateway's networking, as the provider's cloud reads them",
    why: 'your annotations override the provider preset; one under which the cloud makes an internal gateway internet-facing (or an external one private) exposes or hides it by accident, so it is an error no acceptance silences',
    fix: 'remove the annotation (the provider preset sets the right one), or change networking',
    example: topology(
      `provider: aws-lbc\ngateways:\n  - ${INTERNAL_GATEWAY.replace(/\n/g, '\n    ')}\n    service:\n      type: LoadBalancer\n      annotations: {service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing}\n    listeners: [{protocol: HTTP, port: 80, host: internal.example.com}]\n`,
    ),
  },
  'crd-unknown-field': {
    severity: 'warning',
    summary: 'conform --field-validation Warn: a field the CRD does not know, which the API server drops with a warning',
    why: 'an API server with fieldValidation=Warn accepts the object without the field: whatever the field meant is lost',
    fix: 'remove the field or move it where the schema has it',
    example: { text: 'gwtopo conform --field-validation Warn on an EnvoyProxy with spec.provider.kubernetes.envoyDeployment.podSpec.foo' },
  },
  'schema-set-notice': {
    severity: 'warning',
    summary: 'what loading a schema set given as a path had to skip or replace',
    why: "a real install folder holds other kinds (Gateway API's ships a ValidatingAdmissionPolicy) and bundles may define a kind twice: the API server would store both, the later definition replacing the earlier",
    fix: 'nothing, if the folder is what the cluster runs; or capture only the CRDs with kubectl get crd -o yaml',
    example: { text: 'spec.crds: crds/standard (Gateway API config/crd/standard, with its safe-upgrades ValidatingAdmissionPolicy)' },
  },
  'chart-mismatch': {
    severity: 'error',
    summary: "the listeners registered for gateway-default are ones OpenChoreo's data-plane chart opens with the cluster's values",
    why: "the chart, not gwtopo, renders gateway-default: a registered listener it does not open (or on another port) sends OpenChoreo's invoke URLs to nothing",
    fix: "register the listeners the chart's values open (the message names the value and the file), or change the values",
    example: { text: 'spec.chart.values: [install/k3d/values-dp.yaml] (gateway.tls.enabled: false) and gateway-default registers {protocol: HTTPS, port: 19443}' },
  },
  'chart-listener-unregistered': {
    severity: 'warning',
    summary: "every listener OpenChoreo's data-plane chart opens on gateway-default is registered",
    why: 'OpenChoreo routes only through registered listeners: one the chart opens and the topology leaves out goes unused',
    fix: "register it on the managed: false gateway-default, or turn it off in the chart's values",
    example: { text: "spec.chart.values: [] (the chart's defaults open https on 443) and gateway-default registers only {protocol: HTTP, port: 80}" },
  },
  'chart-values': {
    severity: 'error',
    summary: "the data-plane chart's values files a cluster names can be read",
    why: 'gwtopo checks the registration of gateway-default against them; a missing or broken file would let any registration pass',
    fix: 'name a values file inside the repository, relative to its root, that holds a YAML map',
    example: { text: 'spec.chart.values: [install/values-dp.yaml] and the repository has no such file' },
  },
  'k3d-port-conflict': {
    severity: 'error',
    summary: "on k3d, no two LoadBalancer gateways share a listener port (the data-plane chart's gateway-default included, when its values are known)",
    why: "k3d's load balancer binds each port on the host once: the second gateway would be unreachable",
    fix: 'give one of the gateways another port',
    example: topology(
      'provider: k3d\ngateways:\n  - {name: a, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 19080, host: a.localhost}]}\n  - {name: b, direction: ingress, networking: internal, scope: dataplane, service: {type: LoadBalancer}, listeners: [{protocol: HTTP, port: 19080, host: b.localhost}]}\n',
    ),
  },
  'reserved-label': {
    severity: 'error',
    summary: 'openchoreo.dev/system-component is not set by hand',
    why: "gwtopo sets it on every gateway (OpenChoreo's NetworkPolicy admits gateway traffic by it); a different value would cut the gateway off",
    fix: 'remove the label',
    example: topology(
      `gateways:\n  - ${INTERNAL_GATEWAY.replace(/\n/g, '\n    ')}\n    service:\n      labels: {openchoreo.dev/system-component: edge}\n    listeners: [{protocol: HTTP, port: 9080}]\n`,
    ),
  },
  'unmanaged-unused': {
    severity: 'warning',
    summary: 'a managed: false gateway carries no settings gwtopo would not render (class, Service annotations/labels, listener hostname/allowedRoutes/tls)',
    why: 'gwtopo only registers an unmanaged gateway; such settings look effective and are not',
    fix: 'remove them, and configure the existing Gateway where it is installed (e.g. its Helm values)',
    example: topology(
      'gateways:\n  - name: gateway-default\n    direction: ingress\n    networking: external\n    scope: dataplane\n    managed: false\n    gatewayClassName: envoy\n    listeners: [{protocol: HTTP, port: 80, host: api.example.com}]\n',
    ),
  },
  'module-unsupported': {
    severity: 'error',
    summary: "a gateway's Service settings can be expressed by its module (names module, gateway and field, and what to do instead)",
    why: 'a setting the module cannot express would be dropped silently',
    fix: "follow the hint: another class, another module for that gateway (gateways[].module), or the setting in the module's install",
    example: topology(
      `module: traefik\ngateways:\n  - ${INTERNAL_GATEWAY.replace(/\n/g, '\n    ')}\n    service: {type: NodePort}\n    listeners: [{protocol: HTTP, port: 9080, host: traefik.example.internal}]\n`,
    ),
  },
  'infrastructure-limits': {
    severity: 'error',
    summary: "modules that carry Service labels/annotations in the Gateway's spec.infrastructure stay within Gateway API's 8 labels and 8 annotations",
    why: 'the API server refuses a Gateway with more; gwtopo counts its own system-component label and the provider preset',
    fix: 'keep 8 or fewer, or use a module with a parameters resource for Service metadata (kgateway, envoy-gateway)',
    example: { text: 'module: istio, and a gateway with service.labels of 8 entries (gwtopo adds a ninth)' },
  },
  'preset-not-applied': {
    severity: 'warning',
    summary: "provider annotations cannot reach a Service that the module's install owns (traefik, kong)",
    why: "an internal gateway on such a module is private only if its install's Service is",
    fix: 'set the annotations the message lists on that Service (its Helm values)',
    example: topology(`module: kong\nprovider: aws\ngateways:\n  - ${INTERNAL_GATEWAY.replace(/\n/g, '\n    ')}\n    listeners: [{protocol: HTTP, port: 80, host: kong.example.internal}]\n`),
  },
  'gateway-classes': {
    severity: 'error',
    summary: 'spec.gatewayClasses names are unique',
    why: 'a class has one Service type; two entries would contradict each other',
    fix: 'remove one of the entries',
    example: topology('module: cilium\ngatewayClasses:\n  - {name: cilium-np, serviceType: NodePort}\n  - {name: cilium-np, serviceType: NodePort}\ngateways: []\n'),
  },
  'gateway-class-unused': {
    severity: 'warning',
    summary: 'every class under spec.gatewayClasses is used by a cilium gateway',
    why: 'only modules that set the Service type per GatewayClass (cilium) read spec.gatewayClasses; an unused entry does nothing',
    fix: 'remove it, or set gatewayClassName on the cilium gateway that should use it',
    example: topology('gatewayClasses:\n  - {name: cilium-np, serviceType: NodePort}\ngateways: []\n'),
  },
  'unique-listener-names': {
    severity: 'error',
    summary: 'listener names are unique within a gateway',
    why: 'Gateway API refuses a Gateway whose listeners share a name',
    fix: 'give the listeners different names (a listener without a name is named after its protocol)',
    example: topology(
      `gateways:\n  - ${INTERNAL_GATEWAY.replace(/\n/g, '\n    ')}\n    listeners:\n      - {name: web, protocol: HTTP, port: 9080}\n      - {name: web, protocol: HTTPS, port: 9443, host: in.example.com, tls: {certificateRefs: [{name: tls}]}}\n`,
    ),
  },
  'listener-protocol': {
    severity: 'error',
    summary: 'at most one listener per protocol',
    why: 'OpenChoreo registers one listener per protocol (spec.gateway.*.http, https, tls)',
    fix: 'remove one of them, or move it to another gateway',
    example: topology(`gateways:\n  - ${INTERNAL_GATEWAY.replace(/\n/g, '\n    ')}\n    listeners:\n      - {name: a, protocol: HTTP, port: 9080}\n      - {name: b, protocol: HTTP, port: 9081}\n`),
  },
  'listener-port': {
    severity: 'error',
    summary: 'two listeners share a port only if both are HTTPS/TLS with different hostnames',
    why: 'Gateway API cannot tell other listeners on one port apart; the second would be rejected',
    fix: 'use another port, or give both TLS listeners different hostnames',
    example: topology(`gateways:\n  - ${INTERNAL_GATEWAY.replace(/\n/g, '\n    ')}\n    listeners:\n      - {protocol: HTTP, port: 8443}\n      - {protocol: TLS, port: 8443}\n`),
  },
  'listener-tls': {
    severity: 'error',
    summary: 'HTTPS needs tls with mode Terminate and certificates; TLS passthrough takes no certificates; HTTP takes no tls',
    why: 'the API server or the gateway would refuse the listener, or serve it without the certificate you meant',
    fix: 'add tls: {certificateRefs: [{name: <Secret>}]} to HTTPS listeners; remove what the message names',
    example: topology(`gateways:\n  - ${INTERNAL_GATEWAY.replace(/\n/g, '\n    ')}\n    listeners:\n      - {protocol: HTTPS, port: 9443, host: in.example.com}\n`),
  },
  'host-required': {
    severity: 'error',
    summary: 'a host is given wherever it has no default; the message says which DNS name belongs there',
    why: 'OpenChoreo registers the host as the address clients use; only internal ClusterIP gateways have a name gwtopo can know',
    fix: 'set host to the DNS name the hint describes',
    example: topology(`provider: aws\ngateways:\n  - ${INTERNAL_GATEWAY.replace(/\n/g, '\n    ')}\n    service: {type: LoadBalancer}\n    listeners: [{protocol: HTTP, port: 80}]\n`),
  },
  'host-hostname': {
    severity: 'warning',
    summary: "the registered host is inside the listener's hostname filter",
    why: 'routes for the registered host would not match the listener, so requests get 404',
    fix: 'make host match the hostname filter, or remove hostname',
    example: topology(
      'gateways:\n  - name: gateway-external\n    direction: ingress\n    networking: external\n    scope: dataplane\n    listeners: [{protocol: HTTP, port: 80, host: api.example.com, hostname: "*.example.org"}]\n',
    ),
  },
  'certificate-namespace': {
    severity: 'warning',
    summary: 'a certificate Secret in another namespace than the Gateway needs a ReferenceGrant',
    why: 'Gateway API ignores a cross-namespace reference that no ReferenceGrant allows: the listener would have no certificate',
    fix: "create a ReferenceGrant in the Secret's namespace, or move the Secret next to the Gateway",
    example: topology(
      'gateways:\n  - name: gateway-external\n    direction: ingress\n    networking: external\n    scope: dataplane\n    listeners:\n      - protocol: HTTPS\n        port: 443\n        host: api.example.com\n        tls: {certificateRefs: [{name: api-tls, namespace: cert-manager}]}\n',
    ),
  },
  // ---- patch mode
  'patch-base': {
    severity: 'error',
    summary: 'in patch mode the base is a kustomization folder of the repository (no remote resources) that holds every object the overlay patches',
    why: 'kustomize fails to build an overlay that patches an object its base does not hold',
    fix: 'add the object to the base, or fix spec.dataPlane / spec.environments (the message lists what the base holds)',
    example: { text: 'spec.controlPlane: {mode: patch, base: platform}, and platform/ holds no Environment production' },
  },
  'patch-base-kept': {
    severity: 'warning',
    summary: 'a registration the base holds in a spec.gateway slot that no gateway of the topology takes is kept by the strategic merge',
    why: 'the topology is meant to say what is registered; a leftover registration in the base still applies',
    fix: 'declare that gateway in the topology (managed: false registers it without rendering it), or remove it from the base',
    example: { text: "the base's Environment staging registers gateway old-edge at spec.gateway.ingress.external; the topology has no such gateway" },
  },
  // ---- gwtopo.yaml
  config: {
    severity: 'error',
    summary: 'gwtopo.yaml: a repository when engines are enabled, settings only for enabled engines, one Argo CD control-plane destination (its shape: schemas/gwtopo.schema.json)',
    why: 'the Argo CD and Flux objects gwtopo renders need them, and settings for an engine that is off would be ignored silently',
    fix: 'follow the hint on the line given',
    example: config('engines: [argocd]\n'),
  },
  'flux-ssh-credentials': {
    severity: 'warning',
    summary: 'Flux gets credentials (spec.flux.secretRef) for an SSH repository URL',
    why: 'Flux clones SSH URLs only with a deploy key; without one the GitRepository never becomes ready',
    fix: 'create a Secret with the deploy key in the Flux namespace and set spec.flux.secretRef, or use an https:// URL',
    example: config('engines: [flux]\nrepository: {url: "git@github.com:acme/gitops.git"}\n'),
  },
  // ---- accepting warnings
  'accept-invalid': {
    severity: 'error',
    summary: 'spec.acceptWarnings names warning rules that exist (errors cannot be accepted)',
    why: 'an error means the output would be wrong: it is fixed, never silenced; an unknown id is a typo that would accept nothing',
    fix: 'fix the error instead of accepting it; correct a misspelled id (the message suggests the closest)',
    example: topology('acceptWarnings: [host-required]\ngateways: []\n'),
  },
  'accept-unused': {
    severity: 'warning',
    summary: 'every id in spec.acceptWarnings matches a warning (gwtopo.yaml: checked on runs over all clusters); this warning itself cannot be accepted',
    why: 'an acceptance that matches nothing is stale, and would silently hide the warning if it came back',
    fix: 'remove the id from spec.acceptWarnings',
    example: topology('acceptWarnings: [host-hostname]\ngateways: []\n'),
  },
  // ---- writing, reviewing, the command line
  'foreign-file': {
    severity: 'error',
    summary: 'generate would write a file that gwtopo did not generate (no generated header)',
    why: 'gwtopo never overwrites or deletes a file it did not write',
    fix: 'move or delete the file, then run gwtopo generate again',
    example: { text: 'overlays/prod/data-plane/gateway-internal.gateway.yaml written by hand' },
  },
  'left-alone': {
    severity: 'warning',
    summary: 'check: a file under overlays/ that gwtopo did not generate is left alone (CI formats name it)',
    why: 'gwtopo owns only the files it generated; yours are never touched, but a reviewer should know they are there',
    fix: 'nothing, if the file belongs there; else move it out of overlays/',
    example: { text: 'overlays/prod/data-plane/README.md written by hand' },
  },
  drift: {
    severity: 'error',
    summary: 'check: every file under overlays/ is what the topologies render — none changed, missing or stale',
    why: 'the GitOps engine syncs overlays/: a hand edit or a forgotten generate would reach the clusters unreviewed',
    fix: 'run gwtopo generate and commit the result',
    example: { text: 'a topology changed in a pull request without gwtopo generate' },
  },
  'line-endings': {
    severity: 'warning',
    summary: 'check: a generated file that differs only in line endings (CRLF on disk) is not drift, and is named',
    why: 'gwtopo writes LF; a Windows checkout with core.autocrlf=true turns it into CRLF, which regenerating cannot fix',
    fix: 'set "* text=auto eol=lf" in .gitattributes (or core.autocrlf=false) and check the file out again',
    example: { text: 'overlays/prod/data-plane/edge.gateway.yaml checked out with CRLF line ends' },
  },
  lock: {
    severity: 'error',
    summary: 'another gwtopo generate holds overlays/.gwtopo.lock for longer than the lock timeout',
    why: 'two runs writing overlays/ at once could leave a mix of both',
    fix: 'wait for the other run; if none runs, delete the lock file the message names',
    example: { text: 'two `gwtopo generate` in the same repository at the same time' },
  },
  git: {
    severity: 'error',
    summary: 'gwtopo diff: the root is in a git repository and --base/--head name commits there',
    why: 'diff renders the topologies of a revision from git objects',
    fix: 'name a branch, tag or commit that exists locally; in CI fetch the history first (actions/checkout with fetch-depth: 0)',
    example: { text: 'gwtopo diff --base origin/main   # in a shallow clone' },
  },
  'git-entry-skipped': {
    severity: 'warning',
    summary: 'gwtopo diff: entries of a revision that cannot be read as files (links out of the root, submodules) are named',
    why: 'a skipped file would otherwise make the diff look smaller than it is',
    fix: 'replace the link with the file itself, or ignore the warning if the entry is not a topology',
    example: { text: 'topologies/prod is a symbolic link to a folder outside the repository at the base revision' },
  },
  ack: {
    severity: 'warning',
    summary: 'gwtopo diff: every acknowledgement (--ack, gwtopo-ack: lines) is an impact note id or glob and matches a destructive note',
    why: 'a stale or mistyped acknowledgement acknowledges nothing, and would silently cover the next change with that id',
    fix: 'use the ids the diff prints (<note>:<cluster>/<gateway>); remove stale gwtopo-ack lines',
    example: { text: 'gwtopo diff --base origin/main --fail-on destructive --ack gateway-deleted:prod-eu/old-edge   # no such note' },
  },
  'ack-file': {
    severity: 'error',
    summary: 'gwtopo diff: the --ack-file can be read',
    why: 'the review gate cannot tell which destructive changes were acknowledged',
    fix: 'pass the file the workflow wrote the pull-request description to',
    example: { text: 'gwtopo diff --base origin/main --fail-on destructive --ack-file missing.md' },
  },
  'parameters-name': {
    severity: 'error',
    summary: 'no two managed gateways of a cluster name their parameters resource alike (parametersName, default <gateway>-params)',
    why: 'both gateways would render one GatewayParameters, EnvoyProxy or NginxProxy: the later overwrites the earlier, and one gateway gets the other Service',
    fix: 'give each gateway a parametersName of its own, or leave parametersName out',
    example: topology(
      'gateways:\n  - name: a\n    direction: ingress\n    networking: internal\n    scope: dataplane\n    listeners: [{protocol: HTTP, port: 80}]\n  - name: b\n    direction: egress\n    networking: internal\n    scope: dataplane\n    parametersName: a-params\n    listeners: [{protocol: HTTP, port: 8080}]\n',
    ),
  },
  'topology-exists': {
    severity: 'error',
    summary: 'gwtopo init never overwrites a topology',
    why: 'the file holds your work',
    fix: 'edit the file, or delete it first',
    example: { text: 'gwtopo init prod   # topologies/prod/topology.yaml exists' },
  },
  // ---- schema sets (the conform stage, gwtopo conform): docs/schema-sets.md
  'crd-invalid': {
    severity: 'error',
    summary:
      "a rendered object passes its cluster's CRD as the API server would: schema (defaults applied first) and CEL rules; in diff, transition rules (oldSelf) between the base's object and the head's too",
    why: 'the API server refuses the object: the GitOps sync fails on the cluster, after the pull request was merged',
    fix: "change the value at the reported topology line; if the cluster's CRDs are older than the set assumes, upgrade them and capture them again, or point spec.crds at the set the cluster runs",
    example: { text: 'a listener with port 8443 on a cluster whose captured Gateway CRD allows at most port 1000' },
  },
  'crd-missing': {
    severity: 'error',
    summary: "the cluster's schema set has a CRD, and a served version, for every kind rendered for it",
    why: 'the API server refuses an object of a kind it does not know ("no matches for kind"): the whole sync of that folder fails',
    fix: 'install the CRDs the hint names on the cluster (and capture them again), or choose the set the cluster runs with spec.crds',
    example: { text: 'spec.crds: crds/prod.yaml, a capture of a cluster whose kgateway has no ListenerPolicy, and a kgateway gateway (which gets a ListenerPolicy for WebSocket upgrades)' },
  },
  'crd-not-checked': {
    severity: 'warning',
    summary: 'a CEL rule a rendered object reaches could not be evaluated offline (a function or type gwtopo does not have)',
    why: 'gwtopo never passes a rule silently: the API server will evaluate it, and may refuse the object',
    fix: 'check the value by hand, or with kubectl apply --dry-run=server; https://github.com/gwtopo/gwtopo/blob/main/docs/schema-sets.md#not-checked lists what cannot be evaluated',
    example: { text: "a cluster's own CRD whose x-kubernetes-validations rule calls a function of a newer Kubernetes CEL library" },
  },
  'admission-denied': {
    severity: 'error',
    summary: 'an object passes the ValidatingAdmissionPolicies of its schema set whose bindings say Deny (each failed validation is reported, naming policy, binding and validation)',
    why: "the cluster's API server would refuse the object (kubectl apply, the GitOps engine's sync fail); gwtopo reports every denial, the API server only the first",
    fix: 'change the object (the value in the topology) so the validation holds, or change the policy or its binding in the schema set if the cluster does',
    example: { text: 'a set holding a policy "internal gateways only in namespace gw-internal" bound with validationActions: [Deny], and an internal Gateway rendered into another namespace' },
  },
  'admission-warning': {
    severity: 'warning',
    summary: 'an object passes the ValidatingAdmissionPolicies of its schema set whose bindings say Warn',
    why: 'the API server accepts the object but warns (kubectl prints the warning); a Warn binding is often a Deny binding to be',
    fix: 'change the object so the validation holds, or the policy',
    example: { text: 'a set holding a policy that limits replicas, bound with validationActions: [Warn], and a Deployment above the limit' },
  },
  'admission-not-checked': {
    severity: 'warning',
    summary: 'a ValidatingAdmissionPolicy that applies to an object could be evaluated offline',
    why: "gwtopo never passes a policy silently: what depends on the request's user (request.userInfo), the authorizer, or a CEL feature gwtopo lacks is decided by the API server",
    fix: 'check the object with kubectl apply --dry-run=server; https://github.com/gwtopo/gwtopo/blob/main/docs/schema-sets.md#admission-policies lists what is not evaluated offline',
    example: { text: 'a policy whose validation reads request.userInfo.username, bound with Deny' },
  },
  'admission-namespace-unknown': {
    severity: 'warning',
    summary: 'the labels of a namespace a policy selects on (namespaceSelector, namespaceObject) are known: a Namespace object for it is among the checked objects or in the schema set',
    why: 'without the Namespace object gwtopo sees only its kubernetes.io/metadata.name label, so a namespaceSelector on other labels decides as if they were absent',
    fix: 'add the Namespace objects (with their labels) to the manifests or to the schema set',
    example: { text: 'a binding with namespaceSelector environment=test, and a Gateway in namespace gw that no Namespace object describes' },
  },
  'schema-set': {
    severity: 'error',
    summary: 'spec.crds (of a topology, a profile or gwtopo.yaml) names a builtin set or a file or folder of CRDs that exists and holds CRDs',
    why: 'without the set, what the cluster accepts cannot be checked',
    fix: 'name openchoreo-v1.2 or openchoreo-v1.1, or the path (from the repository root) of what kubectl get crd -o yaml printed',
    example: { text: 'spec.crds: openchoreo-v1.3 (no such builtin set), or spec.crds: crds/prod.yaml where the file does not exist' },
  },
  'schema-set-unused': {
    severity: 'warning',
    summary: "a cluster pattern of gwtopo.yaml's spec.crds.clusters matches a cluster",
    why: 'a pattern that matches nothing is most likely a typo, and the clusters it meant get the default set',
    fix: 'fix the pattern (* any characters, ? one character), or remove the entry',
    example: { text: 'spec.crds.clusters: {"prod-*": crds/prod.yaml} in a repository whose clusters are eu-prod-1 and us-prod-1' },
  },
  'conform-input': {
    severity: 'error',
    summary: 'gwtopo conform (and diff --live) reads UTF-8 YAML of Kubernetes objects: every input readable (at most 256 MiB), every document a map with apiVersion and kind',
    why: 'what cannot be read as Kubernetes objects cannot be validated, and kubectl would refuse it too',
    fix: 'give Kubernetes manifests: files, folders, or - for standard input',
    example: { text: 'kubectl kustomize overlays/prod/data-plane > out.yaml; echo "not: [valid" >> out.yaml; gwtopo conform out.yaml' },
  },
  'capture-input': {
    severity: 'error',
    summary: 'gwtopo diff --live and import read captured cluster state: every document (or List item) a Kubernetes object with apiVersion, kind and metadata.name',
    why: 'an object without its identity cannot be matched with what gwtopo renders',
    fix: 'capture with kubectl get <kind> -o yaml (or -o json), unedited',
    example: { text: 'gwtopo diff --live capture.yaml   # capture.yaml: a List whose item has no kind' },
  },
  'capture-duplicate': {
    severity: 'warning',
    summary: 'an object is captured once (the later copy is read)',
    why: 'two captures of one object may differ; gwtopo compares with the later one',
    fix: 'capture each object once (one kubectl get per kind, or one -o yaml of all kinds)',
    example: { text: 'gwtopo diff --live gateways.yaml --live all.yaml   # all.yaml holds the Gateways again' },
  },
  'live-capture-shared': {
    severity: 'warning',
    summary: "gwtopo diff --live: each captured object is compared with one cluster's rendered object",
    why: "data-plane objects have the same names on every cluster (gateway-internal in openchoreo-data-plane); a capture is one cluster's, so comparing it with several clusters reports the others' differences as changes",
    fix: 'select the cluster the capture comes from with --cluster NAME (one run per cluster)',
    example: { text: 'gwtopo diff --live prod-eu.yaml   # every cluster selected, and each renders Gateway openchoreo-data-plane/gateway-internal' },
  },
  // ---- adoption: gwtopo import (docs/adoption.md)
  'import-data-plane': {
    severity: 'error',
    summary:
      'gwtopo import finds the data plane the cluster registers as: --data-plane, else the one named like --cluster, else the one whose spec.gateway names the captured Gateways, else the only one',
    why: "where a gateway is registered decides its direction, networking and scope: without the data plane's registrations there is no topology to write",
    fix: 'capture the control plane too (kubectl get dataplanes,clusterdataplanes,environments -A -o yaml), and name the data plane with --data-plane KIND/[NAMESPACE/]NAME when several qualify',
    example: { text: 'gwtopo import dp.yaml   # no DataPlane or ClusterDataPlane in the capture' },
  },
  'import-left-out': {
    severity: 'warning',
    summary: 'gwtopo import names every captured object it does not import: other kinds, other data planes and their Environments, Gateways outside the gateway namespace',
    why: 'nothing captured is dropped silently: what the topology does not hold, gwtopo does not manage',
    fix: 'capture only what docs/adoption.md lists, or import the other data plane on its own (--data-plane, --cluster)',
    example: { text: 'gwtopo import all.yaml   # holds a ConfigMap' },
  },
  'import-unmanaged-field': {
    severity: 'warning',
    summary: 'gwtopo import names every field of a captured Gateway, parameters object or listener policy that a topology cannot carry',
    why: 'gwtopo renders only the fields it manages; server-side apply keeps the others where another manager owns them, but the topology does not hold them and a re-created object lacks them',
    fix: 'keep the field where it is managed now (e.g. the GatewayClass parameters, or Helm values), or drop it',
    example: { text: 'gwtopo import dp.yaml cp.yaml   # a GatewayParameters sets spec.kube.deployment.replicas' },
  },
  'import-listener': {
    severity: 'warning',
    summary:
      'gwtopo import leaves out a listener it cannot model (protocol, routes from a selector, a certificate that is no Secret, a second listener of a protocol, or one registered in no slot), naming the field',
    why: 'a topology renders only listeners it can register with OpenChoreo: the first sync would remove it from a Gateway gwtopo manages',
    fix: 'register the listener (a slot of the data plane or Environment), or move it to a Gateway of its own',
    example: { text: 'gwtopo import dp.yaml cp.yaml   # gateway-internal has a TCP listener' },
  },
  'import-unregistered': {
    severity: 'warning',
    summary: 'a captured Gateway registered on no DataPlane, ClusterDataPlane or Environment of the data plane is written commented out',
    why: 'every gateway gwtopo renders is registered; where an unregistered one belongs (direction, networking, scope, hosts) is not in the capture',
    fix: 'uncomment it and set direction, networking, scope and the hosts, or leave it out',
    example: { text: 'gwtopo import dp.yaml cp.yaml   # Gateway gateway-canary is in no spec.gateway' },
  },
  'import-websocket': {
    severity: 'warning',
    summary: 'a kgateway gateway that no ListenerPolicy or HTTPListenerPolicy upgrades to WebSocket is imported with websocket: false; a policy gwtopo would not render is named',
    why: 'kgateway upgrades no WebSocket connection without a policy: importing it as it runs keeps the first sync from changing it, but OpenChoreo components with WebSocket endpoints fail through it',
    fix: 'remove websocket: false to have gwtopo render a ListenerPolicy <gateway>-listeners (as the chart does for gateway-default)',
    example: { text: 'gwtopo import dp.yaml cp.yaml   # gateway-internal without a ListenerPolicy' },
  },
  'import-registration': {
    severity: 'warning',
    summary: 'gwtopo import names every registration (spec.gateway slot) it cannot express: a gateway registered twice, in another namespace, or naming a listener the Gateway lacks',
    why: 'generate writes spec.gateway whole: a registration the topology does not hold is changed by the first sync',
    fix: 'register each gateway in one place, in the gateway namespace, with listeners the Gateway has',
    example: { text: 'gwtopo import dp.yaml cp.yaml   # two Environments register gateway-production' },
  },
  'import-not-captured': {
    severity: 'warning',
    summary: "an object import needs is not in the capture: a registered Gateway (imported as managed: false) or a Gateway's parameters (its Service imported as the module's default)",
    why: 'what is not captured cannot be reproduced: gwtopo would render something else for it',
    fix: 'capture the data plane too: kubectl get gateways,gatewayparameters,envoyproxies,nginxproxies,listenerpolicies,httplistenerpolicies,services -n <gateway namespace> -o yaml',
    example: { text: 'gwtopo import cp.yaml   # only the control plane' },
  },
  'import-round-trip': {
    severity: 'warning',
    summary: 'what generate renders for the imported topology equals the capture in every field gwtopo manages, and its registrations equal the captured spec.gateway; each difference is named',
    why: 'the first sync changes every field that does not round-trip: you review those changes before, not after',
    fix: 'edit the topology until the field round-trips, or accept the change (gwtopo diff --live shows it again against the live cluster)',
    example: { text: "gwtopo import dp.yaml cp.yaml   # the topology page's gateway-internal lacks the openchoreo.dev/system-component label gwtopo adds" },
  },
  'import-invalid': {
    severity: 'warning',
    summary: 'the topology gwtopo import wrote validates; each error it has is reported as a warning (the file is written, for you to fix)',
    why: 'a capture can hold what a topology refuses (an internal load balancer without a private annotation under provider generic): generate would refuse it',
    fix: 'fix the topology as the message says, then run gwtopo validate',
    example: { text: 'gwtopo import dp.yaml cp.yaml --provider generic   # an internal LoadBalancer without a private annotation' },
  },
  // ---- fleets and profiles: docs/fleets.md
  'registration-conflict': {
    severity: 'error',
    summary: 'no two topologies write the same DataPlane, ClusterDataPlane or Environment (kind, namespace, name) on the one control plane',
    why: "two GitOps syncs server-side-applying one object's spec.gateway undo each other: last writer wins, and with self-heal they flap forever",
    fix: "give each cluster a data plane of its own (spec.dataPlane.name), and register an environment's gateways from one cluster only (or rename the environment or its namespace)",
    example: { text: 'topologies/eu/topology.yaml and topologies/us/topology.yaml both without spec.dataPlane.name: both register DataPlane default/default' },
  },
  'gateway-conflict': {
    severity: 'error',
    summary: 'no two topologies render the same Gateway (namespace, name) into one GitOps destination',
    why: 'two Applications (or Kustomizations) would own the same Gateway and its parameters and overwrite each other',
    fix: 'rename one of the gateways or use another spec.gatewayNamespace; if the topologies mean different clusters, set spec.destination',
    example: { text: 'two topologies with spec.destination: prod-eks both rendering Gateway openchoreo-data-plane/gateway-internal' },
  },
  profile: {
    severity: 'error',
    summary: 'spec.profiles lists existing profiles (topologies/_profiles/<name>.yaml), each once',
    why: 'a missing profile would silently drop the gateways and settings the cluster is meant to share',
    fix: 'fix the profile name (the message suggests the closest), create the profile file, or remove the duplicate entry',
    example: { text: 'spec.profiles: [eks-standrad] where topologies/_profiles/ holds eks-standard.yaml' },
  },
  'profile-name': {
    severity: 'error',
    summary: "a profile's file name is a DNS-1123 label and its metadata.name equals it",
    why: 'topologies list profiles by name: the file and the name must say the same',
    fix: 'rename the file or set metadata.name so that both are the same lower-case DNS label',
    example: { text: 'topologies/_profiles/EKS.yaml, or topologies/_profiles/eks.yaml with metadata.name: eks-standard' },
  },
  'profile-merge': {
    severity: 'error',
    summary: '$patch is delete, alone with the name of the entry it removes',
    why: 'other directives (replace, merge) are not part of the format: gwtopo would have to guess what they mean',
    fix: 'write {name: X, $patch: delete} to remove an inherited entry, and key: null to remove an inherited key',
    example: { text: 'a gateway entry {name: edge, $patch: replace, listeners: [...]} in a topology or a profile' },
  },
  'profile-merge-noop': {
    severity: 'warning',
    summary: 'a $patch: delete or a null removes something a profile listed earlier wrote',
    why: 'a removal that removes nothing is a typo or a leftover, and the entry it meant is still there',
    fix: 'fix the name or the order of spec.profiles, or remove the directive',
    example: { text: 'a topology with {name: gone, $patch: delete} where no profile has a gateway gone' },
  },
  'profile-unused': {
    severity: 'warning',
    summary: 'every profile is listed by a topology',
    why: 'an unused profile is dead configuration a reader assumes is in effect',
    fix: 'list the profile in the spec.profiles of the topologies it is meant for, or delete the file',
    example: { text: 'topologies/_profiles/gke-standard.yaml, listed by no topology' },
  },
  // ---- OpenChoreo runtime parity: docs/decisions.md, "OpenChoreo runtime parity"
  'advertised-port': {
    severity: 'error',
    summary: 'two listeners of one gateway advertised on one port listen on one port',
    why: 'one client port reaches one listener port: OpenChoreo would publish URLs that only one of the listeners answers',
    fix: 'advertise the listeners on different ports, or let them listen on the same port',
    example: {
      topology: `apiVersion: gwtopo/v1alpha1\nkind: GatewayTopology\nmetadata:\n  name: example\nspec:\n  gateways:\n    - name: edge\n      direction: ingress\n      networking: external\n      scope: dataplane\n      listeners:\n        - {protocol: HTTP, port: 8080, advertisedPort: 80, host: a.example.com}\n        - {protocol: HTTPS, port: 8443, advertisedPort: 80, host: a.example.com, tls: {certificateRefs: [{name: c}]}}\n`,
    },
  },
  'advertised-port-clusterip': {
    severity: 'warning',
    summary: 'a ClusterIP gateway is advertised on its listener port',
    why: "in-cluster clients reach a ClusterIP Service on the listener's port: OpenChoreo would publish URLs with a port nothing answers",
    fix: 'remove advertisedPort: it is for ports something in front of the gateway maps (a NodePort, k3d, a load balancer that forwards another port)',
    example: { text: 'an internal gateway (ClusterIP) with a listener {port: 9080, advertisedPort: 80}' },
  },
  'k3d-default-port': {
    severity: 'warning',
    summary: 'on k3d, a listener advertised on 19080 or 19443 listens on that port too',
    why: "OpenChoreo's k3d setup maps host ports 19080 and 19443 to the same load-balancer ports: a listener elsewhere gets no traffic from them",
    fix: 'listen on the advertised port, or map the host port to the listener port when creating the cluster',
    example: { text: 'provider: k3d and a LoadBalancer listener {port: 8080, advertisedPort: 19080}' },
  },
  'environment-override': {
    severity: 'warning',
    summary: "an Environment with an ingress slot of its own gets copies of the data plane's other ingress gateways, or a warning when gwtopo cannot know them",
    why: "OpenChoreo resolves an Environment's endpoint URLs from its spec.gateway alone once it has any ingress slot: without copies, its internal (or external) URLs go missing",
    fix: "declare the data plane's gateways in this topology (managed: false registers an existing one without rendering it): gwtopo then copies them onto the Environment",
    example: { text: "a topology with only an environment gateway (scope: environment) and no data-plane gateway: the data plane's registration is someone else's" },
  },
  'envoy-service-name': {
    severity: 'error',
    summary: 'an envoy-gateway gateway whose EnvoyProxy names its Service is not called envoy-gateway',
    why: "that is the name of Envoy Gateway's own controller Service in the same namespace: the two would collide",
    fix: 'rename the gateway',
    example: { text: 'an internal envoy-gateway gateway named envoy-gateway' },
  },
  'envoy-gateway-settings': {
    severity: 'warning',
    summary: 'spec.envoyGateway is read only when a gateway uses the envoy-gateway module',
    why: 'a setting nothing reads is likely a mistake (a profile shared by clusters on several modules may carry it, so it is a warning)',
    fix: 'remove spec.envoyGateway, or use the envoy-gateway module where it is meant',
    example: { text: 'spec.envoyGateway.namespace in a topology whose gateways all use kgateway' },
  },
  'helm-owned-gateway': {
    severity: 'warning',
    summary: "a managed gateway is not named gateway-default in the data-plane chart's namespace",
    why: "OpenChoreo's data-plane Helm chart renders that Gateway: two owners would overwrite each other",
    fix: "register the chart's gateway with managed: false, or give yours another name",
    example: { text: 'a gateway gateway-default without managed: false, in namespace openchoreo-data-plane' },
  },
  'preset-overridden': {
    severity: 'warning',
    summary: "an annotation of yours replaces a provider preset's value (both values, and what the cloud controller then does)",
    why: 'a replaced preset can silently hand the Service to another load-balancer controller or change its scheme',
    fix: 'remove the annotation to keep the preset, or keep it if the other load balancer is what you mean (accept the warning)',
    example: { text: 'provider: aws-lbc and service.annotations: {service.beta.kubernetes.io/aws-load-balancer-type: nlb}' },
  },
  usage: {
    severity: 'error',
    summary: 'the command line names a known command, options that apply to it, and valid values',
    why: 'gwtopo does nothing rather than guess what was meant',
    fix: 'follow the hint; gwtopo <command> --help lists every option with its values',
    example: { text: 'gwtopo check --format markdown' },
  },
} as const satisfies Record<string, RuleEntry>;

export type RuleId = keyof typeof CATALOG;

export const RULE_IDS = Object.keys(CATALOG).sort() as RuleId[];

export function ruleEntry(id: string): RuleEntry | undefined {
  return Object.hasOwn(CATALOG, id) ? (CATALOG as Record<string, RuleEntry>)[id] : undefined;
}
