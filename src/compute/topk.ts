import { loadAddon, type NativeTopKArgs } from './addon';
import { withCallerStack } from './caller-stack';
import { nonFiniteError, validateTopKInput } from './topk.validation';
import type { TopKInput, TopKResult } from './topk.types';

/**
 * For each query, the k items with the highest dot product (+ bias), skipping excluded and disallowed items;
 * see TopKInput and TopKResult for the exact contract. Validates in TypeScript first (messages of the form
 * "topK: <name> must be <expected> (got <got>)"), then runs natively off the event loop on all kernel threads.
 * Rejects with the first NaN/±Infinity in queries, items or bias named by index. Errors carry the caller's
 * stack, captured before the native call, not the addon's.
 */
export async function topK(input: TopKInput): Promise<TopKResult> {
  const caller = new Error('topK'); // captured now: after the await the stack no longer shows the caller
  const { nq, k } = validateTopKInput('topK', input);
  try {
    const out = await loadAddon().topK(nativeArgs(input));
    return { nq, k, ids: out.ids, scores: out.scores, counts: out.counts };
  } catch (error) {
    const native = error as Error & { code?: string };
    if (native.code === 'AISLE_NON_FINITE') throw withCallerStack(nonFiniteError('topK', input) ?? native, caller);
    throw withCallerStack(native, caller);
  }
}

/** Only the fields the addon reads, so a caller's extra properties never reach it. */
function nativeArgs(input: TopKInput): NativeTopKArgs {
  const { queries, items, d, k, excludeOffsets, excludeIds, allow, bias, kernel } = input;
  const args: NativeTopKArgs = { queries, items, d, k };
  if (excludeOffsets !== undefined) args.excludeOffsets = excludeOffsets;
  if (excludeIds !== undefined) args.excludeIds = excludeIds;
  if (allow !== undefined) args.allow = allow;
  if (bias !== undefined) args.bias = bias;
  if (kernel !== undefined) args.kernel = kernel;
  return args;
}
