// Service annotation presets per provider (TOPOLOGY.md §6): what makes a LoadBalancer private for an
// internal gateway, and public for an external one where the cloud's default is private.

import { docUrl } from '../support/docs.js';
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
 * What the cloud controller does when a user annotation replaces a provider preset's value with `value`. A value
 * under which the cloud contradicts the gateway's networking is not described here: rule lb-networking refuses it.
 */
export function presetOverrideEffect(key: string, value: string): string {
  const v = value.toLowerCase();
  if (key === AWS_LBC_TYPE) {
    if (v === 'nlb-ip') return "nlb-ip is the AWS Load Balancer Controller's deprecated spelling of external with IP targets: the controller still provisions the Network Load Balancer";
    const instead = v === 'nlb' ? 'a Network Load Balancer with instance targets' : 'a Classic Load Balancer';
    // An internal gateway left without aws-load-balancer-internal would be internet-facing: lb-networking refuses that.
    return `the AWS Load Balancer Controller provisions only Services annotated external (or given its loadBalancerClass): with ${JSON.stringify(value)} the in-tree cloud controller takes the Service back and creates a different load balancer, ${instead}, which ignores the controller's nlb-target-type and scheme annotations`;
  }
  if (key === AWS_LBC_TARGET) {
    return v === 'instance'
      ? "the Network Load Balancer targets the nodes' NodePorts instead of the pods' IPs: one more hop, and the Service needs node ports"
      : `the AWS Load Balancer Controller accepts ip or instance: with ${JSON.stringify(value)} it does not provision the load balancer`;
  }
  if (key === AWS_LBC_SCHEME) return `the AWS Load Balancer Controller accepts internal or internet-facing: with ${JSON.stringify(value)} it does not provision the load balancer`;
  // The other presets ask an internal gateway's cloud for a private load balancer; a value under which the cloud
  // would not make it private is lb-networking's error, so this one keeps it private as gwtopo reads the cloud.
  return `the cloud controller still reads it as a request for a private load balancer (${docUrl('providers.md', 'internal-stays-internal-lb-networking')} lists the values each cloud accepts)`;
}

/** What a cloud makes of a LoadBalancer Service's annotations, and which annotations decided it. */
export interface CloudNetworking {
  networking: Networking;
  /** The annotation keys that decided it (the first one is the one to point at). */
  by: readonly string[];
  /** How the cloud controller reads them, for a message. */
  why: string;
}

const AWS_INTERNAL = 'service.beta.kubernetes.io/aws-load-balancer-internal';
const GKE_TYPE = 'networking.gke.io/load-balancer-type';
const GKE_LEGACY_TYPE = 'cloud.google.com/load-balancer-type';
const AZURE_INTERNAL = 'service.beta.kubernetes.io/azure-load-balancer-internal';
const OCI_TYPE = 'oci.oraclecloud.com/load-balancer-type';
const OCI_INTERNAL = 'service.beta.kubernetes.io/oci-load-balancer-internal';
const OCI_NLB_INTERNAL = 'oci-network-load-balancer.oraclecloud.com/internal';
const DO_NETWORK = 'service.beta.kubernetes.io/do-loadbalancer-network';
const IBM_IP_TYPE = 'service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type';
const ALIBABA_ADDRESS_TYPE = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type';
const OPENSTACK_INTERNAL = 'service.beta.kubernetes.io/openstack-internal-load-balancer';

const lower = (annotations: StringMap, key: string): string | undefined => annotations[key]?.toLowerCase();

/**
 * The in-tree AWS cloud provider: a load balancer is internal when aws-load-balancer-internal is set to anything
 * but "false" (kubernetes/cloud-provider-aws, ensureLoadBalancer: `internalAnnotation != "" && != "false"`).
 */
function awsInTree(annotations: StringMap, prefix = ''): CloudNetworking {
  const value = annotations[AWS_INTERNAL];
  const internal = value !== undefined && value !== '' && value !== 'false';
  return {
    networking: internal ? 'internal' : 'external',
    by: [AWS_INTERNAL],
    why: `${prefix}the in-tree AWS cloud controller makes a load balancer internal only when ${AWS_INTERNAL} is set (to anything but "false")`,
  };
}

/**
 * What each cloud's controller makes of the annotations a LoadBalancer Service ends up with (the provider's preset
 * with the user's annotations over it); undefined for providers that name no cloud (generic, k3d). Sources per
 * provider: docs/providers.md.
 */
export function cloudNetworking(provider: ProviderId, annotations: StringMap): CloudNetworking | undefined {
  switch (provider) {
    case 'generic':
    case 'k3d':
      return undefined;
    case 'aws':
      return awsInTree(annotations);
    case 'aws-lbc': {
      // Both controllers compare the type exactly (checkAWSLoadBalancerTypeAnnotation; the in-tree isLBExternal).
      const type = annotations[AWS_LBC_TYPE];
      if (type !== 'external' && type !== 'nlb-ip') {
        return awsInTree(
          annotations,
          `with ${AWS_LBC_TYPE}: ${JSON.stringify(annotations[AWS_LBC_TYPE] ?? '')} the AWS Load Balancer Controller leaves the Service to the in-tree cloud controller, and `,
        );
      }
      // The controller's scheme wins over the deprecated aws-load-balancer-internal; its default is internal.
      const scheme = lower(annotations, AWS_LBC_SCHEME);
      if (scheme === 'internet-facing' || scheme === 'internal')
        return { networking: scheme === 'internal' ? 'internal' : 'external', by: [AWS_LBC_SCHEME], why: `the AWS Load Balancer Controller takes the load balancer's scheme from ${AWS_LBC_SCHEME}` };
      const legacy = annotations[AWS_INTERNAL];
      if (legacy !== undefined)
        return {
          networking: legacy.toLowerCase() === 'true' ? 'internal' : 'external',
          by: [AWS_INTERNAL],
          why: `the AWS Load Balancer Controller reads the deprecated ${AWS_INTERNAL} when no scheme is given`,
        };
      return { networking: 'internal', by: [AWS_LBC_SCHEME, AWS_LBC_TYPE], why: 'the AWS Load Balancer Controller defaults to the internal scheme' };
    }
    case 'gcp': {
      const key = annotations[GKE_TYPE] !== undefined ? GKE_TYPE : annotations[GKE_LEGACY_TYPE] !== undefined ? GKE_LEGACY_TYPE : GKE_TYPE;
      // GetLoadBalancerAnnotationType accepts Internal and internal, nothing else.
      const value = annotations[key];
      return {
        networking: value === 'Internal' || value === 'internal' ? 'internal' : 'external',
        by: [key],
        why: `GKE creates an internal passthrough load balancer only for ${key}: Internal (or internal); any other value, or none, gives an external one`,
      };
    }
    case 'azure':
      // requiresInternalLoadBalancer: l == "true", exactly.
      return {
        networking: annotations[AZURE_INTERNAL] === 'true' ? 'internal' : 'external',
        by: [AZURE_INTERNAL],
        why: `Azure's cloud provider makes a load balancer internal only for ${AZURE_INTERNAL}: "true" (exactly)`,
      };
    case 'oci': {
      if (lower(annotations, OCI_TYPE) === 'nlb') {
        return {
          networking: lower(annotations, OCI_NLB_INTERNAL) === 'true' ? 'internal' : 'external',
          by: [OCI_NLB_INTERNAL, OCI_TYPE],
          why: `with ${OCI_TYPE}: nlb, OCI makes a network load balancer private only for ${OCI_NLB_INTERNAL}: "true"`,
        };
      }
      return {
        networking: lower(annotations, OCI_INTERNAL) === 'true' ? 'internal' : 'external',
        by: [OCI_INTERNAL, OCI_TYPE],
        why: `OCI makes a load balancer private only for ${OCI_INTERNAL}: "true"`,
      };
    }
    case 'digitalocean':
      return {
        networking: lower(annotations, DO_NETWORK) === 'internal' ? 'internal' : 'external',
        by: [DO_NETWORK],
        why: `DigitalOcean makes a load balancer internal only for ${DO_NETWORK}: INTERNAL (the default is EXTERNAL)`,
      };
    case 'ibm':
      return {
        networking: lower(annotations, IBM_IP_TYPE) === 'private' ? 'internal' : 'external',
        by: [IBM_IP_TYPE],
        why: `IBM Cloud makes a load balancer private only for ${IBM_IP_TYPE}: private (the default is public)`,
      };
    case 'alibaba':
      return {
        networking: lower(annotations, ALIBABA_ADDRESS_TYPE) === 'intranet' ? 'internal' : 'external',
        by: [ALIBABA_ADDRESS_TYPE],
        why: `Alibaba Cloud makes a load balancer private only for ${ALIBABA_ADDRESS_TYPE}: intranet (the default is internet)`,
      };
    case 'openstack':
      // getBoolFromServiceAnnotation: "true" or "false" exactly; anything else is the default, false.
      return {
        networking: annotations[OPENSTACK_INTERNAL] === 'true' ? 'internal' : 'external',
        by: [OPENSTACK_INTERNAL],
        why: `OpenStack's cloud provider makes a load balancer internal only for ${OPENSTACK_INTERNAL}: "true" (exactly)`,
      };
  }
}
