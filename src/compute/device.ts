import type { Capabilities } from './capabilities';
import { invalidArgument } from './errors';

/** What AISLE_DEVICE asks for: `auto` uses CUDA when a device answers, else the CPU. */
export type DeviceSetting = 'auto' | 'cpu' | 'cuda';

/** Where kernels run: top-K, the ALS CG sweep and MLP training have CUDA variants; every other kernel runs on the CPU. */
export type ComputeDevice = 'cpu' | 'cuda';

/**
 * Turns the configured setting into the device to use. `cuda` without an available device is a configuration
 * error the server must refuse to start on, so it throws
 * "AISLE_DEVICE=cuda but no CUDA device is available: <reason>" rather than quietly running on the CPU.
 */
export function resolveDevice(setting: DeviceSetting, caps: Pick<Capabilities, 'cuda'>): ComputeDevice {
  switch (setting) {
    case 'cpu':
      return 'cpu';
    case 'auto':
      return caps.cuda.available ? 'cuda' : 'cpu';
    case 'cuda':
      if (caps.cuda.available) return 'cuda';
      throw new Error(`AISLE_DEVICE=cuda but no CUDA device is available: ${caps.cuda.reason ?? 'no device found'}`);
    default:
      throw invalidArgument('resolveDevice', 'setting', "'auto', 'cpu' or 'cuda'", setting as unknown);
  }
}
