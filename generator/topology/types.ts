// The resolved model of one cluster: every default applied, every list in canonical order.
// Renderers read only this; they never see YAML or apply defaults themselves.

export type Direction = 'ingress' | 'egress';
export type Networking = 'external' | 'internal';
export type Scope = 'dataplane' | 'environment';
export type ServiceType = 'ClusterIP' | 'LoadBalancer' | 'NodePort';
export type Protocol = 'HTTP' | 'HTTPS' | 'TLS';
export type TlsMode = 'Terminate' | 'Passthrough';
export type AllowedRoutes = 'All' | 'Same';
export type DataPlaneKind = 'DataPlane' | 'ClusterDataPlane';
export type ModuleId = 'kgateway' | 'envoy-gateway' | 'nginx-gateway-fabric' | 'istio' | 'cilium' | 'traefik' | 'kong';
export type ProviderId = 'generic' | 'k3d' | 'aws' | 'aws-lbc' | 'gcp' | 'azure' | 'oci' | 'digitalocean' | 'ibm' | 'alibaba' | 'openstack';

export type StringMap = Readonly<Record<string, string>>;

interface CertificateRef {
  name: string;
  namespace?: string;
}

export interface ListenerModel {
  name: string;
  protocol: Protocol;
  /** The port the Gateway listens on. */
  port: number;
  /** The port clients use and OpenChoreo registers (listeners[].advertisedPort, default: port). */
  advertisedPort: number;
  /** The virtual host OpenChoreo registers (explicit, or the in-cluster Service name). */
  host: string;
  hostname?: string;
  allowedRoutes: AllowedRoutes;
  tls?: { mode: TlsMode; certificateRefs: CertificateRef[] };
  /** Where the listener is in the topology (for problems found in the rendered output). */
  path: ReadonlyArray<string | number>;
}

export interface ServiceModel {
  /** Undefined for modules whose install provides the Service (traefik, kong). */
  type?: ServiceType;
  /** Provider preset merged with the user's annotations (the user's win). */
  annotations: StringMap;
  labels: StringMap;
}

export interface GatewayModel {
  name: string;
  /** The gateway module rendering it (its own, or the cluster's). */
  module: ModuleId;
  direction: Direction;
  networking: Networking;
  scope: Scope;
  /** Set when scope is environment. */
  environment?: string;
  managed: boolean;
  /** WebSocket upgrades on its listeners (kgateway renders a ListenerPolicy for them; other modules always upgrade). */
  websocket: boolean;
  gatewayClassName: string;
  /** The parameters resource's name, where the module renders one (gateways[].parametersName, default <gateway>-params). */
  parametersName: string;
  service: ServiceModel;
  /** Sorted by name. */
  listeners: ListenerModel[];
  /** Where the gateway is in the topology (for problems found after the model is built). */
  path: ReadonlyArray<string | number>;
}

export interface DataPlaneRef {
  kind: DataPlaneKind;
  name: string;
  /** Absent for a ClusterDataPlane. */
  namespace?: string;
}

interface EnvironmentModel {
  name: string;
  namespace: string;
}

export interface ClusterModel {
  cluster: string;
  /** The topology file, relative to the root. */
  source: string;
  module: ModuleId;
  provider: ProviderId;
  gatewayNamespace: string;
  dataPlane: DataPlaneRef;
  /** Sorted by name. */
  environments: EnvironmentModel[];
  /** Sorted by name. */
  gateways: GatewayModel[];
  /** The cluster's name in the GitOps engines (spec.destination, default: the cluster). */
  destination: string;
  /** How the control-plane overlay registers gateways. */
  controlPlane: { mode: 'apply' } | { mode: 'patch'; base: string };
  /** spec.gatewayClasses: GatewayClasses with a class-level Service type (cilium), sorted by name. */
  gatewayClasses: { name: string; serviceType: ServiceType }[];
  /** Set for provider k3d. */
  k3d?: { clusterName: string };
  /** spec.crds: the schema set the topology names for itself (gwtopo.yaml's, or the builtin default, otherwise). */
  crds?: string;
}
