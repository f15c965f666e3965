// Layer 2 of validation: semantic rules, in the order their problems are most useful to read.
import { clusterName, controlPlaneBase, dataPlaneNamespace, k3dSettings, nameLength, uniqueEnvironments } from './cluster.js';
import type { Rule } from './context.js';
import {
  environmentScope,
  externalNotClusterIP,
  helmOwnedGateway,
  internalLoadBalancerPrivate,
  k3dDefaultPorts,
  k3dPorts,
  loadBalancerNetworking,
  oneGatewayPerSlot,
  presetOverridden,
  reservedLabel,
  uniqueGateways,
  uniqueParametersNames,
  unmanagedUnused,
} from './gateways.js';
import { advertisedPorts, certificateNamespace, hostMatchesHostname, hostRequired, listenerPorts, listenerTls, oneListenerPerProtocol, uniqueListenerNames } from './listeners.js';
import { envoyGatewaySettings, envoyServiceName, gatewayClasses, moduleCapabilities, presetNotApplied, websocketSwitch } from './modules.js';

export type { Rule } from './context.js';

export const RULES: readonly Rule[] = [
  clusterName,
  dataPlaneNamespace,
  k3dSettings,
  controlPlaneBase,
  uniqueEnvironments,
  nameLength,
  uniqueGateways,
  uniqueParametersNames,
  environmentScope,
  oneGatewayPerSlot,
  externalNotClusterIP,
  internalLoadBalancerPrivate,
  loadBalancerNetworking,
  presetOverridden,
  helmOwnedGateway,
  k3dPorts,
  k3dDefaultPorts,
  reservedLabel,
  unmanagedUnused,
  moduleCapabilities,
  websocketSwitch,
  envoyGatewaySettings,
  envoyServiceName,
  presetNotApplied,
  gatewayClasses,
  uniqueListenerNames,
  oneListenerPerProtocol,
  listenerPorts,
  advertisedPorts,
  listenerTls,
  hostRequired,
  hostMatchesHostname,
  certificateNamespace,
];
