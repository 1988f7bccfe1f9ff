/**
 * Gives `error` the caller's frames (the first line of `caller.stack` is its own message, replaced), so a native
 * rejection points at the code that made the call rather than at the event loop. Capture `caller` before awaiting.
 */
export function withCallerStack<E extends Error>(error: E, caller: Error): E {
  const frames = caller.stack?.split('\n').slice(1).join('\n') ?? '';
  error.stack = `${error.name}: ${error.message}\n${frames}`;
  return error;
}
