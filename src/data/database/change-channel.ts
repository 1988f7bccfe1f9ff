import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';

/** The PostgreSQL channel Aisle processes tell each other about changes on. */
export const CHANGES_CHANNEL = 'aisle_changes';
/** Id lists longer than this are sent as "anything changed" (NOTIFY payloads are limited to 8 kB). */
const MAX_IDS = 200;

/** What the bridge needs of a change feed (structural, so data/ does not import domain/). */
export interface BridgedFeed<Topic extends string = string> {
  setPublisher(publish: (topic: Topic, ids: readonly string[]) => void): void;
  deliver(topic: Topic, ids: readonly string[]): void;
}

interface Payload {
  origin: string;
  topic: string;
  ids: string[];
}

/**
 * Connects a change feed to every other Aisle process on the database: local emits are NOTIFYed (after the writer's
 * commit, so listeners see committed data), and notifications from other processes are delivered locally. One
 * dedicated connection LISTENs; if it drops, it reconnects after a second (caches still expire on their TTL
 * meanwhile). Returns a function that closes it.
 */
export async function bridgeChanges<Topic extends string>(url: string, dataSource: DataSource, feed: BridgedFeed<Topic>,
  onError: (error: unknown) => void): Promise<() => Promise<void>> {
  const origin = randomUUID();
  let client: Client | null = null;
  let closed = false;
  const connect = async (): Promise<void> => {
    const next = new Client({ connectionString: url, application_name: 'aisle-changes' });
    next.on('notification', (message) => {
      try {
        const payload = JSON.parse(message.payload ?? '{}') as Payload;
        if (payload.origin !== origin) feed.deliver(payload.topic as Topic, payload.ids ?? []);
      } catch (error) {
        onError(error);
      }
    });
    next.on('error', (error) => {
      onError(error);
      if (!closed) setTimeout(() => void connect().catch(onError), 1000).unref();
    });
    await next.connect();
    await next.query(`LISTEN ${CHANGES_CHANNEL}`);
    client = next;
  };
  await connect();
  feed.setPublisher((topic, ids) => {
    const payload: Payload = { origin, topic, ids: ids.length > MAX_IDS ? [] : [...ids] };
    dataSource.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, JSON.stringify(payload)]).catch(onError);
  });
  return async () => {
    closed = true;
    await (client as Client | null)?.end().catch(() => undefined);
  };
}
