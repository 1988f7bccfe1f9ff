import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { registerEval } from '../../src/cli/commands/eval.command';
import { runCli } from '../support/cli-in-process';

const SAMPLE = path.join(__dirname, '..', 'fixtures', 'online-retail-sample.csv');

/** Runs `aisle <args>` with only this command registered; returns its stdout lines. */
const aisle = (args: string[]) => runCli(registerEval, args);

/**
 * The sample's customer purchases (guests, cancellations, returns, POST and unreadable rows dropped) end with
 * invoice 900012 on 2011-12-09 12:50 (GMT), so the test window starts 2011-11-09 12:50 and holds only that invoice:
 * customer 20001, who trained on 10001A and 10002, buys 10006 and 10005 (both sold before, to 20005 and 20003).
 * Popularity (training window, half-life 3650 d) ranks 20001's candidates 10003 (Nov 1), 10005 (Oct 30),
 * 10004 (Jul 4), 10006 (Dec 2010): hits at ranks 2 and 4.
 */
describe('aisle eval recommendations --online-retail (CLI)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'aisle-eval-or-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one JSON line per model with the protocol fields, from a gzipped file', async () => {
    const gz = path.join(dir, 'sample.csv.gz');
    writeFileSync(gz, gzipSync(readFileSync(SAMPLE)));
    const lines = (await aisle(['--json', 'eval', 'recommendations', '--online-retail', gz])).map((l) => JSON.parse(l));
    expect(lines.map((l) => l.model)).toEqual(['ease', 'itemknn', 'popularity', 'als', 'bpr']);
    for (const line of lines) {
      expect(line).toMatchObject({
        protocol: 'chronological-30d', weight: 'invoices', tuned: false, users: 1,
        test_from: '2011-11-09T12:50:00.000Z', test_to: '2011-12-09T12:50:00.000Z', 'recall@10': 1, 'precision@10': 0.2,
      });
      for (const key of ['map', 'ndcg@10', 'train_seconds', 'recommend_seconds']) {
        expect(Number.isFinite(line[key])).toBe(true);
      }
    }
    const popularity = lines.find((l) => l.model === 'popularity');
    const ndcg = (1 / Math.log2(3) + 1 / Math.log2(5)) / (1 + 1 / Math.log2(3));
    expect(popularity).toMatchObject({ map: 0.5, 'ndcg@10': Number(ndcg.toFixed(4)), params: { halfLifeDays: 3650 } });
  });

  it('tunes on a validation window of the training part, and refuses ambiguous or bad flags', async () => {
    const tuned = await aisle(['--json', 'eval', 'recommendations', '--online-retail', SAMPLE, '--models', 'popularity', '--tune', '--weight', 'binary']);
    expect(tuned).toHaveLength(1);
    expect(JSON.parse(tuned[0])).toMatchObject({ model: 'popularity', tuned: true, weight: 'binary', users: 1 });
    await expect(aisle(['eval', 'recommendations', '--online-retail', SAMPLE, '--movielens', dir])).rejects.toThrow('exactly one of');
    await expect(aisle(['eval', 'recommendations'])).rejects.toThrow('exactly one of');
    await expect(aisle(['eval', 'recommendations', '--online-retail', SAMPLE, '--weight', 'price'])).rejects.toThrow('--weight');
    await expect(aisle(['eval', 'recommendations', '--online-retail', path.join(dir, 'missing.csv')])).rejects.toThrow('ENOENT');
  });
});
