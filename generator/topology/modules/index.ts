// The registry of gateway modules. Adding a module means adding its file and one line here.
import type { ModuleId } from '../types.js';
import { cilium } from './cilium.js';
import { envoyGateway } from './envoy-gateway.js';
import { istio } from './istio.js';
import { kgateway } from './kgateway.js';
import { kong } from './kong.js';
import type { GatewayModule } from './module.js';
import { nginxGatewayFabric } from './nginx-gateway-fabric.js';
import { traefik } from './traefik.js';

export const MODULES: Readonly<Record<ModuleId, GatewayModule>> = {
  kgateway,
  'envoy-gateway': envoyGateway,
  'nginx-gateway-fabric': nginxGatewayFabric,
  istio,
  cilium,
  traefik,
  kong,
};

export const MODULE_IDS = Object.keys(MODULES) as ModuleId[];

export function moduleFor(id: ModuleId): GatewayModule {
  return MODULES[id];
}
