import {
  combinedFm, countSegments, daysBetweenUtcDates, quintileScores, RFM_SEGMENTS, rfmSegment, scoreRfm, type RfmInput,
} from '../../src/domain/segments/rfm';

const REF = new Date('2025-07-01T00:00:00Z');
const daysAgo = (d: number) => new Date(REF.getTime() - d * 86_400_000 + 3_600_000);

describe('quintile scores', () => {
  it('splits distinct values into five equal groups, 5 = highest', () => {
    const values = Array.from({ length: 100 }, (_, i) => (i * 37) % 100);
    const scores = quintileScores(values);
    values.forEach((v, i) => expect(scores[i]).toBe(1 + Math.floor(v / 20)));
  });
  it('reverses when lower is better', () => {
    expect(quintileScores([1, 2, 3, 4, 5], false)).toEqual([5, 4, 3, 2, 1]);
  });
  it('gives tied values one score, independent of input order', () => {
    const values = [1, 1, 1, 1, 1, 1, 2, 3, 4, 9];
    const scores = quintileScores(values);
    expect(scores).toEqual([1, 1, 1, 1, 1, 1, 4, 4, 5, 5]);
    const reversed = quintileScores(values.slice().reverse());
    expect(reversed).toEqual(scores.slice().reverse());
  });
  it('equals its definition, 1 + ⌊5 · (values strictly below) / n⌋, on random tied and untied values of every size', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let n = 1; n <= 60; n++) {
      for (const spread of [3, 20, 1e6]) {
        const values = Array.from({ length: n }, () => Math.floor(random() * spread) - spread / 4);
        for (const higherIsBetter of [true, false]) {
          const keyed = values.map((v) => (higherIsBetter ? v : -v));
          const expected = keyed.map((v) => Math.min(5, 1 + Math.floor((5 * keyed.filter((w) => w < v).length) / n)));
          expect(quintileScores(values, higherIsBetter)).toEqual(expected);
        }
      }
    }
  });
  it('handles one customer and negative monetary values', () => {
    expect(quintileScores([42])).toEqual([1]);
    expect(quintileScores([-10, 0, 10, 20, 30])).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('segment grid', () => {
  it('maps every (R, FM) cell to one of the 11 segments and uses all of them', () => {
    const seen = new Set<string>();
    for (let r = 1; r <= 5; r++) for (let fm = 1; fm <= 5; fm++) seen.add(rfmSegment(r, fm));
    expect([...seen].sort()).toEqual([...RFM_SEGMENTS].sort());
  });
  it('rounds FM halves up', () => {
    expect(combinedFm(5, 4)).toBe(5);
    expect(combinedFm(1, 2)).toBe(2);
    expect(combinedFm(3, 3)).toBe(3);
  });
  it('puts the textbook cases where RFM users expect them', () => {
    expect(rfmSegment(5, 5)).toBe('Champions');
    expect(rfmSegment(5, 1)).toBe('New');
    expect(rfmSegment(1, 5)).toBe("Can't lose");
    expect(rfmSegment(1, 1)).toBe('Lost');
    expect(rfmSegment(3, 3)).toBe('Need attention');
  });
});

describe('scoreRfm with planted customers', () => {
  // Ten fillers spread evenly so the quintiles are known, plus planted archetypes.
  const inputs: RfmInput[] = [];
  for (let i = 0; i < 20; i++) {
    inputs.push({ userId: `fill${i}`, lastPurchaseAt: daysAgo(10 + i * 15), frequency: 2 + (i % 5), monetary: 50 + i * 10 });
  }
  inputs.push({ userId: 'champion', lastPurchaseAt: daysAgo(1), frequency: 40, monetary: 9000 });
  inputs.push({ userId: 'newbie', lastPurchaseAt: daysAgo(0), frequency: 1, monetary: 5 });
  inputs.push({ userId: 'cantlose', lastPurchaseAt: daysAgo(500), frequency: 35, monetary: 8000 });
  inputs.push({ userId: 'lost', lastPurchaseAt: daysAgo(600), frequency: 1, monetary: -20 });
  const scores = new Map(scoreRfm(inputs, REF).map((s) => [s.userId, s]));

  it('computes recency in whole UTC days', () => {
    expect(scores.get('champion')!.recencyDays).toBe(1);
    expect(scores.get('newbie')!.recencyDays).toBe(0);
    expect(daysBetweenUtcDates(new Date('2025-06-30T23:59:00Z'), REF)).toBe(1);
  });
  it('names the planted customers', () => {
    expect(scores.get('champion')).toMatchObject({ r: 5, f: 5, m: 5, segment: 'Champions' });
    expect(scores.get('newbie')).toMatchObject({ r: 5, f: 1, m: 1, segment: 'New' });
    expect(scores.get('cantlose')).toMatchObject({ r: 1, f: 5, m: 5, segment: "Can't lose" });
    expect(scores.get('lost')).toMatchObject({ r: 1, f: 1, m: 1, segment: 'Lost' });
  });
  it('counts every segment, empty ones as zero', () => {
    const counts = countSegments([...scores.values()], RFM_SEGMENTS);
    expect(Object.keys(counts)).toEqual([...RFM_SEGMENTS]);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(inputs.length);
  });
});
