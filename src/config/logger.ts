import pino, { Logger } from 'pino';

export type { Logger };

/** JSON logs on stderr (stdout stays free for --json command output). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'aisle' } }, pino.destination(2));
}
