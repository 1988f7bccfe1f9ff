import { firstNonFinite, Got, invalidArgument } from './errors';
import type { InteractionMatrix, ItemItemModel, ItemKnnModel } from './item-models.types';

/** The most items trainEase accepts unless told otherwise: B alone is then 1.6 GB of float32. */
export const DEFAULT_EASE_MAX_ITEMS = 20_000;
const MAX_INT32 = 2 ** 31 - 1;
/** The most result slots (users × k) one scoreTopK call may ask for, as for topK. */
const MAX_SLOTS = 2 ** 28;

type TypedName = 'Float32Array' | 'Int32Array';

function isTyped(value: unknown, name: TypedName): boolean {
  return ArrayBuffer.isView(value) && (value as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === name;
}

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
 * Checks a CSR matrix named `name` (offsets from 0, non-decreasing, ending at ids.length; ids in [0, items) and
 * strictly increasing within a row unless `anyOrder` — a model's rows are ordered by weight; finite values) and
 * returns its row count. Messages read "<fn>: <name>.<field> must be <expected> (got <got>)".
 */
export function validateCsr(fn: string, name: string, m: InteractionMatrix | ItemKnnModel, anyOrder = false): number {
  if (typeof m !== 'object' || m === null) throw invalidArgument(fn, name, 'an object', m);
  const items = integerAtLeast(fn, `${name}.items`, m.items, 0);
  const { offsets, ids, values } = m;
  if (!isTyped(offsets, 'Int32Array') || offsets.length < 1) {
    throw invalidArgument(fn, `${name}.offsets`, 'an Int32Array of length rows+1', offsets);
  }
  if (!isTyped(ids, 'Int32Array')) throw invalidArgument(fn, `${name}.ids`, 'an Int32Array', ids);
  if (!isTyped(values, 'Float32Array') || values.length !== ids.length) {
    throw invalidArgument(fn, `${name}.values`, `a Float32Array of length ids.length = ${ids.length}`,
      isTyped(values, 'Float32Array') ? values.length : values);
  }
  const rows = offsets.length - 1;
  if (offsets[0] !== 0) throw invalidArgument(fn, `${name}.offsets[0]`, '0', offsets[0]);
  if (offsets[rows] !== ids.length) {
    throw invalidArgument(fn, `${name}.offsets[rows]`, `ids.length = ${ids.length}`, offsets[rows]);
  }
  for (let r = 0; r < rows; r++) {
    if (offsets[r + 1] < offsets[r]) {
      throw invalidArgument(fn, `${name}.offsets[${r + 1}]`, `>= offsets[${r}] = ${offsets[r]}`, offsets[r + 1]);
    }
    for (let p = offsets[r]; p < offsets[r + 1]; p++) {
      if (ids[p] < 0 || ids[p] >= items) {
        throw invalidArgument(fn, `${name}.ids[${p}]`, `an item id in [0, items) = [0, ${items})`, ids[p]);
      }
      if (!anyOrder && p > offsets[r] && ids[p] <= ids[p - 1]) {
        throw invalidArgument(fn, `${name}.ids[${p}]`, `> ids[${p - 1}] = ${ids[p - 1]} (ids increase within a row)`, ids[p]);
      }
    }
  }
  const bad = firstNonFinite(values);
  if (bad >= 0) throw invalidArgument(fn, `${name}.values`, 'finite', new Got(`${values[bad]} at index ${bad}`));
  return rows;
}

/** Checks an item × item model against the users' item count; dense models need items² weights. */
export function validateItemItemModel(fn: string, model: ItemItemModel, items: number): void {
  if (typeof model !== 'object' || model === null) throw invalidArgument(fn, 'model', 'an object', model);
  if (model.items !== items) throw invalidArgument(fn, 'model.items', `users.items = ${items}`, model.items);
  if ('weights' in model) {
    if (!isTyped(model.weights, 'Float32Array') || model.weights.length !== items * items) {
      throw invalidArgument(fn, 'model.weights', `a Float32Array of length items*items = ${items * items}`,
        isTyped(model.weights, 'Float32Array') ? model.weights.length : model.weights);
    }
    return;
  }
  const rows = validateCsr(fn, 'model', model, true);
  if (rows !== items) throw invalidArgument(fn, 'model.offsets', `of length items+1 = ${items + 1}`, model.offsets.length);
}

/** k in [1, 2^31) with users × k within MAX_SLOTS. */
export function validateK(fn: string, k: unknown, users: number): number {
  const value = integerAtLeast(fn, 'k', k, 1);
  if (users * value > MAX_SLOTS) {
    throw invalidArgument(fn, 'k', `at most ${Math.floor(MAX_SLOTS / users)} for ${users} users (users*k <= 2^28)`, value);
  }
  return value;
}
