import type { RequestContext } from '../../common/request-context';
import { execute, query } from '../../common/sql';
import type { Clustering } from '../clustering';

/** Distinct display names: a second cluster with the same description gets " (2)". */
function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  });
}

/**
 * Makes the CLUSTER segments this clustering's clusters: one segment per cluster, kept by name across refreshes (so
 * its id, and with it the members' cluster_since, survives), stale ones deleted. Writes no memberships: a user's
 * cluster is the profile's cluster_segment_id. Returns the segment id of each cluster index (`labels` values).
 */
export async function writeClusters(tx: RequestContext, clustering: Clustering | null): Promise<string[]> {
  if (!clustering) {
    await execute(tx, `DELETE FROM segments WHERE kind = 'CLUSTER'`);
    return [];
  }
  const names = uniqueNames(clustering.clusters.map((c) => c.name));
  const descriptions = clustering.clusters.map((c) =>
    `Behavioural cluster (k-means, k = ${clustering.k}, silhouette ${clustering.silhouette}): ` +
    Object.entries(c.centroid).filter(([key]) => !key.startsWith('country_') && !key.startsWith('share:'))
      .map(([key, value]) => `${key} ${value}`).join(', '),
  );
  const rows = await query<{ id: string; name: string }>(
    tx,
    `INSERT INTO segments (kind, name, description) SELECT 'CLUSTER', n, d FROM unnest($1::text[], $2::text[]) AS x(n, d)
     ON CONFLICT (kind, name) DO UPDATE SET description = EXCLUDED.description RETURNING id::text AS id, name`,
    [names, descriptions],
  );
  const idOf = new Map(rows.map((r) => [r.name, r.id]));
  const segmentIds = names.map((name) => idOf.get(name)!);
  await execute(tx, `DELETE FROM segments WHERE kind = 'CLUSTER' AND NOT (id = ANY($1::bigint[]))`, [segmentIds]);
  return segmentIds;
}
