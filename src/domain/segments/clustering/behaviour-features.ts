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
  const rows: number[] = [];
  const stats: Array<{ orders: number; lastAt: number; spend: number; bought: number; returned: number }> = [];
  for (let u = 0; u < ledger.userIds.length; u++) {
    let [orders, lastAt, spend, bought, returned] = [0, -Infinity, 0, 0, 0];
    for (let r = ledger.start[u]; r < ledger.start[u + 1]; r++) {
      spend += ledger.lineSpend[r];
      if (ledger.cancelled[r]) continue;
      returned += ledger.unitsReturned[r];
      if (ledger.unitsBought[r] <= 0) continue;
      bought += ledger.unitsBought[r];
      orders++;
      lastAt = ledger.atMs[r];
    }
    if (bought <= 0) continue;
    rows.push(u);
    stats.push({ orders, lastAt, spend, bought, returned });
  }
  const departments = ledger.departments.map((_, j) => j).filter((j) => rows.some((u) => ledger.interest[u * d + j] > 0));
  const countryCounts = new Map<string, number>();
  for (const u of rows) countryCounts.set(ledger.countries[u] ?? '', (countryCounts.get(ledger.countries[u] ?? '') ?? 0) + 1);
  const countries = [...countryCounts].sort((a, b) => b[1] - a[1]).slice(0, MAX_COUNTRIES).map(([c]) => c).filter(Boolean);
  const columns = [
    'recency_days', 'frequency', 'monetary', 'basket_size', 'return_rate',
    ...departments.map((j) => `share:${ledger.departments[j].name}`),
    ...countries.map((c) => `country_${c}`), 'country_other',
  ];
  const width = columns.length;
  const values = new Float32Array(rows.length * width);
  const revenue = new Float64Array(rows.length);
  rows.forEach((u, i) => {
    const t = stats[i];
    const at = i * width;
    values[at] = (ledger.asOfMs - t.lastAt) / 86_400_000;
    values[at + 1] = t.orders;
    values[at + 2] = Math.max(0, t.spend);
    values[at + 3] = t.bought / Math.max(1, t.orders);
    values[at + 4] = t.returned / t.bought;
    let interest = 0;
    for (const j of departments) interest += ledger.interest[u * d + j];
    departments.forEach((j, k) => (values[at + 5 + k] = ledger.interest[u * d + j] / (interest || 1)));
    const country = ledger.countries[u] ?? '';
    const c = countries.indexOf(country);
    values[at + 5 + departments.length + (c < 0 ? countries.length : c)] = 1;
    revenue[i] = Math.max(0, t.spend);
  });
  // country is one attribute spread over many indicator columns: together they should not outweigh the rest
  const weights = Object.fromEntries(columns.filter((c) => c.startsWith('country_')).map((c) => [c, COUNTRY_WEIGHT]));
  return { ids: rows.map((u) => ledger.userIds[u]), columns, values, revenue, weights, logColumns: ['recency_days', 'frequency', 'monetary', 'basket_size'] };
}

/** The clustering table of the shop's customers as of `asOf` (reads the ledger; the refresh reuses its own). */
export async function loadBehaviourTable(ctx: BulkContext, asOf: Date): Promise<ClusterInput> {
  return behaviourTableOf(await loadCustomerLedger(ctx, asOf));
}
