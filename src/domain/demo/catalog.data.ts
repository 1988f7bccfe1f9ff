/**
 * The fixed shape of the demo catalogue: seven departments with two or three subcategories each. Products live
 * in the subcategories (leaves); price levels, units per line and return rates are set per department so the
 * shop looks plausible, and price elasticities are drawn per leaf from the seed.
 */

export interface DepartmentSpec {
  key: string;
  name: string;
  /** Median base price of a standard-tier product. */
  medianPrice: number;
  /** Units per order line are 1 + Poisson(extraUnits). */
  extraUnits: number;
  /** Probability that a sold line is returned (partly or wholly). */
  returnRate: number;
  brands: readonly string[];
  leaves: ReadonlyArray<{ key: string; name: string; nouns: readonly string[] }>;
}

export const DEPARTMENTS: readonly DepartmentSpec[] = [
  {
    key: 'electronics', name: 'Electronics', medianPrice: 180, extraUnits: 0.05, returnRate: 0.05,
    brands: ['Voltix', 'Nordwave', 'Kairo', 'Lumen'],
    leaves: [
      { key: 'phones', name: 'Phones & Accessories', nouns: ['Smartphone', 'Phone Case', 'Charger', 'Power Bank'] },
      { key: 'audio', name: 'Audio', nouns: ['Headphones', 'Earbuds', 'Speaker', 'Soundbar'] },
      { key: 'computers', name: 'Computers', nouns: ['Laptop', 'Keyboard', 'Monitor', 'Mouse'] },
    ],
  },
  {
    key: 'home', name: 'Home & Kitchen', medianPrice: 45, extraUnits: 0.15, returnRate: 0.03,
    brands: ['Hearth', 'Casa Nova', 'Oakridge'],
    leaves: [
      { key: 'cookware', name: 'Cookware', nouns: ['Frying Pan', 'Saucepan', 'Knife Set', 'Dutch Oven'] },
      { key: 'furniture', name: 'Furniture', nouns: ['Side Table', 'Bookshelf', 'Desk Chair', 'Stool'] },
      { key: 'decor', name: 'Decor', nouns: ['Vase', 'Cushion', 'Table Lamp', 'Wall Clock'] },
    ],
  },
  {
    key: 'fashion', name: 'Fashion', medianPrice: 40, extraUnits: 0.2, returnRate: 0.12,
    brands: ['Mira', 'Fieldhouse', 'Corvo', 'Linea'],
    leaves: [
      { key: 'women', name: 'Women', nouns: ['Dress', 'Blouse', 'Cardigan', 'Skirt'] },
      { key: 'men', name: 'Men', nouns: ['Shirt', 'Chinos', 'Jacket', 'Sweater'] },
      { key: 'shoes', name: 'Shoes', nouns: ['Sneakers', 'Boots', 'Loafers', 'Sandals'] },
    ],
  },
  {
    key: 'beauty', name: 'Beauty', medianPrice: 22, extraUnits: 0.3, returnRate: 0.02,
    brands: ['Aurelle', 'Pura', 'Solenne'],
    leaves: [
      { key: 'skincare', name: 'Skincare', nouns: ['Face Cream', 'Serum', 'Cleanser', 'Sunscreen'] },
      { key: 'makeup', name: 'Makeup', nouns: ['Lipstick', 'Mascara', 'Foundation', 'Eyeshadow Palette'] },
    ],
  },
  {
    key: 'sports', name: 'Sports & Outdoors', medianPrice: 55, extraUnits: 0.1, returnRate: 0.04,
    brands: ['Summit', 'Stride', 'Velo'],
    leaves: [
      { key: 'fitness', name: 'Fitness', nouns: ['Yoga Mat', 'Dumbbell Set', 'Resistance Bands', 'Kettlebell'] },
      { key: 'camping', name: 'Camping', nouns: ['Tent', 'Sleeping Bag', 'Headlamp', 'Camping Stove'] },
      { key: 'cycling', name: 'Cycling', nouns: ['Bike Helmet', 'Bike Light', 'Cycling Gloves', 'Pump'] },
    ],
  },
  {
    key: 'toys', name: 'Toys & Games', medianPrice: 28, extraUnits: 0.15, returnRate: 0.03,
    brands: ['Playwell', 'Tinker', 'Bramble'],
    leaves: [
      { key: 'board-games', name: 'Board Games', nouns: ['Strategy Game', 'Party Game', 'Puzzle', 'Card Game'] },
      { key: 'building', name: 'Building Sets', nouns: ['Brick Set', 'Marble Run', 'Robot Kit', 'Model Kit'] },
      { key: 'plush', name: 'Plush & Dolls', nouns: ['Teddy Bear', 'Doll', 'Plush Fox', 'Puppet'] },
    ],
  },
  {
    key: 'grocery', name: 'Grocery', medianPrice: 7, extraUnits: 1.0, returnRate: 0.01,
    brands: ['Green Valley', 'Roastery', 'Pantry'],
    leaves: [
      { key: 'coffee-tea', name: 'Coffee & Tea', nouns: ['Coffee Beans', 'Green Tea', 'Espresso Pods', 'Herbal Tea'] },
      { key: 'snacks', name: 'Snacks', nouns: ['Granola', 'Dark Chocolate', 'Trail Mix', 'Crackers'] },
    ],
  },
];

/** Tier shares and their price multipliers relative to the department median. */
export const TIERS = [
  { tier: 'budget', share: 0.35, priceFactor: 0.6 },
  { tier: 'standard', share: 0.45, priceFactor: 1 },
  { tier: 'premium', share: 0.2, priceFactor: 1.9 },
] as const;

/** The range the per-leaf constant price elasticities are drawn from (uniformly). */
export const ELASTICITY_RANGE = { min: -2.5, max: -0.8 } as const;

/** Shares of products with a planted demand pattern (the rest are regular). */
export const PRODUCT_KIND_SHARES = { trending: 0.03, slow: 0.08, inactive: 0.03, outOfStock: 0.06 } as const;

/** External id of a department or leaf category. */
export function categoryExternalId(departmentKey: string, leafKey?: string): string {
  return leafKey ? `demo-cat-${departmentKey}-${leafKey}` : `demo-cat-${departmentKey}`;
}
