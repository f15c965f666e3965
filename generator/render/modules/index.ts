// The registry of gateway modules. Adding a module means adding its file and one line here.
import type { ModuleId } from '../../model/types.js';
import { kgateway } from './kgateway.js';
import type { GatewayModule } from './module.js';

export const MODULES: Readonly<Record<ModuleId, GatewayModule>> = {
  kgateway,
};

export function moduleFor(id: ModuleId): GatewayModule {
  return MODULES[id];
}
