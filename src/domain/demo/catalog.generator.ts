import { categoryExternalId, DEPARTMENTS, ELASTICITY_RANGE, PRODUCT_KIND_SHARES, TIERS } from './catalog.data';
import type { DemoCategory, DemoProduct } from './demo.types';
import type { CatalogModel, LeafModel, ProductModel } from './product-model';
import { expectedUnitsPerYear } from './group-weights';
import { Rng } from './random';

/** Length of the trending products' ramp at the end of the history. */
export const TREND_DAYS = 42;

/** Target yearly units of a slow mover (lower in small shops, see plantSlowAndTrending). */
export const SLOW_UNITS_PER_YEAR = 30;

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Shop prices: whole amounts minus a cent from 10 up (19.99), cents below. */
export function roundPrice(price: number): number {
  return price >= 10 ? Math.round(price) - 0.01 : Math.max(0.5, round2(price));
}

function buildCategories(rng: Rng): { categories: DemoCategory[]; leaves: LeafModel[] } {
  const categories: DemoCategory[] = [];
  const leaves: LeafModel[] = [];
  DEPARTMENTS.forEach((dep) => categories.push({ externalId: categoryExternalId(dep.key), name: dep.name, parentExternalId: null }));
  DEPARTMENTS.forEach((dep, department) => {
    for (const leaf of dep.leaves) {
      const externalId = categoryExternalId(dep.key, leaf.key);
      categories.push({ externalId, name: leaf.name, parentExternalId: categoryExternalId(dep.key) });
      const elasticity = round2(rng.uniform(ELASTICITY_RANGE.min, ELASTICITY_RANGE.max));
      leaves.push({ externalId, department, elasticity, nouns: leaf.nouns });
    }
  });
  return { categories, leaves };
}

function drawTier(rng: Rng): (typeof TIERS)[number] {
  return TIERS[rng.categorical(TIERS.map((t) => t.share))];
}

function drawProductModel(rng: Rng, index: number, leaves: LeafModel[]): ProductModel {
  const leaf = index % leaves.length;
  const department = leaves[leaf].department;
  const tier = drawTier(rng);
  const basePrice = roundPrice(DEPARTMENTS[department].medianPrice * tier.priceFactor * rng.lognormal(0, 0.3));
  return {
    index,
    externalId: `demo-p${String(index + 1).padStart(5, '0')}`,
    department,
    leaf,
    tier: tier.tier,
    popularity: rng.lognormal(0, 0.8),
    elasticity: leaves[leaf].elasticity,
    basePrice,
    prices: [{ day: 0, price: basePrice }],
    kind: 'regular',
    trend: null,
    discontinuedDay: null,
  };
}

/** Marks inactive and slow products; slow ones get a popularity placeholder until their volume is planted. */
function assignInactiveAndSlow(rng: Rng, models: ProductModel[], days: number): void {
  const order = rng.shuffled(models);
  const nInactive = Math.max(1, Math.round(models.length * PRODUCT_KIND_SHARES.inactive));
  const nSlow = Math.max(1, Math.round(models.length * PRODUCT_KIND_SHARES.slow));
  order.slice(0, nInactive).forEach((m) => {
    m.kind = 'inactive';
    m.discontinuedDay = Math.max(Math.floor(days / 2), days - rng.intBetween(30, 90));
  });
  order.slice(nInactive, nInactive + nSlow).forEach((m) => {
    m.kind = 'slow';
    m.popularity = 0.1;
  });
}

/**
 * Slow movers are scaled to sell about min(SLOW_UNITS_PER_YEAR, a quarter of the median regular product) units a
 * year (± 30 %): intermittent, not dead. Trending products are drawn from the best-selling 30 % of the rest, so
 * their ramp stands out of the noise.
 */
function plantSlowAndTrending(rng: Rng, models: ProductModel[], users: number, days: number): void {
  const expected = expectedUnitsPerYear(models, users, days);
  const regular = models.filter((m) => m.kind === 'regular');
  const median = regular.map((m) => expected[m.index]).sort((a, b) => a - b)[Math.floor(regular.length / 2)] ?? 0;
  const target = Math.min(SLOW_UNITS_PER_YEAR, median / 4);
  for (const m of models) if (m.kind === 'slow') m.popularity *= (target * rng.uniform(0.7, 1.3)) / expected[m.index];
  const bestSelling = regular.slice().sort((a, b) => expected[b.index] - expected[a.index] || a.index - b.index);
  const nTrending = Math.max(1, Math.round(models.length * PRODUCT_KIND_SHARES.trending));
  for (const m of rng.shuffled(bestSelling.slice(0, Math.ceil(bestSelling.length * 0.3))).slice(0, nTrending)) {
    m.kind = 'trending';
    m.trend = { startDay: days - TREND_DAYS, gain: round2(rng.uniform(4, 6)) };
  }
}

/**
 * Three to five price changes on distinct days at least three weeks apart, each to base × U(0.72, 1.3) and at least
 * 5 % away from the previous price. Trending products keep their base price, so their ramp is pure trend.
 */
function drawPriceHistory(rng: Rng, model: ProductModel, days: number): void {
  const wanted = model.trend ? 0 : rng.intBetween(3, 5);
  const changeDays: number[] = [];
  for (let attempt = 0; attempt < 40 && changeDays.length < wanted; attempt++) {
    const day = rng.intBetween(14, days - 7);
    if (changeDays.every((d) => Math.abs(d - day) >= 21)) changeDays.push(day);
  }
  changeDays.sort((a, b) => a - b);
  for (const day of changeDays) {
    const previous = model.prices[model.prices.length - 1].price;
    let price = previous;
    for (let attempt = 0; attempt < 20 && Math.abs(Math.log(price / previous)) < 0.05; attempt++) {
      price = roundPrice(model.basePrice * rng.uniform(0.72, 1.3));
    }
    if (price !== previous) model.prices.push({ day, price });
  }
}

function productName(rng: Rng, model: ProductModel, leaf: LeafModel): { name: string; brand: string } {
  const brand = rng.pick(DEPARTMENTS[model.department].brands);
  const prefix = model.tier === 'budget' ? 'Essential ' : model.tier === 'premium' ? 'Premium ' : '';
  const code = `${String.fromCharCode(65 + rng.int(26))}${rng.intBetween(10, 99)}`;
  return { name: `${brand} ${prefix}${rng.pick(leaf.nouns)} ${code}`, brand };
}

/** Indexes of the products out of stock: the inactive ones and a share of the others (never a trending one). */
function drawOutOfStock(rng: Rng, models: ProductModel[]): Set<number> {
  const candidates = models.filter((m) => m.kind === 'regular' || m.kind === 'slow');
  const count = Math.max(1, Math.round(models.length * PRODUCT_KIND_SHARES.outOfStock));
  const chosen = rng.shuffled(candidates).slice(0, count);
  return new Set([...chosen, ...models.filter((m) => m.kind === 'inactive')].map((m) => m.index));
}

function toProductRow(rng: Rng, model: ProductModel, leaves: LeafModel[], outOfStock: boolean): DemoProduct {
  const margin = rng.uniform(0.3, 0.6);
  const active = model.kind !== 'inactive';
  const { name, brand } = productName(rng, model, leaves[model.leaf]);
  return {
    externalId: model.externalId,
    name,
    categoryExternalId: leaves[model.leaf].externalId,
    price: model.prices[model.prices.length - 1].price,
    cost: round2(model.basePrice * (1 - margin)),
    stock: outOfStock ? 0 : Math.round(5 + model.popularity * rng.uniform(20, 200)),
    active,
    attributes: { brand, tier: model.tier },
  };
}

/**
 * Generates the category tree and the products, with their planted kinds, price histories and elasticities.
 * The shop's user count sets the slow movers' popularity (their volume is planted in units, not in shares).
 */
export function generateCatalog(seed: number, sizes: { products: number; users: number; days: number }): CatalogModel {
  const { days } = sizes;
  const rng = Rng.forStream(seed, 'catalog');
  const { categories, leaves } = buildCategories(rng);
  const models = Array.from({ length: sizes.products }, (_, i) => drawProductModel(rng, i, leaves));
  assignInactiveAndSlow(rng, models, days);
  plantSlowAndTrending(rng, models, sizes.users, days);
  for (const model of models) drawPriceHistory(rng, model, days);
  const outOfStock = drawOutOfStock(rng, models);
  const products = models.map((model) => toProductRow(rng, model, leaves, outOfStock.has(model.index)));
  return { categories, leaves, products, models };
}
