import type { SalesSeries } from '../forecasts/series';
import { commonElasticity } from './common-elasticity';
import { estimateElasticity, type ElasticityEstimate, type RegressionRows } from './elasticity';
import { shareOffset } from './seasonality';
import { poolEstimates } from './shrinkage';

/** z of a two-sided 95 % normal interval. */
const Z95 = 1.959964;

/** A product to estimate: its pooling group (its category) and the key of its reference (seasonal) series. */
export interface ProductRef {
  id: string;
  group: string | null;
  season: string;
}

export interface ProductElasticity {
  raw: ElasticityEstimate;
  /** Present when the product's own estimate exists: partially pooled towards its group. */
  pooled: {
    elasticity: number;
    standardError: number;
    interval: [number, number];
    shrinkage: number;
    /** Products with an estimate in the pooling group (1 = not pooled). */
    groupSize: number;
  } | null;
}

/**
 * Estimates every product's elasticity from its daily series (with its reference series, e.g. its department's,
 * as the seasonal control) and pools the estimates within each group towards the group's common elasticity.
 * Products without an own estimate stay unpooled (their `raw` says why).
 */
export function estimateElasticities(
  refs: readonly ProductRef[],
  series: ReadonlyMap<string, SalesSeries>,
  references: ReadonlyMap<string, SalesSeries>,
): Map<string, ProductElasticity> {
  const result = new Map<string, ProductElasticity>();
  const groups = new Map<string, Array<{ id: string; value: number; standardError: number; rows: RegressionRows }>>();
  for (const ref of refs) {
    const s = series.get(ref.id);
    const reference = references.get(ref.season);
    const offset = s && reference ? shareOffset(reference.quantity, s.quantity) : new Float64Array(0);
    const raw: ElasticityEstimate = s ? estimateElasticity(s, offset) : { ok: false, reason: 'no sales' };
    result.set(ref.id, { raw, pooled: null });
    if (!raw.ok) continue;
    const key = ref.group ?? `product:${ref.id}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push({ id: ref.id, value: raw.elasticity, standardError: raw.standardError, rows: raw.rows });
  }
  for (const members of groups.values()) {
    const center = members.length > 1 ? commonElasticity(members.map((m) => m.rows)) ?? undefined : undefined;
    const { pooled } = poolEstimates(members, center);
    members.forEach((m, i) => {
      const p = pooled[i];
      result.get(m.id)!.pooled = {
        elasticity: p.value,
        standardError: p.standardError,
        interval: [p.value - Z95 * p.standardError, p.value + Z95 * p.standardError],
        shrinkage: p.shrinkage,
        groupSize: members.length,
      };
    });
  }
  return result;
}
