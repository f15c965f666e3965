// Rules about the cluster as a whole: its name, its data plane, its environments.

import { MAX_FILE_NAME_BYTES } from '../../topology/defaults.js';
import { eachDuplicate, type Rule } from './context.js';

const DNS_LABEL = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** metadata.name names the cluster and must equal the folder (whose name discovery has checked). */
export const clusterName: Rule = ({ view, folder, r }) => {
  if (view.name !== undefined && view.name !== folder) {
    // A folder that is no cluster name (discovery reports it) is not offered as metadata.name either.
    const move = `move the file to topologies/${view.name}/topology.yaml`;
    r.error('cluster-name', ['metadata', 'name'], `${JSON.stringify(view.name)} must equal the folder name ${JSON.stringify(folder)}`, {
      hint: DNS_LABEL.test(folder) ? `set metadata.name: ${folder}, or ${move}` : `${move} (the folder name is no cluster name)`,
    });
  }
};

/** A ClusterDataPlane is cluster-scoped. */
export const dataPlaneNamespace: Rule = ({ view, r }) => {
  if (view.dataPlane.kind === 'ClusterDataPlane' && view.dataPlane.hasNamespace) {
    r.error('dataplane-namespace', ['spec', 'dataPlane', 'namespace'], 'not allowed: a ClusterDataPlane is cluster-scoped', {
      anchor: 'key',
      hint: 'remove spec.dataPlane.namespace (or use kind: DataPlane)',
    });
  }
};

/** spec.k3d configures provider k3d only; elsewhere it would be silently ignored. */
export const k3dSettings: Rule = ({ view, r }) => {
  if (view.hasK3d && view.provider !== undefined && view.provider !== 'k3d') {
    r.error('k3d-settings', ['spec', 'k3d'], `only used with provider k3d (the provider is ${view.provider})`, {
      anchor: 'key',
      hint: 'remove spec.k3d, or set spec.provider: k3d',
    });
  }
};

export const uniqueEnvironments: Rule = ({ view, r }) => {
  eachDuplicate(
    view.environments,
    (e) => e.name,
    (dup, first) => {
      r.error('unique-environments', [...dup.path, 'name'], `environment ${JSON.stringify(dup.name)} is listed twice (first on line ${r.lineOf([...first.path, 'name'], dup.path)})`, {
        hint: 'remove one of the entries; environment names are unique within a cluster',
      });
    },
  );
};

/** spec.controlPlane.base names the kustomization to patch: required in patch mode, meaningless in apply mode. */
export const controlPlaneBase: Rule = ({ view, r }) => {
  if (view.controlPlaneMode === 'patch' && !view.hasControlPlaneBase) {
    r.error('control-plane-mode', ['spec', 'controlPlane', 'base'], 'required with mode patch', {
      at: ['spec', 'controlPlane'],
      hint: 'add base: <folder of the kustomization holding your DataPlane/Environment objects>, relative to the repository root',
    });
  } else if (view.controlPlaneMode === 'apply' && view.hasControlPlaneBase) {
    r.error('control-plane-mode', ['spec', 'controlPlane', 'base'], 'only used with mode patch', { anchor: 'key', hint: 'remove base, or set mode: patch' });
  }
};

function tooLongForAFile(name: string, kind: string): string | undefined {
  // Stryker disable next-line MethodExpression: equivalent: the kinds are ASCII (same byte length in either case), and the message quotes only the first 20 characters of a file name of more than 255 bytes, which are the object name's
  const file = `${name}.${kind.toLowerCase()}.yaml`;
  const bytes = Buffer.byteLength(file);
  return bytes > MAX_FILE_NAME_BYTES
    ? `too long: its overlay file ${file.slice(0, 20)}….${kind.toLowerCase()}.yaml would have ${bytes} bytes, and file names are limited to ${MAX_FILE_NAME_BYTES}`
    : undefined;
}

/** Registration objects become files named after them: their names must fit a file name. */
export const nameLength: Rule = ({ view, r }) => {
  const hint = 'use a shorter name';
  if (view.dataPlane.kind !== undefined) {
    const message = tooLongForAFile(view.dataPlane.name, view.dataPlane.kind);
    if (message !== undefined) r.error('name-length', ['spec', 'dataPlane', 'name'], message, { hint });
  }
  for (const e of view.environments) {
    const message = e.name === undefined ? undefined : tooLongForAFile(e.name, 'Environment');
    if (message !== undefined) r.error('name-length', [...e.path, 'name'], message, { hint });
  }
};
