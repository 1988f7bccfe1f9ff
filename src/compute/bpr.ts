import { withCallerStack } from './caller-stack';
import { factorizationAddon } from './factorization.addon';
import type { BprInput, BprModel } from './factorization.types';
import { resolveBprArgs } from './factorization.validation';

/**
 * Trains BPR factors and item biases (Rendle et al. 2009) by SGD over sampled (user, liked, not-liked) triples,
 * natively and off the event loop. Single-threaded by design, so a seed gives bit-identical models on every
 * machine (Hogwild-style parallel SGD would not); see native/include/aisle/bpr.h. Only which (user, item) pairs
 * are present matters: the weights in `values` are validated like ALS's but not used. Validation messages read
 * "trainBpr: <name> must be <expected> (got <got>)".
 */
export async function trainBpr(input: BprInput): Promise<BprModel> {
  const caller = new Error('trainBpr');
  const args = resolveBprArgs('trainBpr', input);
  try {
    const out = await factorizationAddon().trainBpr(args);
    return { nUsers: args.indptr.length - 1, nItems: args.nItems, factors: args.factors, ...out };
  } catch (error) {
    throw withCallerStack(error as Error, caller);
  }
}
