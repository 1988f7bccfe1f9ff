/**
 * Seeded generators of hostile GraphQL variable sets for tests/e2e/fuzz-graphql.test.ts: each operation pairs a
 * document with a function drawing its variables from a mix of valid values (real ids of the shop under test) and
 * hostile ones (huge, negative and non-finite-looking numbers, wrong types, long and odd strings, SQL-ish text,
 * deep arrays, nulls for required fields, unknown enum values, oversized batches).
 */
export type Rand = () => number;

/** xorshift32: seeded, so a failing request reproduces from its index. */
export function prng(seed: number): Rand {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 2 ** 32;
  };
}

/** Real ids and external ids of the database under test, so a share of requests reaches the resolvers' work. */
export interface FuzzIds {
  productIds: string[];
  productExternalIds: string[];
  userIds: string[];
  userExternalIds: string[];
  categoryIds: string[];
  modelIds: string[];
}

export interface FuzzOperation {
  name: string;
  query: string;
  variables(r: Fuzzer): Record<string, unknown>;
}

function deepArray(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

const STRINGS = [
  '', ' ', 'a', "'; DROP TABLE products; --", "1' OR '1'='1", '%', '_', '\\', '"', '\u0000', '\ud800', '\uFEFF',
  '😀🎉', 'ﷺ', '\u202Eevil', '<script>alert(1)</script>', '${jndi:ldap://x}', '../../etc/passwd', 'NaN', 'Infinity',
  '-1', '1e309', '0x10', '   padded   ', 'null', 'undefined', '__proto__', 'constructor', 'toString',
];
const NUMBERS = [
  0, -1, 1, 2, 5, 10, 100, 101, 1000, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, -(2 ** 53), 1e308, -1e308, 1.5,
  -0.5, 5e-324, Number.MAX_SAFE_INTEGER + 2,
];

/** Draws values; `valid*` lean towards values the schema accepts, `any` towards hostile ones. */
export class Fuzzer {
  constructor(readonly rand: Rand, readonly ids: FuzzIds) {}

  chance(p: number): boolean {
    return this.rand() < p;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rand() * xs.length)];
  }

  int(max: number): number {
    return Math.floor(this.rand() * max);
  }

  longString(): string {
    return this.pick(['x', '€', '😀', "'", 'ab%_']).repeat(this.pick([256, 4_096, 100_000]));
  }

  /** Anything at all: the wrong type, a huge value, null, nested structure. */
  any(): unknown {
    const roll = this.int(12);
    switch (roll) {
      case 0: return null;
      case 1: return this.pick(NUMBERS);
      case 2: return this.pick(STRINGS);
      case 3: return this.longString();
      case 4: return this.chance(0.5);
      case 5: return deepArray(this.pick([2, 50, 500]));
      case 6: return { __proto__: { admin: true }, constructor: { prototype: 1 }, a: this.pick(STRINGS) };
      case 7: return [this.pick(STRINGS), this.pick(NUMBERS), null];
      case 8: return {};
      case 9: return String(this.pick(NUMBERS));
      case 10: return this.pick(['NaN', 'Infinity', '-Infinity', '1e999', '--1']);
      default: return undefined;
    }
  }

  /** A valid value from `valid` most of the time, else something hostile. */
  mix<T>(valid: () => T, pValid = 0.75): T | unknown {
    return this.chance(pValid) ? valid() : this.any();
  }

  /** An optional argument: absent half the time, else as `mix`. */
  opt<T>(valid: () => T, pValid = 0.75): T | unknown {
    return this.chance(0.5) ? undefined : this.mix(valid, pValid);
  }

  id(pool: string[]): unknown {
    return this.mix(() => (this.chance(0.8) && pool.length ? this.pick(pool) : this.pick(['0', '-1', '99999999999999999999', 'abc', '1.5', ''])));
  }

  first(): unknown {
    return this.mix(() => this.pick([1, 5, 20, 100, 0, -1, 101, 2 ** 31 - 1]));
  }

  enumValue(valid: string[]): unknown {
    return this.mix(() => (this.chance(0.7) ? this.pick(valid) : this.pick(['NOPE', valid[0].toLowerCase(), '', 'ID_ASC; --'])));
  }

  /**
   * A list of `item()`s, sometimes empty, sometimes (when `huge`) far over the batch limit: one small item repeated,
   * so the body stays under the server's size limit.
   */
  batch(item: () => unknown, huge = true): unknown {
    if (this.chance(0.1)) return this.any();
    if (huge && this.chance(0.03)) {
      const one = item();
      return new Array(10_001 + this.int(100)).fill((JSON.stringify(one) ?? '').length > 300 ? {} : one);
    }
    return Array.from({ length: this.int(4) }, item);
  }
}

const PRODUCT_FIELDS = 'id externalId name price active category { id name }';

export const OPERATIONS: FuzzOperation[] = [
  {
    name: 'products',
    query: `query($first: Int, $after: String, $filter: ProductFilter, $orderBy: ProductOrderBy) {
      products(first: $first, after: $after, filter: $filter, orderBy: $orderBy) { totalCount edges { cursor node { ${PRODUCT_FIELDS} } } } }`,
    variables: (f) => ({
      first: f.first(),
      after: f.opt(() => f.pick(['', 'YWJj', 'eyJ9', '0', 'not-a-cursor']), 0.3),
      filter: f.mix(() => ({
        search: f.opt(() => f.pick(['mug', '%', '_', "' OR 1=1 --", '😀'])),
        minPrice: f.opt(() => f.pick([0, 1, -5, 1e308])), maxPrice: f.opt(() => f.pick([10, 0, -1])),
        categoryId: f.opt(() => f.pick(f.ids.categoryIds)), inStock: f.opt(() => f.chance(0.5)), active: f.opt(() => f.chance(0.5)),
      }), 0.5),
      orderBy: f.enumValue(['ID_ASC', 'PRICE_ASC', 'PRICE_DESC', 'NAME_ASC']),
    }),
  },
  {
    name: 'product',
    query: `query($id: ID, $externalId: String) { product(id: $id, externalId: $externalId) { ${PRODUCT_FIELDS} similar(first: 3) { score product { id } } } }`,
    variables: (f) => ({ id: f.id(f.ids.productIds), externalId: f.mix(() => f.pick(f.ids.productExternalIds), 0.3) }),
  },
  {
    name: 'recommendations',
    query: `query($userId: ID!, $first: Int!, $modelId: ID, $filter: RecommendationFilter) {
      recommendations(userId: $userId, first: $first, modelId: $modelId, filter: $filter) { modelId source items { score product { id } } } }`,
    variables: (f) => ({
      userId: f.id(f.ids.userIds), first: f.first(), modelId: f.chance(0.8) ? undefined : f.mix(() => f.pick(f.ids.modelIds), 0.5),
      filter: f.mix(() => ({
        categoryIds: f.opt(() => f.batch(() => f.pick(f.ids.categoryIds))), excludeProductIds: f.opt(() => f.batch(() => f.id(f.ids.productIds))),
        minPrice: f.opt(() => f.pick([0, 5, -1])), maxPrice: f.opt(() => f.pick([100, 0, 1e308])),
        inStockOnly: f.opt(() => true), excludeSeen: f.opt(() => false), excludePurchased: f.opt(() => true),
      }), 0.4),
    }),
  },
  {
    name: 'similarProducts',
    query: `query($productId: ID!, $first: Int!) { similarProducts(productId: $productId, first: $first) { score product { id } } }`,
    variables: (f) => ({ productId: f.id(f.ids.productIds), first: f.first() }),
  },
  {
    name: 'trendingProducts',
    query: `query($categoryId: ID, $first: Int!, $window: Int!) { trendingProducts(categoryId: $categoryId, first: $first, window: $window) { score product { id } } }`,
    variables: (f) => ({ categoryId: f.mix(() => f.pick(f.ids.categoryIds), 0.3), first: f.first(), window: f.first() }),
  },
  {
    name: 'users',
    query: `query($first: Int, $after: String, $filter: UserFilter) { users(first: $first, after: $after, filter: $filter) { totalCount edges { node { id externalId country } } } }`,
    variables: (f) => ({
      first: f.first(), after: f.opt(() => f.pick(['', 'bm9wZQ==']), 0.2),
      filter: f.mix(() => ({
        search: f.opt(() => f.pick(STRINGS)), country: f.opt(() => f.pick(['France', "x' --"])),
        createdAfter: f.opt(() => f.pick(['2020-01-01T00:00:00Z', 'yesterday', '2020-13-45T99:00:00Z', '+275760-09-13T00:00:00.001Z'])),
        createdBefore: f.opt(() => f.pick(['2030-01-01T00:00:00Z', '', '0000-00-00'])),
      }), 0.5),
    }),
  },
  {
    name: 'user',
    query: `query($id: ID, $externalId: String) { user(id: $id, externalId: $externalId) { id externalId } }`,
    variables: (f) => ({ id: f.id(f.ids.userIds), externalId: f.mix(() => f.pick(f.ids.userExternalIds), 0.3) }),
  },
  {
    name: 'models and jobs',
    query: `query($id: ID!, $first: Int, $kind: ModelKind, $status: JobStatus) {
      model(id: $id) { id status } job(id: $id) { id status } models(first: $first, kind: $kind) { edges { node { id } } }
      jobs(first: $first, status: $status) { edges { node { id } } } }`,
    variables: (f) => ({
      id: f.id(f.ids.modelIds), first: f.first(), kind: f.enumValue(['ALS', 'BPR', 'EASE', 'ITEM_KNN', 'POPULARITY']),
      status: f.enumValue(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED']),
    }),
  },
  {
    name: 'recordEvents',
    query: `mutation($input: [EventInput!]!, $createMissing: Boolean) { recordEvents(input: $input, createMissing: $createMissing) { accepted } }`,
    variables: (f) => ({
      createMissing: f.mix(() => f.chance(0.3)),
      input: f.batch(() => f.mix(() => ({
        type: f.enumValue(['VIEW', 'CLICK', 'PURCHASE', 'RATING', 'ADD_TO_CART']),
        userExternalId: f.mix(() => f.pick(f.ids.userExternalIds)), productExternalId: f.mix(() => f.pick(f.ids.productExternalIds)),
        quantity: f.mix(() => f.pick([1, 2, 0, -3, 2 ** 31 - 1])), value: f.mix(() => f.pick([1, 5, -1e308, 0.5])),
        price: f.mix(() => f.pick([9.99, -1, 1e308])), eventId: f.mix(() => `e${f.int(50)}`, 0.3),
        occurredAt: f.mix(() => f.pick(['2024-01-01T00:00:00Z', '1969-12-31T23:59:59Z', '9999-12-31T23:59:59Z', 'now'])),
      }), 0.8)),
    }),
  },
  {
    name: 'upsertProducts',
    query: `mutation($input: [ProductInput!]!) { upsertProducts(input: $input) { created updated } }`,
    variables: (f) => ({
      input: f.batch(() => f.mix(() => ({
        externalId: f.mix(() => `fz-${f.int(40)}`), name: f.mix(() => f.pick(['Mug', '', f.longString()])),
        price: f.mix(() => f.pick([1, 0, -1, 1e308, 0.0001])), cost: f.mix(() => f.pick([0.5, -2])),
        stock: f.mix(() => f.pick([0, 10, -5, 2 ** 31 - 1])), active: f.mix(() => true),
        categoryExternalId: f.mix(() => f.pick(['nope', ''])), attributes: f.mix(() => ({ colour: 'red', n: [1, 2] })),
      }), 0.8)),
    }),
  },
  {
    name: 'upsertUsers and categories',
    query: `mutation($users: [UserInput!]!, $categories: [CategoryInput!]!) {
      upsertUsers(input: $users) { created updated } upsertCategories(input: $categories) { created updated } }`,
    variables: (f) => ({
      users: f.batch(() => f.mix(() => ({
        externalId: f.mix(() => `fu-${f.int(40)}`), email: f.mix(() => f.pick(['a@b.c', 'not-an-email', ''])),
        country: f.mix(() => 'France'), attributes: f.mix(() => ({ vip: true })),
      }), 0.8)),
      categories: f.batch(() => f.mix(() => ({
        externalId: f.mix(() => `fc-${f.int(10)}`), name: f.mix(() => 'Cat'), parentExternalId: f.mix(() => `fc-${f.int(10)}`, 0.3),
      }), 0.8)),
    }),
  },
  {
    name: 'recordOrders',
    query: `mutation($input: [OrderInput!]!, $createMissing: Boolean) { recordOrders(input: $input, createMissing: $createMissing) { created updated } }`,
    variables: (f) => ({
      createMissing: f.mix(() => f.chance(0.5)),
      input: f.batch(() => f.mix(() => ({
        externalId: f.mix(() => `fo-${f.int(40)}`), userExternalId: f.mix(() => f.pick(f.ids.userExternalIds), 0.5),
        placedAt: f.mix(() => f.pick(['2024-05-01T12:00:00Z', 'then'])), cancelled: f.mix(() => false, 0.9),
        lines: f.batch(() => f.mix(() => ({
          productExternalId: f.mix(() => f.pick(f.ids.productExternalIds)), quantity: f.mix(() => f.pick([1, -1, 0, 2 ** 31 - 1])),
          unitPrice: f.mix(() => f.pick([2.5, 0, -3, 1e308])),
        }), 0.8), false),
      }), 0.8)),
    }),
  },
  {
    name: 'trainModel (invalid params only)',
    query: `mutation($kind: ModelKind!, $params: JSON) { trainModel(kind: $kind, params: $params) { id status } }`,
    // only invalid params: valid ones would queue real trainings behind the fuzz
    variables: (f) => ({
      kind: f.enumValue(['ALS', 'BPR', 'EASE', 'ITEM_KNN']),
      params: f.pick([{ factors: -1 }, { factors: 'x' }, { iterations: 1e9 }, { nope: 1 }, { factors: 1.5 }, [], 'str', 5,
        { factors: deepArray(20) }, { epochs: -3 }, { lambda: 'NaN' }, { neighbors: 0 }, { holdoutFraction: 2 }]),
    }),
  },
  {
    name: 'activateModel and forgetUser (bad ids)',
    query: `mutation($id: ID!) { activateModel(id: $id) { id } }`,
    variables: (f) => ({ id: f.mix(() => f.pick(['0', '-1', '99999999999999999999', 'x', '1.5', '']), 0.7) }),
  },
];

/** Documents that are themselves hostile: parse errors, unknown fields, deep nesting, aliases en masse. */
export function hostileDocument(f: Fuzzer): string {
  switch (f.int(7)) {
    case 0: return '{ products(first: 1) { edges { node { id } } ';
    case 1: return `{ ${'products(first: 1) { edges { node { id } } } '.replace('products', 'nope')} }`;
    case 2: return `{ categories { ${'parent { '.repeat(40)}id${' }'.repeat(40)} } }`;
    case 3: return `{ ${Array.from({ length: 300 }, (_, i) => `a${i}: products(first: 100) { edges { node { id } } }`).join(' ')} }`;
    case 4: return `query($x: Int = "str") { products(first: $x) { totalCount } }`;
    case 5: return f.pick(['', '   ', '#', 'mutation', 'subscription { x }', '{ __schema { types { name } } }', '\u0000']);
    default: return `{ products(first: 1) { edges { node { id ${'__typename '.repeat(200)} } } } }`;
  }
}
