import { firstNonFinite, Got, invalidArgument } from './errors';
import { isTyped, MAX_INT32 } from './interactions.validation';
import type { ItemItemModel, ItemKnnModel } from './item-models.types';

/** The most items trainEase accepts unless told otherwise: B alone is then 1.6 GB of float32. */
export const DEFAULT_EASE_MAX_ITEMS = 20_000;
/** The most result slots (users × k) one scoreTopK call may ask for, as for topK. */
const MAX_SLOTS = 2 ** 28;

/** An integer in [min, 2^31). */
export function integerAtLeast(fn: string, name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > MAX_INT32) {
    throw invalidArgument(fn, name, min === 1 ? 'a positive integer' : `an integer >= ${min}`, value);
  }
  return value;
}

/** A finite number > 0 (strict) or >= 0. */
export function finiteNumber(fn: string, name: string, value: unknown, strict: boolean): number {
  const ok = typeof value === 'number' && Number.isFinite(value) && (strict ? value > 0 : value >= 0);
  if (!ok) throw invalidArgument(fn, name, strict ? 'a finite number > 0' : 'a finite number >= 0', value);
  return value as number;
}

/**
 * Checks an item-kNN model's neighbour lists (an items × items CSR: offsets from 0, non-decreasing, ending at
 * ids.length; ids in [0, items), in any order — rows are ordered by similarity; finite values). Messages read
 * "<fn>: model.<field> must be <expected> (got <got>)".
 */
function validateKnnModel(fn: string, m: ItemKnnModel, items: number): void {
  const { offsets, ids, values } = m;
  if (!isTyped(offsets, 'Int32Array') || offsets.length !== items + 1) {
    throw invalidArgument(fn, 'model.offsets', `an Int32Array of length items+1 = ${items + 1}`,
      isTyped(offsets, 'Int32Array') ? offsets.length : offsets);
  }
  if (!isTyped(ids, 'Int32Array')) throw invalidArgument(fn, 'model.ids', 'an Int32Array', ids);
  if (!isTyped(values, 'Float32Array') || values.length !== ids.length) {
    throw invalidArgument(fn, 'model.values', `a Float32Array of length ids.length = ${ids.length}`,
      isTyped(values, 'Float32Array') ? values.length : values);
  }
  if (offsets[0] !== 0) throw invalidArgument(fn, 'model.offsets[0]', '0', offsets[0]);
  if (offsets[items] !== ids.length) {
    throw invalidArgument(fn, 'model.offsets[items]', `ids.length = ${ids.length}`, offsets[items]);
  }
  for (let r = 0; r < items; r++) {
    if (offsets[r + 1] < offsets[r]) {
      throw invalidArgument(fn, `model.offsets[${r + 1}]`, `>= offsets[${r}] = ${offsets[r]}`, offsets[r + 1]);
    }
  }
  for (let p = 0; p < ids.length; p++) {
    if (ids[p] < 0 || ids[p] >= items) {
      throw invalidArgument(fn, `model.ids[${p}]`, `an item id in [0, items) = [0, ${items})`, ids[p]);
    }
  }
  const bad = firstNonFinite(values);
  if (bad >= 0) throw invalidArgument(fn, 'model.values', 'finite', new Got(`${values[bad]} at index ${bad}`));
}

/** Checks an item × item model against the users' item count; dense models need items² weights. */
export function validateItemItemModel(fn: string, model: ItemItemModel, items: number): void {
  if (typeof model !== 'object' || model === null) throw invalidArgument(fn, 'model', 'an object', model);
  if (model.items !== items) throw invalidArgument(fn, 'model.items', `users.nItems = ${items}`, model.items);
  if ('weights' in model) {
    if (!isTyped(model.weights, 'Float32Array') || model.weights.length !== items * items) {
      throw invalidArgument(fn, 'model.weights', `a Float32Array of length items*items = ${items * items}`,
        isTyped(model.weights, 'Float32Array') ? model.weights.length : model.weights);
    }
    return;
  }
  validateKnnModel(fn, model, items);
}

/** k in [1, 2^31) with users × k within MAX_SLOTS. */
export function validateK(fn: string, k: unknown, users: number): number {
  const value = integerAtLeast(fn, 'k', k, 1);
  if (users * value > MAX_SLOTS) {
    throw invalidArgument(fn, 'k', `at most ${Math.floor(MAX_SLOTS / users)} for ${users} users (users*k <= 2^28)`, value);
  }
  return value;
}
