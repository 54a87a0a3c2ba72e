import type { Engine } from './engine';
import type { JsonObject } from './json';

/**
 * Deletes a stored object the way the local Stripe does: it is flagged, not removed, so what
 * already refers to it still renders. Answers Stripe's deletion stub.
 */
export function markDeleted(
  engine: Engine,
  stored: { id: string; deleted: boolean },
  object: string,
): JsonObject {
  stored.deleted = true;
  engine.markDirty();
  return { id: stored.id, object, deleted: true };
}
