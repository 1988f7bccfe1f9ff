import type { CustomerLedger } from '../ledger/customer-ledger';
import type { BulkContext } from '../../common/pooled-client';
import { loadCustomerLedger } from '../ledger/ledger.loader';
import type { ClusterInput } from './behaviour-clusters';

/** Countries with their own indicator column; the rest share `country_other`. */
const MAX_COUNTRIES = 12;
/** Weight of each country indicator after standardising (see loadBehaviourTable). */
const COUNTRY_WEIGHT = 0.5;

/**
 * The clustering table of the ledger's customers: recency, purchases, spend, basket size, return rate, the share of
 * their interest (units bought plus browsing events) per top-level category, and country indicators (the most
 * common countries). Customers who bought no units are left out. Skewed columns are clustered on log scale.
 */
export function behaviourTableOf(ledger: CustomerLedger): ClusterInput {
  const d = ledger.departments.length;
  const n = ledger.userIds.length;
  // per kept customer, in columns (a million objects would cost more in the collector than the arithmetic)
  const [rows, orders, lastAt, spend, bought, returned] = [new Int32Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  let k = 0;
  for (let u = 0; u < n; u++) {
    let orderCount = 0;
    let last = -Infinity;
    let spent = 0;
    let units = 0;
    let unitsBack = 0;
    for (let r = ledger.start[u]; r < ledger.start[u + 1]; r++) {
      spent += ledger.lineSpend[r];
      if (ledger.cancelled[r]) continue;
      unitsBack += ledger.unitsReturned[r];
      if (ledger.unitsBought[r] <= 0) continue;
      units += ledger.unitsBought[r];
      orderCount++;
      last = ledger.atMs[r];
    }
    if (units <= 0) continue;
    rows[k] = u;
    orders[k] = orderCount;
    lastAt[k] = last;
    spend[k] = spent;
    bought[k] = units;
    returned[k] = unitsBack;
    k++;
  }
  const kept = rows.subarray(0, k);
  const departments = ledger.departments.map((_, j) => j).filter((j) => kept.some((u) => ledger.interest[u * d + j] > 0));
  const countryCounts = new Map<string, number>();
  for (const u of kept) countryCounts.set(ledger.countries[u] ?? '', (countryCounts.get(ledger.countries[u] ?? '') ?? 0) + 1);
  const countries = [...countryCounts].sort((a, b) => b[1] - a[1]).slice(0, MAX_COUNTRIES).map(([c]) => c).filter(Boolean);
  const columns = [
    'recency_days', 'frequency', 'monetary', 'basket_size', 'return_rate',
    ...departments.map((j) => `share:${ledger.departments[j].name}`),
    ...countries.map((c) => `country_${c}`), 'country_other',
  ];
  const width = columns.length;
  const countryColumn = new Map(countries.map((c, i) => [c, 5 + departments.length + i]));
  const otherCountry = 5 + departments.length + countries.length;
  const values = new Float32Array(k * width);
  const revenue = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const u = kept[i];
    const at = i * width;
    values[at] = (ledger.asOfMs - lastAt[i]) / 86_400_000;
    values[at + 1] = orders[i];
    values[at + 2] = Math.max(0, spend[i]);
    values[at + 3] = bought[i] / Math.max(1, orders[i]);
    values[at + 4] = returned[i] / bought[i];
    let interest = 0;
    for (const j of departments) interest += ledger.interest[u * d + j];
    for (let c = 0; c < departments.length; c++) values[at + 5 + c] = ledger.interest[u * d + departments[c]] / (interest || 1);
    values[at + (countryColumn.get(ledger.countries[u] ?? '') ?? otherCountry)] = 1;
    revenue[i] = Math.max(0, spend[i]);
  }
  // country is one attribute spread over many indicator columns: together they should not outweigh the rest
  const weights = Object.fromEntries(columns.filter((c) => c.startsWith('country_')).map((c) => [c, COUNTRY_WEIGHT]));
  return { ids: Array.from(kept, (u) => ledger.userIds[u]), columns, values, revenue, weights, logColumns: ['recency_days', 'frequency', 'monetary', 'basket_size'] };
}

/** The clustering table of the shop's customers as of `asOf` (reads the ledger; the refresh reuses its own). */
export async function loadBehaviourTable(ctx: BulkContext, asOf: Date): Promise<ClusterInput> {
  return behaviourTableOf(await loadCustomerLedger(ctx, asOf));
}
