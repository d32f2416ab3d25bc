import { notFound, success, timestamp, type StateDecision, type StateRequest } from './decision.js';
import type { CollectionPlan, OperationPlan } from './plan-types.js';
import type { MockState } from './state-store.js';

/**
 * A collection as a plain backend keeps one: create stores the request body merged over
 * the documented entity, with a fresh id (and its timestamps); list answers every entity,
 * newest first; read, replace, update and delete find the entity by the path's id, and
 * an unknown id is the documented 404.
 */
export function collectionDecision(collection: CollectionPlan, state: MockState, operation: OperationPlan, request: StateRequest): StateDecision {
  const entities = state.collection(collection.path);
  const body = request.body !== null && typeof request.body === 'object' && !Array.isArray(request.body) ? (request.body as Record<string, unknown>) : {};
  const now = timestamp(state.now());
  const stamp = (entity: Record<string, unknown>, created: boolean) => {
    if (created && collection.timestamps.created) entity[collection.timestamps.created] = now;
    if (collection.timestamps.updated) entity[collection.timestamps.updated] = now;
    return entity;
  };
  switch (operation.collection!.action) {
    case 'create': {
      const id = mintId(collection, state);
      const entity = stamp({ ...collection.template, ...body, [collection.idProperty]: id }, true);
      state.putEntity(collection.path, String(id), entity);
      return success(operation, { entity });
    }
    case 'list': {
      const all = [...entities.values()].reverse();
      return success(operation, { entities: all, count: all.length });
    }
    default: {
      const id = collection.idParam ? request.pathParams[collection.idParam] : request.pathParams[operation.pathParams.at(-1) ?? ''];
      const stored = id === undefined ? undefined : entities.get(id);
      if (!stored || id === undefined) return notFound(operation, `${collection.path} ${id}`);
      const action = operation.collection!.action;
      if (action === 'read') return success(operation, { entity: stored });
      if (action === 'delete') {
        entities.delete(id);
        return success(operation);
      }
      const base = action === 'update' ? stored : { ...collection.template, ...(collection.timestamps.created ? { [collection.timestamps.created]: stored[collection.timestamps.created] } : {}) };
      const entity = stamp({ ...base, ...body, [collection.idProperty]: stored[collection.idProperty] }, false);
      state.putEntity(collection.path, id, entity);
      return success(operation, { entity });
    }
  }
}

function mintId(collection: CollectionPlan, state: MockState): string | number {
  if (collection.idKind === 'integer') return state.integerId(collection.path);
  return state.uuid();
}
