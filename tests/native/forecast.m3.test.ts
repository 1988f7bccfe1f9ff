import { existsSync } from 'node:fs';
import path from 'node:path';
import { accuracyRows, evaluateFile, mase, smape } from '../../src/domain/forecasts/evaluation';

const DIR = path.resolve(__dirname, '../../../shared/data/m3/m4-format');
const HAVE_M3 = existsSync(path.join(DIR, 'Yearly-train.csv'));

describe('M4 accuracy measures', () => {
  it('sMAPE and MASE by hand', () => {
    expect(smape([100, 50], [110, 50], 2)).toBeCloseTo((200 * 10) / 210 / 2, 12);
    // in-sample seasonal-naive (m = 2) errors |3 − 1|, |4 − 2| → scale 2; forecast errors 1 and 3 → MASE 1
    expect(mase([1, 2, 3, 4], [5, 6], [6, 3], 2, 2)).toBeCloseTo(1, 12);
    expect(mase([1, 2], [5, 6], [6, 3], 2, 4)).toBeCloseTo(2, 12); // too short for m = 4: lag 1, scale 1
  });
});

describe('M3 yearly (645 series, ../shared/data/m3/m4-format; a fresh clone has none)', () => {
  it('the automatic choice beats Naive2 and Theta on sMAPE and MASE', async () => {
    if (!HAVE_M3) {
      console.warn(`forecast.m3.test: ${DIR} is absent, so the M3 yearly check is not run here`);
      return;
    }
    const file = { train: path.join(DIR, 'Yearly-train.csv'), test: path.join(DIR, 'Yearly-test.csv'), horizon: 6, season: 1, maseSeason: 1 };
    const rows = accuracyRows(await evaluateFile(file, ['naive2', 'theta', 'auto']));
    const [naive2, theta, auto] = rows;
    expect(naive2.series).toBe(645);
    expect(naive2.smape).toBeCloseTo(17.88, 1); // published Naive2 on M3 yearly
    expect(auto.smape).toBeLessThan(theta.smape);
    expect(auto.mase).toBeLessThan(theta.mase);
    expect(auto.owa).toBeLessThan(0.9);
    expect(auto.coverage95).toBeGreaterThan(0.75);
  });
});
