import { EVENT_TYPES, EventTypeName } from '../../data/entities';

/** The event type names (the public contract lives with the entity); re-exported so the API need not import data/. */
export const EVENT_TYPE_NAMES: readonly EventTypeName[] = EVENT_TYPES;
export type { EventTypeName };
