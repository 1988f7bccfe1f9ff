import { RFM_SEGMENTS } from '../rfm/rfm.types';
import type { ProfileInputs } from './profile-writer';

/** What a segment's statistics are made of: members, their net spend, and the CLV of those who have one. */
export interface SegmentTotals {
  size: number;
  money: number;
  clvSum: number;
  clvCount: number;
}

/** The totals of every RFM segment (by name) and CLUSTER segment (by id), and everyone's net spend. */
export interface DerivedTotals {
  rfm: Map<string, SegmentTotals>;
  clusters: Map<string, SegmentTotals>;
  money: number;
}

export const emptyTotals = (): SegmentTotals => ({ size: 0, money: 0, clvSum: 0, clvCount: 0 });

/** Counts one member with its net spend and CLV (either null when the profile has none). */
export function addMember(totals: SegmentTotals, money: number | null, clv: number | null): void {
  totals.size++;
  if (money !== null) totals.money += money;
  if (clv !== null) {
    totals.clvSum += clv;
    totals.clvCount++;
  }
}

/**
 * The statistics of the segments whose members the profiles name (RFM and CLUSTER), from the values the refresh just
 * wrote: the same sums `updateSegmentStats` takes over customer_profiles in SQL (which stays the reference, and
 * what a single custom segment uses), without a second pass of the server over a million rows.
 */
export function derivedTotals(inputs: ProfileInputs): DerivedTotals {
  const { userIds, rfm, clv, clusters } = inputs;
  const out: DerivedTotals = { rfm: new Map(RFM_SEGMENTS.map((name) => [name, emptyTotals()])), clusters: new Map(), money: 0 };
  const bySegment = RFM_SEGMENTS.map((name) => out.rfm.get(name)!);
  let [s, c] = [0, 0];
  for (let u = 0; u < userIds.length; u++) {
    const row = rfm.users[s] === u ? s++ : -1;
    const money = row >= 0 ? rfm.scores.monetary[row] : null;
    const value = row >= 0 ? clv.values[row]?.clv ?? null : null;
    if (money !== null) out.money += money;
    if (row >= 0) addMember(bySegment[rfm.scores.segment[row]], money, value);
    if (clusters !== null && clusters.ids[c] === userIds[u]) {
      const id = clusters.segmentIds[c++];
      let totals = out.clusters.get(id);
      if (!totals) out.clusters.set(id, (totals = emptyTotals()));
      addMember(totals, money, value);
    }
  }
  return out;
}
