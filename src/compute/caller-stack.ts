/**
 * Gives `error` the caller's frames (the first line of `caller.stack` is its own message, replaced), so a native
 * rejection points at the code that made the call rather than at the event loop. Capture `caller` before awaiting.
 */
export function withCallerStack<E extends Error>(error: E, caller: Error): E | RangeError {
  if (error.message === 'std::bad_alloc') {
    // the kernel could not allocate its working memory: say so in the house format rather than in C++'s words
    return withCallerStack(new RangeError(`${caller.message}: out of memory for this input (std::bad_alloc)`), caller);
  }
  const frames = caller.stack?.split('\n').slice(1).join('\n') ?? '';
  error.stack = `${error.name}: ${error.message}\n${frames}`;
  return error;
}
