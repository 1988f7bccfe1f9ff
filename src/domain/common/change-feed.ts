/** What changed: the catalogue (products, categories), a user's activity (events, orders), or the models. */
export type ChangeTopic = 'catalog' | 'user-activity' | 'models';

type Listener = (ids: readonly string[]) => void;

/**
 * Notifications from writers to caches: ingestion emits after its transaction commits, and the serving caches drop
 * what went stale, so a user's next request sees their new events at once. With a publisher set (PostgreSQL
 * LISTEN/NOTIFY, see data/database/change-channel.ts) other processes hear it too; caches also expire on a TTL.
 */
export class ChangeFeed {
  private readonly listeners = new Map<ChangeTopic, Set<Listener>>();
  private publisher: ((topic: ChangeTopic, ids: readonly string[]) => void) | null = null;

  /** Also tell other processes (the composition root connects this to PostgreSQL NOTIFY). */
  setPublisher(publish: (topic: ChangeTopic, ids: readonly string[]) => void): void {
    this.publisher = publish;
  }

  on(topic: ChangeTopic, listener: Listener): () => void {
    const set = this.listeners.get(topic) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(topic, set);
    return () => set.delete(listener);
  }

  /** Tells every listener of `topic`; `ids` names what changed (empty: "anything may have"). */
  emit(topic: ChangeTopic, ids: readonly string[] = []): void {
    this.deliver(topic, ids);
    this.publisher?.(topic, ids);
  }

  /** Tells this process's listeners only (a change another process published). */
  deliver(topic: ChangeTopic, ids: readonly string[] = []): void {
    for (const listener of this.listeners.get(topic) ?? []) listener(ids);
  }
}
