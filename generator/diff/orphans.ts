// orphaned-registration notes (contract §14): a registration slot of a captured DataPlane, ClusterDataPlane or
// Environment that the topology does not render and that a field manager other than the GitOps engine owns
// (kubectl-patch, kubectl-client-side-apply, helm, …). Server-side apply removes only fields no other manager
// owns, so the slot outlives the sync: the note carries the `kubectl patch` that removes it. Pure.
import type { Captured } from '../parse/capture.js';
import { shellWord } from '../support/shell.js';
import { unrenderedSlots } from './live.js';
import { engineOwned, type Ownership, slotOwners } from './ownership.js';
import { type ImpactNote, note } from './types.js';

/** `kubectl patch <kind> <name> [-n ns] --type=json -p '[{"op":"remove","path":"/spec/gateway/…"}]'`. */
function removeSlotCommand(object: Pick<Captured, 'kind' | 'name' | 'namespace'>, path: readonly string[]): string {
  const ops = [{ op: 'remove', path: `/spec/gateway/${path.join('/')}` }];
  const namespace = object.namespace === undefined ? '' : ` -n ${shellWord(object.namespace)}`;
  return `kubectl patch ${object.kind.toLowerCase()} ${shellWord(object.name)}${namespace} --type=json -p ${shellWord(JSON.stringify(ops))}`;
}

/**
 * One note per slot the capture holds, the rendered partial does not, and another manager than the engine's owns.
 * `rendered`: the partial gwtopo renders for the object (`{}` when it renders none: every slot is checked).
 */
export function orphanNotes(cluster: string, rendered: Record<string, unknown>, captured: Captured, ownership: Ownership): ImpactNote[] {
  const notes: ImpactNote[] = [];
  const object = `${captured.kind} ${captured.namespace === undefined ? '' : `${captured.namespace}/`}${captured.name}`;
  for (const slot of unrenderedSlots(rendered, captured.object)) {
    const others = slotOwners(ownership, slot.path).filter((m) => !engineOwned(m));
    if (others.length === 0) continue;
    const where = `spec.gateway.${slot.path.join('.')}`;
    const what =
      slot.path.length === 2
        ? `registers gateway ${slot.gateway}, which the topology does not register there`
        : `registers the ${slot.path[2]} listener of gateway ${slot.gateway}, which the topology registers without one`;
    notes.push(
      note({
        kind: 'orphaned-registration',
        cluster,
        ...(slot.gateway === '' ? {} : { gateway: slot.gateway }),
        ...(captured.kind === 'Environment' ? { environment: captured.name } : {}),
        message: `${where} of ${object} ${what}; ${others.join(', ')} ${others.length === 1 ? 'owns' : 'own'} it, and server-side apply never removes a field another field manager owns, so it outlives the sync`,
        check: 'if the registration is not wanted (OpenChoreo keeps publishing endpoints on it), remove it with the command below after the sync; if it is, add the gateway to the topology',
        commands: [removeSlotCommand(captured, slot.path)],
      }),
    );
  }
  return notes;
}
