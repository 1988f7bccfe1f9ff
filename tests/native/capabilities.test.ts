import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { findProjectRoot } from '../../src/compute/addon';
import { capabilities, resolveDevice, type Capabilities } from '../../src/compute';

const addonPath = path.join(findProjectRoot(), 'build', 'Release', 'aisle_native.node');

/** Runs `script` in a fresh node with `env`, the addon loaded as `a`; returns its stdout parsed as JSON. */
function inFreshProcess(script: string, env: Record<string, string>): unknown {
  const out = execFileSync(process.execPath, ['-e', `const a = require(${JSON.stringify(addonPath)}); ${script}`], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

describe('capabilities()', () => {
  it('has the documented shape', () => {
    const caps = capabilities();
    expect(Number.isInteger(caps.threads) && caps.threads >= 1).toBe(true);
    expect(['avx512', 'avx2', 'sse4', 'neon', 'scalar']).toContain(caps.simd);
    expect(caps.version).toBe(require(path.join(findProjectRoot(), 'package.json')).version);
    const { cuda } = caps;
    expect(typeof cuda.compiled).toBe('boolean');
    expect(typeof cuda.available).toBe('boolean');
    expect(Number.isInteger(cuda.deviceCount)).toBe(true);
    if (cuda.available) {
      expect(cuda.deviceCount).toBeGreaterThan(0);
      expect(typeof cuda.deviceName).toBe('string');
      expect(cuda.reason).toBeUndefined();
    } else {
      expect(cuda.deviceName).toBeNull();
      expect(cuda.reason).toEqual(expect.any(String));
      if (cuda.compiled) expect(cuda.reason).toMatch(/native\/src\/cuda\/\S+\.cu:\d+/); // CHECK_CUDA's file:line
    }
  });

  it('takes its thread count from AISLE_THREADS, and results do not depend on it', () => {
    const script = `
      const d = 8, ni = 40000, items = new Float32Array(ni * d).map((_, i) => Math.sin(i * 12.9898) );
      a.topK({ queries: Float32Array.of(1, -1, 0.5, 0, 2, 0.25, -0.5, 1), items, d, k: 10 })
        .then((r) => console.log(JSON.stringify({ threads: a.capabilities().threads, ids: Array.from(r.ids) })));`;
    const one = inFreshProcess(script, { AISLE_THREADS: '1' }) as { threads: number; ids: number[] };
    const five = inFreshProcess(script, { AISLE_THREADS: '5' }) as { threads: number; ids: number[] };
    expect(one.threads).toBe(1);
    expect(five.threads).toBe(5);
    expect(five.ids).toEqual(one.ids);
  });
});

describe('resolveDevice()', () => {
  const withCuda = (available: boolean, reason?: string): Pick<Capabilities, 'cuda'> => ({
    cuda: { compiled: true, available, deviceCount: available ? 1 : 0, deviceName: available ? 'GPU' : null, reason },
  });

  it('maps settings to devices', () => {
    expect(resolveDevice('cpu', withCuda(true))).toBe('cpu');
    expect(resolveDevice('auto', withCuda(true))).toBe('cuda');
    expect(resolveDevice('auto', withCuda(false, 'no driver'))).toBe('cpu');
    expect(resolveDevice('cuda', withCuda(true))).toBe('cuda');
  });

  it('refuses cuda without a device, saying why', () => {
    expect(() => resolveDevice('cuda', withCuda(false, 'driver too old'))).toThrow(
      'AISLE_DEVICE=cuda but no CUDA device is available: driver too old',
    );
    expect(() => resolveDevice('gpu' as 'cuda', withCuda(false))).toThrow(
      `resolveDevice: setting must be 'auto', 'cpu' or 'cuda' (got "gpu")`,
    );
  });
});
