/** What changed: the catalogue (products, categories), a user's activity (events, orders), or the models. */
export type ChangeTopic = 'catalog' | 'user-activity' | 'models';

type Listener = (ids: readonly string[]) => void;

/**
 * In-process notifications from writers to caches: ingestion emits after its transaction commits, and the serving
 * caches drop what went stale, so a user's next request sees their new events at once. Caches also expire on a
 * short TTL, which covers writes made by other processes.
 */
export class ChangeFeed {
  private readonly listeners = new Map<ChangeTopic, Set<Listener>>();

  on(topic: ChangeTopic, listener: Listener): () => void {
    const set = this.listeners.get(topic) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(topic, set);
    return () => set.delete(listener);
  }

  /** Tells every listener of `topic`; `ids` names what changed (empty: "anything may have"). */
  emit(topic: ChangeTopic, ids: readonly string[] = []): void {
    for (const listener of this.listeners.get(topic) ?? []) listener(ids);
  }
}
