/**
 * The members of every segment as a derived table (segment_id, user_id, since), to be used as
 * `FROM (${SEGMENT_MEMBERS}) m`. RFM and CLUSTER membership is read from the profile columns the refresh writes
 * (rfm_segment, cluster_segment_id, and since when), so a refresh rewrites no membership rows for them; only
 * CUSTOM (rule) segments keep rows in segment_memberships. Joining segments drops a deleted segment's members.
 *
 * Plain SQL text rather than a database VIEW: the refresh builds a new customer_profiles table and swaps it in,
 * and a view would stay bound to the old one. A filter on segment_id or user_id is pushed into each branch, where
 * it meets an index (segments PK / uq_segments_kind_name, the customer_profiles PK, the segment_memberships PK,
 * idx_segment_memberships_user) — except rfm_segment and cluster_segment_id: each value holds a tenth of the
 * customers or more, so a scan is as fast as an index there (see migration 1765500000000).
 */
export const SEGMENT_MEMBERS = `
  SELECT s.id AS segment_id, p.user_id, coalesce(p.rfm_since, p.as_of) AS since
  FROM customer_profiles p JOIN segments s ON s.kind = 'RFM' AND s.name = p.rfm_segment
  UNION ALL
  SELECT s.id, p.user_id, coalesce(p.cluster_since, p.as_of)
  FROM customer_profiles p JOIN segments s ON s.kind = 'CLUSTER' AND s.id = p.cluster_segment_id
  UNION ALL
  SELECT m.segment_id, m.user_id, m.since FROM segment_memberships m`;
