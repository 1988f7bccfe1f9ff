import { withCallerStack } from './caller-stack';
import { factorizationAddon } from './factorization.addon';
import type { AlsFoldInParams, AlsInput, AlsModel } from './factorization.types';
import { resolveAlsArgs, resolveFoldInArgs } from './factorization.validation';

/**
 * Trains implicit-feedback ALS factors (Hu, Koren & Volinsky 2008) natively, off the event loop, on all kernel
 * threads. Each iteration solves every user given the items, then every item given the users, by `cgSteps`
 * warm-started conjugate-gradient steps per row (or exactly, with solver 'cholesky'). Deterministic for a seed
 * whatever the thread count. Validates in TypeScript first: messages read "trainAls: <name> must be <expected>
 * (got <got>)". Errors carry the caller's stack.
 */
export async function trainAls(input: AlsInput): Promise<AlsModel> {
  const caller = new Error('trainAls');
  const args = resolveAlsArgs('trainAls', input);
  try {
    const out = await factorizationAddon().trainAls(args);
    return { nUsers: args.indptr.length - 1, nItems: args.nItems, factors: args.factors, ...out };
  } catch (error) {
    throw withCallerStack(error as Error, caller);
  }
}

/**
 * One user's factors given fixed item factors, by an exact solve of the same normal equations training uses:
 * the real-time update after new events, without retraining. `items` are the user's distinct item ids (any
 * order) and `values` their raw weights; params must match the model's (factors, regularization, alpha), and
 * passing the model's itemGram avoids an O(items · factors²) pass. Resolves to a Float32Array of `factors`.
 */
export async function alsFoldIn(itemFactors: Float32Array, items: Int32Array, values: Float32Array,
  params: AlsFoldInParams): Promise<Float32Array> {
  const caller = new Error('alsFoldIn');
  const args = resolveFoldInArgs('alsFoldIn', itemFactors, items, values, params);
  try {
    return await factorizationAddon().alsFoldIn(args);
  } catch (error) {
    throw withCallerStack(error as Error, caller);
  }
}
