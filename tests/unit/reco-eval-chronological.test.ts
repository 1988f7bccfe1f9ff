import {
  chronologicalSplit, evaluateChronological, rowOf, toPurchaseLog, type Purchase,
} from '../../src/domain/recommendations/evaluation';

const DAY = 86_400_000;
const END = Date.parse('2011-12-31T12:00:00Z');

/**
 * A planted purchase log around a 30-day holdout (cutoff = END − 30 days):
 *   c1 trains on i1 (invoices v1, v2: quantities 3 + 5) and i2 (two rows of invoice v3: 2 + 1); in the test window
 *      buys i1 again (a re-purchase: not relevant), i3 (new: relevant) and i9 (never sold before: dropped);
 *   c2 trains on i4 and buys i2 exactly at the cutoff (the test window starts at the cutoff: relevant);
 *   c3 only buys in the test window (no history: not evaluated);
 *   c4 trains on i5 and i3 and buys nothing later (a training user without test items).
 */
function plantedLog() {
  const p = (customer: string, item: string, invoice: string, quantity: number, daysBeforeEnd: number): Purchase => ({
    customer, item, invoice, quantity, timeMs: END - daysBeforeEnd * DAY,
  });
  return toPurchaseLog([
    p('c1', 'i1', 'v1', 3, 100),
    p('c1', 'i1', 'v2', 5, 50),
    p('c1', 'i2', 'v3', 2, 40),
    p('c1', 'i2', 'v3', 1, 40),
    p('c2', 'i4', 'v4', 1, 31),
    p('c4', 'i5', 'v5', 1, 60),
    p('c4', 'i3', 'v5', 1, 60),
    p('c2', 'i2', 'v6', 1, 30),
    p('c1', 'i1', 'v7', 1, 10),
    p('c1', 'i3', 'v7', 1, 10),
    p('c1', 'i9', 'v7', 1, 10),
    p('c3', 'i1', 'v8', 1, 5),
    p('c1', 'i3', 'v9', 1, 0),
  ]);
}

describe('chronologicalSplit (Online Retail protocol)', () => {
  it('holds out the last 30 days and keeps only new, known items as relevant', () => {
    const log = plantedLog();
    const split = chronologicalSplit(log);
    expect(split.endMs).toBe(END);
    expect(split.cutoffMs).toBe(END - 30 * DAY);
    expect(split.userIds).toEqual(['c1', 'c2', 'c4']);
    expect(split.itemIds).toEqual(['i1', 'i2', 'i4', 'i5', 'i3']);
    const relevant = split.relevant.map((set) => [...set].map((i) => split.itemIds[i]).sort());
    expect(relevant).toEqual([['i3'], ['i2'], []]);
    expect(split.droppedUnseenItems).toBe(1);
    for (const r of split.trainRows) expect(log.times[r]).toBeLessThan(split.cutoffMs);
    expect(split.trainRows).toHaveLength(7);
  });

  it('weights an entry by distinct invoices, summed quantity or 1, and keeps its latest time', () => {
    const log = plantedLog();
    const c1 = (weight: 'invoices' | 'quantity' | 'binary') => {
      const { train, itemIds } = chronologicalSplit(log, { weight });
      const m = train.matrix;
      return Object.fromEntries(Array.from(rowOf(m, 0), (item, k) => [itemIds[item], m.values[m.indptr[0] + k]]));
    };
    expect(c1('invoices')).toEqual({ i1: 2, i2: 1 });
    expect(c1('quantity')).toEqual({ i1: 8, i2: 3 });
    expect(c1('binary')).toEqual({ i1: 1, i2: 1 });
    const { train } = chronologicalSplit(log);
    expect(train.timestamps[0]).toBe((END - 50 * DAY) / 1000);
    expect(train.matrix.indptr).toEqual(Int32Array.from([0, 2, 3, 5]));
  });

  it('carves a validation window from the training rows only', () => {
    const log = plantedLog();
    const outer = chronologicalSplit(log);
    const inner = chronologicalSplit(log, { rows: outer.trainRows });
    expect(inner.endMs).toBe(END - 31 * DAY);
    expect(inner.cutoffMs).toBe(END - 61 * DAY);
    expect(inner.userIds).toEqual(['c1']);
    expect(inner.relevant.map((set) => [...set].map((i) => inner.itemIds[i]))).toEqual([[]]);
  });

  it('refuses an empty log and a non-positive window', () => {
    expect(() => chronologicalSplit(toPurchaseLog([]))).toThrow('no purchases');
    expect(() => chronologicalSplit(plantedLog(), { holdoutDays: 0 })).toThrow('holdoutDays');
  });

  it('refuses to evaluate a log shorter than the test window', async () => {
    const recent = toPurchaseLog([{ customer: 'c', item: 'i', invoice: 'v', quantity: 1, timeMs: END }]);
    await expect(evaluateChronological(recent, ['popularity'])).rejects.toThrow('no purchases before the 30-day test window');
  });

  it('scores popularity trained on the training window only', async () => {
    // Five training items, so each top-10 holds every item the customer lacks: both new items are found, 1 of 10.
    const { rows } = await evaluateChronological(plantedLog(), ['popularity']);
    expect(rows).toHaveLength(1);
    expect(rows[0].users).toBe(2);
    expect(rows[0].recall).toBe(1);
    expect(rows[0].precision).toBeCloseTo(0.1, 10);
  });
});
