import { nativeExports } from './addon';
import { withCallerStack } from './caller-stack';
import type { MlpApplyInput, MlpModel, TrainMlpInput } from './mlp.types';
import {
  resolveMlpApplyArgs, resolveTrainMlpArgs, type NativeMlpApplyArgs, type NativeTrainMlpArgs,
} from './mlp.validation';

/** The addon's MLP exports (native/binding/mlp_binding.cc), declared beside their only caller. */
interface MlpNative {
  trainMlp(args: NativeTrainMlpArgs): Promise<Omit<MlpModel, 'd' | 'hidden'>>;
  mlpPredict(args: NativeMlpApplyArgs): Promise<Float32Array>;
  mlpContributions(args: NativeMlpApplyArgs): Promise<Float32Array>;
}

const native = () => nativeExports<MlpNative>();

/**
 * Trains a binary classifier d → hidden… (ReLU) → 1 (sigmoid) on weighted binary cross-entropy with Adam, L2 on
 * the weights, mini-batches, and early stopping on a seeded validation split; returns the best epoch's weights
 * with the standardisation and loss curves. Deterministic for a seed whatever the thread count. Messages read
 * "trainMlp: <name> must be <expected> (got <got>)".
 */
export async function trainMlp(input: TrainMlpInput): Promise<MlpModel> {
  const caller = new Error('trainMlp');
  const args = resolveTrainMlpArgs('trainMlp', input);
  try {
    const out = await native().trainMlp(args);
    return { d: args.d, hidden: Array.from(args.hidden), ...out };
  } catch (error) {
    throw withCallerStack(error as Error, caller);
  }
}

/** P(y = 1) for n rows of raw features; batched and parallel off the event loop. */
export async function mlpPredict(input: MlpApplyInput): Promise<Float32Array> {
  const caller = new Error('mlpPredict');
  const args = resolveMlpApplyArgs('mlpPredict', input);
  try {
    return await native().mlpPredict(args);
  } catch (error) {
    throw withCallerStack(error as Error, caller);
  }
}

/**
 * Per-row feature contributions (n × d): gradient × input on the standardised inputs, z_f · ∂logit/∂z_f, in logit
 * units. Positive values push the row towards y = 1; for a network without hidden layers they sum to the logit
 * minus the bias.
 */
export async function mlpContributions(input: MlpApplyInput): Promise<Float32Array> {
  const caller = new Error('mlpContributions');
  const args = resolveMlpApplyArgs('mlpContributions', input);
  try {
    return await native().mlpContributions(args);
  } catch (error) {
    throw withCallerStack(error as Error, caller);
  }
}
