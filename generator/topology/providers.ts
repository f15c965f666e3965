// Service annotation presets per provider (TOPOLOGY.md §6): what makes a LoadBalancer private for an
// internal gateway, and public for an external one where the cloud's default is private.
import type { Networking, ProviderId, StringMap } from './types.js';

export interface ProviderPreset {
  internal: StringMap;
  external: StringMap;
}

const AWS_LBC = {
  'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
  'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
};

const PROVIDERS: Readonly<Record<ProviderId, ProviderPreset>> = {
  generic: { internal: {}, external: {} },
  k3d: { internal: {}, external: {} },
  aws: { internal: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' }, external: {} },
  'aws-lbc': {
    internal: { ...AWS_LBC, 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' },
    // The AWS Load Balancer Controller defaults to an internal scheme: external gateways must ask for internet-facing.
    external: { ...AWS_LBC, 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' },
  },
  gcp: { internal: { 'networking.gke.io/load-balancer-type': 'Internal' }, external: {} },
  azure: { internal: { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' }, external: {} },
  oci: { internal: { 'service.beta.kubernetes.io/oci-load-balancer-internal': 'true' }, external: {} },
  digitalocean: { internal: { 'service.beta.kubernetes.io/do-loadbalancer-network': 'INTERNAL' }, external: {} },
  ibm: { internal: { 'service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type': 'private' }, external: {} },
  alibaba: { internal: { 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type': 'intranet' }, external: {} },
  openstack: { internal: { 'service.beta.kubernetes.io/openstack-internal-load-balancer': 'true' }, external: {} },
};

export const PROVIDER_IDS = Object.keys(PROVIDERS).sort() as ProviderId[];

/** The preset annotations for a LoadBalancer gateway of this networking on this provider. */
export function presetAnnotations(provider: ProviderId, networking: Networking): StringMap {
  return PROVIDERS[provider][networking];
}

/**
 * Annotations known to make a cloud load balancer private, for provider `generic` (where gwtopo
 * cannot know the cloud): the presets above plus other documented forms. Values compare case-insensitively;
 * `undefined` accepts any value (the annotation names a private subnet).
 */
const PRIVATE_LB_ANNOTATIONS: ReadonlyArray<readonly [string, string | undefined]> = [
  ['service.beta.kubernetes.io/aws-load-balancer-internal', 'true'],
  ['service.beta.kubernetes.io/aws-load-balancer-scheme', 'internal'],
  ['networking.gke.io/load-balancer-type', 'internal'],
  ['cloud.google.com/load-balancer-type', 'internal'],
  ['service.beta.kubernetes.io/azure-load-balancer-internal', 'true'],
  ['service.beta.kubernetes.io/oci-load-balancer-internal', 'true'],
  ['oci-network-load-balancer.oraclecloud.com/internal', 'true'],
  ['service.beta.kubernetes.io/do-loadbalancer-network', 'internal'],
  ['service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type', 'private'],
  ['service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type', 'intranet'],
  ['service.beta.kubernetes.io/openstack-internal-load-balancer', 'true'],
  ['service.beta.kubernetes.io/cce-load-balancer-internal-vpc', 'true'],
  ['service.kubernetes.io/qcloud-loadbalancer-internal-subnetid', undefined],
];

/** The annotation that makes the load balancer private, if the map holds one. */
export function privateLoadBalancerAnnotation(annotations: StringMap): string | undefined {
  for (const [key, value] of PRIVATE_LB_ANNOTATIONS) {
    const given = annotations[key];
    if (given !== undefined && (value === undefined || given.toLowerCase() === value.toLowerCase())) return key;
  }
  return undefined;
}

/** Annotation values known to make a cloud load balancer internet-facing (values compare case-insensitively). */
const PUBLIC_LB_ANNOTATIONS: ReadonlyArray<readonly [string, string]> = [
  ['service.beta.kubernetes.io/aws-load-balancer-internal', 'false'],
  ['service.beta.kubernetes.io/aws-load-balancer-scheme', 'internet-facing'],
  ['service.beta.kubernetes.io/azure-load-balancer-internal', 'false'],
  ['service.beta.kubernetes.io/oci-load-balancer-internal', 'false'],
  ['oci-network-load-balancer.oraclecloud.com/internal', 'false'],
  ['service.beta.kubernetes.io/do-loadbalancer-network', 'external'],
  ['service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type', 'public'],
  ['service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type', 'internet'],
  ['service.beta.kubernetes.io/openstack-internal-load-balancer', 'false'],
];

/** The annotation that makes the load balancer internet-facing, if the map holds one. */
export function publicLoadBalancerAnnotation(annotations: StringMap): string | undefined {
  for (const [key, value] of PUBLIC_LB_ANNOTATIONS) {
    if (annotations[key]?.toLowerCase() === value) return key;
  }
  return undefined;
}

const AWS_LBC_TYPE = 'service.beta.kubernetes.io/aws-load-balancer-type';
const AWS_LBC_TARGET = 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type';
const AWS_LBC_SCHEME = 'service.beta.kubernetes.io/aws-load-balancer-scheme';

/**
 * What the cloud controller does when a user annotation replaces a provider preset's value with `value`,
 * given the gateway's networking and the annotations the Service ends up with. A value that contradicts the
 * networking is not described here: rule lb-networking refuses it.
 */
export function presetOverrideEffect(key: string, value: string, networking: Networking, effective: StringMap): string {
  const v = value.toLowerCase();
  if (key === AWS_LBC_TYPE) {
    if (v === 'nlb-ip') return "nlb-ip is the AWS Load Balancer Controller's deprecated spelling of external with IP targets: the controller still provisions the Network Load Balancer";
    const instead = v === 'nlb' ? 'a Network Load Balancer with instance targets' : 'a Classic Load Balancer';
    // The in-tree controller makes a load balancer private by aws-load-balancer-internal only.
    const exposed = networking === 'internal' && effective['service.beta.kubernetes.io/aws-load-balancer-internal']?.toLowerCase() !== 'true';
    return `the AWS Load Balancer Controller provisions only Services annotated external (or given its loadBalancerClass): with ${JSON.stringify(value)} the in-tree cloud controller takes the Service back and creates a different load balancer, ${instead}, which ignores the controller's nlb-target-type and scheme annotations${
      exposed ? '; it makes a load balancer private only by service.beta.kubernetes.io/aws-load-balancer-internal: "true", so this internal gateway\'s would be internet-facing' : ''
    }`;
  }
  if (key === AWS_LBC_TARGET) {
    return v === 'instance'
      ? "the Network Load Balancer targets the nodes' NodePorts instead of the pods' IPs: one more hop, and the Service needs node ports"
      : `the AWS Load Balancer Controller accepts ip or instance: with ${JSON.stringify(value)} it does not provision the load balancer`;
  }
  if (key === AWS_LBC_SCHEME) return `the AWS Load Balancer Controller accepts internal or internet-facing: with ${JSON.stringify(value)} it does not provision the load balancer`;
  // The other presets ask an internal gateway's cloud for a private load balancer.
  if (networking === 'internal' && privateLoadBalancerAnnotation(effective) === undefined) {
    return "the cloud controller no longer reads a request for a private load balancer from the Service: this internal gateway's load balancer may be internet-facing";
  }
  return 'gwtopo still reads it as a request for a private load balancer (values compare case-insensitively): check that the cloud controller accepts this spelling';
}
