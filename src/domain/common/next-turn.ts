/**
 * Lets the event loop serve what queued up before the next piece of work: long passes over a million customers
 * (the segment refresh) await this between steps, so an in-process job delays API requests by one step at most.
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
