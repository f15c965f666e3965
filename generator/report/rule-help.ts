// What each rule id means and how to fix what it finds, for formats that carry rule documentation (SARIF:
// tool.driver.rules, shown by code-scanning tools next to each result). The ids are those of
// docs/topology.md ("Validation rules") plus the findings of `check`; a test keeps the two in step.

export interface RuleHelp {
  /** What the rule checks, in one line. */
  summary: string;
  /** How to fix what it finds. */
  help: string;
}

const YAML_HELP = 'Fix the YAML at the reported line: one document per file, no duplicate keys, plain maps and lists (no tags, no complex keys), few aliases.';

export const RULE_HELP: Readonly<Record<string, RuleHelp>> = {
  yaml: { summary: 'The file is well-formed YAML.', help: YAML_HELP },
  'yaml-empty': { summary: 'The file holds a document.', help: 'Write the topology (gwtopo init CLUSTER scaffolds one) or remove the empty file.' },
  'yaml-documents': { summary: 'The file holds exactly one YAML document.', help: 'Keep one document per file: remove the extra "---" sections, or move them to their own cluster folder.' },
  'yaml-duplicate-key': { summary: 'No key appears twice in one map.', help: 'Remove or merge the duplicate key: YAML parsers disagree on which value wins.' },
  'yaml-aliases': { summary: 'Anchors and aliases stay within 100 expansions.', help: 'Write the values out instead of nesting aliases (a guard against alias bombs).' },
  encoding: { summary: 'The file is UTF-8 and at most 1 MiB.', help: 'Save the file as UTF-8 (a byte-order mark is fine) and keep it under 1 MiB.' },
  layout: { summary: 'topologies/<cluster>/topology.yaml is where gwtopo looks.', help: 'Put each cluster in topologies/<cluster>/topology.yaml; remove loose files and empty cluster folders.' },
  schema: { summary: 'Shape, types, enums, patterns and ranges of schemas/topology.schema.json (or gwtopo.schema.json).', help: 'Change the value at the reported path to what the message asks for; unknown fields come with a "did you mean" suggestion. Editors validate while you type with the schema modeline.' },
  'name-length': { summary: 'A DataPlane or Environment name fits a file name.', help: 'Use a shorter name: <name>.<kind>.yaml must stay within 255 bytes.' },
  'cluster-name': { summary: 'The folder is a DNS-1123 label and metadata.name equals it.', help: 'Rename the folder or metadata.name so both are the same lower-case DNS label.' },
  'cluster-not-found': { summary: 'Every --cluster names a topology.', help: 'Name a folder under topologies/ (or a removed cluster whose output is still in overlays/).' },
  'dataplane-namespace': { summary: 'A ClusterDataPlane has no namespace.', help: 'Remove spec.dataPlane.namespace, or use kind DataPlane.' },
  'k3d-settings': { summary: 'spec.k3d only with provider k3d.', help: 'Remove spec.k3d, or set spec.provider: k3d.' },
  'unique-environments': { summary: 'Environment names are unique.', help: 'Remove or rename the duplicate environment.' },
  'unique-gateways': { summary: 'Gateway names are unique within a cluster.', help: 'Rename one of the gateways: the name is also the Gateway and its Service.' },
  'unique-listener-names': { summary: 'Listener names are unique within a gateway.', help: 'Rename one of the listeners.' },
  'environment-scope': { summary: 'environment is set exactly for scope: environment.', help: 'Set environment on gateways with scope: environment, and only there.' },
  'environment-reference': { summary: 'A gateway\'s environment is listed in spec.environments.', help: 'Add the environment to spec.environments, or fix the name.' },
  'gateway-slot': { summary: 'At most one gateway per (direction, networking) for the data plane and for each environment.', help: 'spec.gateway holds one gateway per slot: move one gateway to another slot, scope or environment, or remove it.' },
  'listener-protocol': { summary: 'At most one listener per protocol.', help: 'OpenChoreo registers one listener per protocol (http, https, tls): merge or remove the extra listener.' },
  'listener-port': { summary: 'Two listeners share a port only if both are HTTPS/TLS with different hostnames.', help: 'Give the listener its own port, or make both HTTPS/TLS with different hostnames.' },
  'listener-tls': { summary: 'HTTPS terminates with certificates; TLS passes through without them; HTTP has no tls.', help: 'Add tls.certificateRefs to HTTPS listeners, remove them from TLS passthrough listeners, and remove tls from HTTP listeners.' },
  'host-required': { summary: 'A host is given wherever it has no default.', help: 'Set host to the DNS name clients use for this listener; only internal ClusterIP gateways default to their Service name.' },
  'external-clusterip': { summary: 'An external gateway is not a ClusterIP Service.', help: 'Use service.type LoadBalancer or NodePort, or make the gateway internal.' },
  'internal-lb-private': { summary: 'With provider generic, an internal LoadBalancer carries a private-load-balancer annotation.', help: 'Add your cloud\'s internal-load-balancer annotation to service.annotations, or set spec.provider so gwtopo adds it.' },
  'lb-networking': { summary: 'Service annotations do not contradict the gateway\'s networking.', help: 'Remove the annotation that makes an internal load balancer internet-facing (or an external one private), or change networking.' },
  'k3d-port-conflict': { summary: 'On k3d, no two LoadBalancer gateways share a listener port.', help: 'Move one gateway to another port: k3d\'s load balancer binds host ports.' },
  'reserved-label': { summary: 'openchoreo.dev/system-component is gwtopo\'s to set.', help: 'Remove the label: gwtopo always sets it, OpenChoreo\'s NetworkPolicy needs it.' },
  'module-unsupported': { summary: 'The gateway module can express the Service settings.', help: 'Remove the setting, configure it where the module expects it (the message says where), or pick another module for this gateway.' },
  'infrastructure-limits': { summary: 'At most 8 infrastructure labels and 8 annotations per Gateway.', help: 'Drop labels or annotations: Gateway API caps spec.infrastructure at 8 of each, the system-component label and provider presets included.' },
  'gateway-classes': { summary: 'spec.gatewayClasses names are unique and used.', help: 'Remove the duplicate or unused class, or point a cilium gateway\'s gatewayClassName at it.' },
  'control-plane-mode': { summary: 'spec.controlPlane.base is given exactly in patch mode.', help: 'Set base with mode: patch; remove it with mode: apply.' },
  'patch-base': { summary: 'In patch mode the base is a local kustomization holding every patched object.', help: 'Point base at a kustomization folder of the repository that holds the DataPlane/Environment objects the topology registers on; declare gateways the base already registers.' },
  config: { summary: 'gwtopo.yaml is consistent: a repository with engines, settings only for enabled engines.', help: 'Follow the message: add spec.repository, enable the engine whose settings you give, or give Flux the secretRef an SSH URL needs.' },
  'crd-invalid': { summary: 'A rendered object passes its cluster\'s CRD as the API server would: schema (defaults first) and CEL rules; in diff, transition rules too.', help: 'Change the value at the topology line reported so the object passes; if the cluster\'s CRDs are older than the set assumes, upgrade them on the cluster and capture them again, or point spec.crds at the set the cluster runs (docs/schema-sets.md).' },
  'crd-missing': { summary: 'The cluster\'s schema set has a CRD, and a served version, for every kind rendered for it.', help: 'Install the CRDs the hint names on the cluster (and capture them again), or choose the set the cluster runs with spec.crds.' },
  'crd-not-checked': { summary: 'A CEL rule the object reaches could not be evaluated offline.', help: 'The API server still evaluates it: check the value by hand or with kubectl apply --dry-run=server (docs/schema-sets.md, "Not checked").' },
  'schema-set': { summary: 'spec.crds names a builtin schema set or a file or folder of CRDs; gwtopo.yaml\'s cluster patterns match clusters.', help: 'Name openchoreo-v1.2 or openchoreo-v1.1, or the path (from the repository root) of the CRDs kubectl get crd -o yaml printed; fix or remove a pattern that matches no cluster.' },
  'conform-input': { summary: 'gwtopo conform reads UTF-8 YAML of Kubernetes objects (a map with apiVersion and kind per document).', help: 'Give Kubernetes manifests: files, folders or - for standard input, at most 256 MiB each.' },
  'registration-conflict': { summary: 'No two topologies write the same DataPlane, ClusterDataPlane or Environment on the one control plane.', help: 'Give each cluster a data plane of its own (spec.dataPlane.name), and register an environment\'s gateways from one cluster only (or rename the environment or its namespace).' },
  'gateway-conflict': { summary: 'No two topologies render the same Gateway into one GitOps destination.', help: 'Rename one of the gateways or use another spec.gatewayNamespace; if the topologies mean different clusters, set spec.destination.' },
  profile: { summary: 'spec.profiles lists existing profiles (topologies/_profiles/<name>.yaml), each once.', help: 'Fix the profile name (the message suggests the closest), create the profile file, or remove the duplicate entry.' },
  'profile-name': { summary: 'A profile file name is a DNS-1123 label and its metadata.name equals it.', help: 'Rename the file or set metadata.name so that both are the same lower-case DNS label.' },
  'profile-merge': { summary: '$patch is delete, alone with the name; a $patch: delete or null removes something inherited.', help: 'Write {name: X, $patch: delete} to remove an inherited entry and key: null to remove an inherited key; remove directives that remove nothing, or fix the name or the order of spec.profiles.' },
  'profile-unused': { summary: 'Every profile is listed by a topology.', help: 'List the profile in the spec.profiles of the topologies it is meant for, or delete the file.' },
  'foreign-file': { summary: 'gwtopo never overwrites or deletes a file it did not generate.', help: 'Move your file out of gwtopo\'s way, or delete it if it is an old copy of generated output.' },
  symlink: { summary: 'No symbolic link leads out of the repository, and gwtopo writes through none.', help: 'Replace the link with the file or folder itself.' },
  lock: { summary: 'One gwtopo generate at a time.', help: 'Wait for the other run, or remove overlays/.gwtopo.lock if no run is active.' },
  git: { summary: 'gwtopo diff can read the revisions.', help: 'Run inside the repository and fetch the base revision (in CI: actions/checkout with fetch-depth: 0).' },
  ack: { summary: 'Acknowledgements name destructive impact notes of this diff.', help: 'Use the ids the diff prints (<note>:<cluster>/<gateway>); remove stale gwtopo-ack lines.' },
  'unmanaged-unused': { summary: 'Settings on a managed: false gateway that gwtopo would not render.', help: 'Set them where the gateway is installed (e.g. the Helm values), or make the gateway managed.' },
  'host-hostname': { summary: 'The registered host lies inside the listener\'s hostname filter.', help: 'Change host or hostname so the host matches the filter: routes for it would not match otherwise.' },
  'certificate-namespace': { summary: 'A certificate in another namespace needs a ReferenceGrant.', help: 'Create a ReferenceGrant in the certificate\'s namespace, or move the Secret next to the gateway.' },
  'preset-not-applied': { summary: 'Provider annotations cannot reach a Service the module\'s install owns.', help: 'Set the annotations in the module\'s install (its Helm values).' },
  drift: { summary: 'overlays/ holds what the topologies render.', help: 'Run gwtopo generate and commit the result.' },
  'line-endings': { summary: 'A generated file differs only in line endings.', help: 'Set "* text=auto eol=lf" in .gitattributes (or core.autocrlf=false) and check the file out again; regenerating will not help.' },
};

/** The help of a rule; a rule this table does not know yet gets a pointer to the documentation. */
export function ruleHelp(rule: string): RuleHelp {
  return RULE_HELP[rule] ?? { summary: `gwtopo rule ${rule}.`, help: 'See "Validation rules" in docs/topology.md.' };
}
