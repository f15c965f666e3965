// The interface every gateway module (Gateway API implementation) implements. A module decides how a
// gateway's Service settings are expressed; everything else about a Gateway is common (render/gateway.ts).
import type { GatewayModel, ModuleId, ServiceType, StringMap } from '../../model/types.js';
import type { Resource } from '../resource.js';

export interface LocalParametersRef {
  name: string;
  group: string;
  kind: string;
}

export interface ModuleOutput {
  /** Merged into Gateway spec.infrastructure (after the system-component label gwtopo always sets). */
  infrastructure: { labels?: StringMap; annotations?: StringMap; parametersRef?: LocalParametersRef };
  /** Extra Gateway metadata.annotations (some modules read settings from there). */
  gatewayAnnotations?: StringMap;
  /** Extra data-plane resources, e.g. the parameters object the Gateway refers to. */
  resources: Resource[];
}

export interface GatewayModule {
  id: ModuleId;
  /** GatewayClass used when a gateway names none. */
  defaultGatewayClass: string;
  /** Service type the implementation creates when nothing is configured. */
  defaultServiceType: ServiceType;
  /** Renders the module's part of one managed gateway living in `namespace`. */
  render(gateway: GatewayModel, namespace: string): ModuleOutput;
}

/** True when the Service is exactly what the implementation creates without configuration. */
export function isDefaultService(module: GatewayModule, gateway: GatewayModel): boolean {
  const s = gateway.service;
  return s.type === module.defaultServiceType && Object.keys(s.annotations).length === 0 && Object.keys(s.labels).length === 0;
}
