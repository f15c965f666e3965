// Field ownership of a captured object, from metadata.managedFields (`kubectl get … --show-managed-fields`): which
// field managers own something at or below a path of spec.gateway. Server-side apply removes a field the applier
// stops sending only when no other manager owns it, so a registration slot another manager owns outlives the sync
// (contract §14; fluxcd/kustomize-controller#486, argoproj/argo-cd#10168). Pure.

type Json = Record<string, unknown>;

const isMap = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One managedFields entry: the manager and the fields it owns (fieldsV1), status entries left out. */
interface ManagedEntry {
  manager: string;
  fields: Json;
}

/** The managers of one object. */
export interface Ownership {
  entries: ManagedEntry[];
}

/**
 * The field managers of the GitOps engines gwtopo's overlays are applied by: Argo CD's server-side apply
 * (`argocd-controller`, ArgoCDSSAManager in argo-cd common/common.go) and Flux's kustomize-controller (its
 * controller name, main.go; older Flux: `gotk-…`). What they own is removed by the sync when gwtopo stops rendering
 * it; what any other manager owns (kubectl-patch, kubectl-client-side-apply, kubectl, helm, …) is not.
 */
const ENGINE_MANAGERS: readonly string[] = ['argocd-controller', 'kustomize-controller'];

export function engineOwned(manager: string): boolean {
  return ENGINE_MANAGERS.includes(manager) || manager.startsWith('gotk-');
}

/** The object's managedFields, or undefined when the capture has none (captured without --show-managed-fields). */
export function ownershipOf(object: Json): Ownership | undefined {
  const metadata = isMap(object.metadata) ? object.metadata : undefined;
  const managed = metadata?.managedFields;
  if (!Array.isArray(managed) || managed.length === 0) return undefined;
  const entries: ManagedEntry[] = [];
  for (const m of managed) {
    if (!isMap(m) || typeof m.manager !== 'string') continue;
    // Status is written through its own subresource: it never owns spec.
    if (typeof m.subresource === 'string' && m.subresource !== '') continue;
    entries.push({ manager: m.manager, fields: isMap(m.fieldsV1) ? m.fieldsV1 : {} });
  }
  return { entries };
}

/** The managers that own spec.gateway.<path…> or a field below it, sorted, each once. */
export function slotOwners(ownership: Ownership, path: readonly string[]): string[] {
  const owners = new Set<string>();
  for (const e of ownership.entries) {
    let at: unknown = e.fields;
    for (const key of ['spec', 'gateway', ...path]) at = isMap(at) ? at[`f:${key}`] : undefined;
    if (at !== undefined) owners.add(e.manager);
  }
  return [...owners].sort();
}
