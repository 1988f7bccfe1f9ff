import { loadAddon, type NativeAddon } from './addon';
import type {
  EaseModel, EaseOptions, InteractionMatrix, ItemKnnModel, ItemKnnOptions, ScoreTopKInput, ScoreTopKResult,
} from './item-models.types';
import {
  DEFAULT_EASE_MAX_ITEMS, finiteNumber, integerAtLeast, validateCsr, validateItemItemModel, validateK,
} from './item-models.validation';
import { invalidArgument } from './errors';

interface NativeCsr {
  offsets: Int32Array;
  ids: Int32Array;
  values: Float32Array;
  items: number;
}

/** The addon's item-model exports (declared here, beside their only caller). */
interface ItemModelsNative {
  trainEase(args: NativeCsr & { lambda: number; maxItems: number }): Promise<Float32Array>;
  trainItemKnn(args: NativeCsr & { neighbors: number; shrink: number }): Promise<Omit<NativeCsr, 'items'>>;
  scoreTopK(
    args: NativeCsr & {
      k: number;
      excludeOwn: boolean;
      dense?: Float32Array;
      modelOffsets?: Int32Array;
      modelIds?: Int32Array;
      modelValues?: Float32Array;
    },
  ): Promise<{ ids: Int32Array; scores: Float32Array; counts: Int32Array }>;
}

const native = () => loadAddon() as NativeAddon & ItemModelsNative;
const csr = (m: InteractionMatrix): NativeCsr => ({ offsets: m.offsets, ids: m.ids, values: m.values, items: m.items });

/**
 * Trains EASE (Steck 2019): B = I − P·diag(1/diag(P)), P = (XᵀX + λI)⁻¹, diag(B) = 0, in float64 off the event
 * loop. Refuses more than `maxItems` items (default 20,000) before allocating anything. Messages read
 * "trainEase: <name> must be <expected> (got <got>)"; errors carry the caller's stack.
 */
export async function trainEase(x: InteractionMatrix, options: EaseOptions): Promise<EaseModel> {
  const caller = new Error('trainEase');
  const fn = 'trainEase';
  validateCsr(fn, 'x', x);
  const lambda = finiteNumber(fn, 'lambda', options?.lambda, true);
  const maxItems = integerAtLeast(fn, 'maxItems', options.maxItems ?? DEFAULT_EASE_MAX_ITEMS, 1);
  if (x.items > maxItems) {
    throw invalidArgument(fn, 'x.items', `at most maxItems = ${maxItems} (B is items² floats; raise maxItems to allow)`, x.items);
  }
  try {
    const weights = await native().trainEase({ ...csr(x), lambda, maxItems });
    return { items: x.items, weights };
  } catch (error) {
    throw withStack(error as Error, caller);
  }
}

/**
 * Trains item-kNN: for every item its `neighbors` most cosine-similar items (sim = a·b / (‖a‖‖b‖ + shrink), only
 * sim > 0), similarity descending then id ascending. Messages read "trainItemKnn: <name> must be …".
 */
export async function trainItemKnn(x: InteractionMatrix, options: ItemKnnOptions): Promise<ItemKnnModel> {
  const caller = new Error('trainItemKnn');
  const fn = 'trainItemKnn';
  validateCsr(fn, 'x', x);
  const neighbors = integerAtLeast(fn, 'neighbors', options?.neighbors, 1);
  const shrink = finiteNumber(fn, 'shrink', options.shrink ?? 0, false);
  try {
    const out = await native().trainItemKnn({ ...csr(x), neighbors, shrink });
    return { items: x.items, ...out };
  } catch (error) {
    throw withStack(error as Error, caller);
  }
}

/**
 * For each user row, the k items with the highest Σ_i x_ui·W[i, j] under an EASE or item-kNN model, skipping the
 * user's own items unless excludeOwn is false; order and padding as topK. Messages read "scoreTopK: …".
 */
export async function scoreTopK(input: ScoreTopKInput): Promise<ScoreTopKResult> {
  const caller = new Error('scoreTopK');
  const fn = 'scoreTopK';
  if (typeof input !== 'object' || input === null) throw invalidArgument(fn, 'input', 'an object', input);
  const users = validateCsr(fn, 'users', input.users);
  validateItemItemModel(fn, input.model, input.users.items);
  const k = validateK(fn, input.k, users);
  const model = input.model;
  const args =
    'weights' in model
      ? { dense: model.weights }
      : { modelOffsets: model.offsets, modelIds: model.ids, modelValues: model.values };
  try {
    const out = await native().scoreTopK({ ...csr(input.users), k, excludeOwn: input.excludeOwn ?? true, ...args });
    return { users, k, ...out };
  } catch (error) {
    throw withStack(error as Error, caller);
  }
}

/** Gives `error` the caller's frames (the first line of `caller.stack` is its own message, replaced). */
function withStack<E extends Error>(error: E, caller: Error): E {
  const frames = caller.stack?.split('\n').slice(1).join('\n') ?? '';
  error.stack = `${error.name}: ${error.message}\n${frames}`;
  return error;
}
