import { nativeExports } from './addon';
import { withCallerStack } from './caller-stack';
import { invalidArgument } from './errors';
import { optionalArray, validateExclusions } from './topk.validation';
import type { InteractionCsr } from './interactions.types';
import { validateInteractions } from './interactions.validation';
import type { EaseModel, EaseOptions, ItemKnnModel, ItemKnnOptions, ScoreTopKInput, ScoreTopKResult } from './item-models.types';
import {
  DEFAULT_EASE_MAX_ITEMS, finiteNumber, integerAtLeast, validateItemItemModel, validateK,
} from './item-models.validation';

/** The addon's item-model exports (native/binding/item_models_binding.cc; declared here, beside their only caller). */
interface ItemModelsNative {
  trainEase(args: InteractionCsr & { lambda: number; maxItems: number }): Promise<Float32Array>;
  trainItemKnn(args: InteractionCsr & { neighbors: number; shrink: number }): Promise<Omit<ItemKnnModel, 'items'>>;
  scoreTopK(
    args: InteractionCsr & {
      k: number;
      excludeOwn: boolean;
      allow?: Uint8Array;
      excludeOffsets?: Int32Array;
      excludeIds?: Int32Array;
      dense?: Float32Array;
      modelOffsets?: Int32Array;
      modelIds?: Int32Array;
      modelValues?: Float32Array;
    },
  ): Promise<{ ids: Int32Array; scores: Float32Array; counts: Int32Array }>;
}

const native = () => nativeExports<ItemModelsNative>();

/**
 * Models already validated. Serving scores one user per request against the same (read-only) model; checking its
 * millions of neighbour entries each time would cost more than the scoring. A model's arrays must not be mutated
 * after its first scoreTopK call.
 */
const checkedModels = new WeakSet<object>();

/** The properties whose value is not undefined (the addon treats a present key as given). */
function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
/** Only the fields the addon reads, so a caller's extra properties never reach it. */
const csr = (m: InteractionCsr): InteractionCsr => ({ indptr: m.indptr, indices: m.indices, values: m.values, nItems: m.nItems });

/**
 * Trains EASE (Steck 2019): B = I − P·diag(1/diag(P)), P = (XᵀX + λI)⁻¹, diag(B) = 0, in float64 off the event
 * loop. Refuses more than `maxItems` items (default 20,000) before allocating anything. Messages read
 * "trainEase: <name> must be <expected> (got <got>)"; errors carry the caller's stack.
 */
export async function trainEase(x: InteractionCsr, options: EaseOptions): Promise<EaseModel> {
  const caller = new Error('trainEase');
  const fn = 'trainEase';
  validateInteractions(fn, x, 'x.');
  const lambda = finiteNumber(fn, 'lambda', options?.lambda, true);
  const maxItems = integerAtLeast(fn, 'maxItems', options.maxItems ?? DEFAULT_EASE_MAX_ITEMS, 1);
  if (x.nItems > maxItems) {
    throw invalidArgument(fn, 'x.nItems', `at most maxItems = ${maxItems} (B is items² floats; raise maxItems to allow)`, x.nItems);
  }
  try {
    const weights = await native().trainEase({ ...csr(x), lambda, maxItems });
    return { items: x.nItems, weights };
  } catch (error) {
    throw withCallerStack(error as Error, caller);
  }
}

/**
 * Trains item-kNN: for every item its `neighbors` most cosine-similar items (sim = a·b / (‖a‖‖b‖ + shrink), only
 * sim > 0), similarity descending then id ascending. Messages read "trainItemKnn: <name> must be …".
 */
export async function trainItemKnn(x: InteractionCsr, options: ItemKnnOptions): Promise<ItemKnnModel> {
  const caller = new Error('trainItemKnn');
  const fn = 'trainItemKnn';
  validateInteractions(fn, x, 'x.');
  const neighbors = integerAtLeast(fn, 'neighbors', options?.neighbors, 1);
  const shrink = finiteNumber(fn, 'shrink', options.shrink ?? 0, false);
  try {
    const out = await native().trainItemKnn({ ...csr(x), neighbors, shrink });
    return { items: x.nItems, ...out };
  } catch (error) {
    throw withCallerStack(error as Error, caller);
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
  const users = validateInteractions(fn, input.users, 'users.');
  if (!checkedModels.has(input.model)) {
    validateItemItemModel(fn, input.model, input.users.nItems);
    checkedModels.add(input.model);
  }
  if (input.model.items !== input.users.nItems) {
    throw invalidArgument(fn, 'model.items', `users.nItems = ${input.users.nItems}`, input.model.items);
  }
  const k = validateK(fn, input.k, users);
  validateExclusions(fn, input, users, input.users.nItems);
  optionalArray(fn, 'allow', input.allow, 'Uint8Array', input.users.nItems, 'items');
  const filters = { allow: input.allow, excludeOffsets: input.excludeOffsets, excludeIds: input.excludeIds };
  const model = input.model;
  const args =
    'weights' in model
      ? { dense: model.weights }
      : { modelOffsets: model.offsets, modelIds: model.ids, modelValues: model.values };
  try {
    const out = await native().scoreTopK({ ...csr(input.users), k, excludeOwn: input.excludeOwn ?? true, ...args, ...defined(filters) });
    return { users, k, ...out };
  } catch (error) {
    throw withCallerStack(error as Error, caller);
  }
}
