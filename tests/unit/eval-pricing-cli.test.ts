import { registerEval } from '../../src/cli/commands/eval.command';
import { generateDemoShop } from '../../src/domain/demo';
import { runCli } from '../support/cli-in-process';

/** Runs `aisle <args>` with only the eval command registered; returns its stdout lines. */
const aisle = (args: string[]) => runCli(registerEval, args);

describe('aisle eval pricing (CLI)', () => {
  it('prints one JSON line comparing estimated with planted elasticities', async () => {
    const options = ['--seed', '4', '--users', '3000', '--products', '40', '--days', '365', '--end-date', '2025-06-01'];
    const lines = await aisle(['--json', 'eval', 'pricing', '--demo', ...options]);
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]);
    const trending = generateDemoShop({ seed: 4, users: 3000, products: 40, days: 365, endDate: '2025-06-01' }).truth.trending.length;
    expect(record).toMatchObject({ catalogue: 40, demo: { seed: 4, users: 3000, products: 40, days: 365 } });
    expect(record.products).toBeLessThanOrEqual(40 - trending);
    expect(record.elasticity_mae).toBeGreaterThan(0);
    expect(record.elasticity_mae).toBeLessThan(record.raw_mae);
    expect(record.interval_coverage).toBeGreaterThanOrEqual(0);
    expect(record.interval_coverage).toBeLessThanOrEqual(1);
  });

  it('rejects a bad size before generating anything', async () => {
    await expect(aisle(['eval', 'pricing', '--demo', '--users', 'many'])).rejects.toThrow('--users must be a non-negative integer');
  });
});
