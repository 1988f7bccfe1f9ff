import type { MlpModel, MlpWeights, TrainMlpInput } from '../mlp.types';
import { Mulberry32 } from './mulberry32';

/** One layer's view into the flat weights: W (out × in, row-major) at `w`, b (out) at `b`. */
interface LayerAt { inputs: number; outputs: number; w: number; b: number }

/** Where each layer's W and b sit in the flat weight vector (layer sizes d, hidden…, 1). */
export function layerLayout(d: number, hidden: readonly number[]): LayerAt[] {
  const sizes = [d, ...hidden, 1];
  const layers: LayerAt[] = [];
  let at = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const inputs = sizes[l], outputs = sizes[l + 1];
    layers.push({ inputs, outputs, w: at, b: at + inputs * outputs });
    at += inputs * outputs + outputs;
  }
  return layers;
}

/** One row's standardised inputs. */
function standardizedRow(model: Pick<MlpWeights, 'd' | 'means' | 'stds'>, x: Float32Array, row: number): Float64Array {
  const z = new Float64Array(model.d);
  for (let f = 0; f < model.d; f++) z[f] = (x[row * model.d + f] - model.means[f]) / model.stds[f];
  return z;
}

/** Every layer's output for one row (ReLU on hidden layers; the last is the logit). */
function forwardRow(layers: LayerAt[], weights: Float32Array, z: Float64Array): Float64Array[] {
  const acts: Float64Array[] = [];
  let input = z;
  layers.forEach((layer, l) => {
    const out = new Float64Array(layer.outputs);
    for (let o = 0; o < layer.outputs; o++) {
      let s = weights[layer.b + o];
      for (let i = 0; i < layer.inputs; i++) s += weights[layer.w + o * layer.inputs + i] * input[i];
      out[o] = l + 1 < layers.length ? Math.max(s, 0) : s;
    }
    acts.push(out);
    input = out;
  });
  return acts;
}

/** ∂(loss)/∂z for one row from ∂(loss)/∂logit, adding ∂/∂W and ∂/∂b into `grad` when given. */
function backwardRow(layers: LayerAt[], weights: Float32Array, z: Float64Array, acts: Float64Array[], slope: number,
  grad?: Float64Array): Float64Array {
  let delta = Float64Array.of(slope);
  for (let l = layers.length - 1; l >= 0; l--) {
    const layer = layers[l];
    const input = l === 0 ? z : acts[l - 1];
    const prev = new Float64Array(layer.inputs);
    for (let o = 0; o < layer.outputs; o++) {
      if (grad) {
        grad[layer.b + o] += delta[o];
        for (let i = 0; i < layer.inputs; i++) grad[layer.w + o * layer.inputs + i] += delta[o] * input[i];
      }
      for (let i = 0; i < layer.inputs; i++) prev[i] += delta[o] * weights[layer.w + o * layer.inputs + i];
    }
    if (l > 0) for (let i = 0; i < layer.inputs; i++) if (!(input[i] > 0)) prev[i] = 0;
    delta = prev;
  }
  return delta;
}

const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));

/** P(y = 1) for n rows: the forward pass written out plainly, in float64. */
export function mlpPredictReference(model: MlpWeights, x: Float32Array, n: number): Float64Array {
  const layers = layerLayout(model.d, model.hidden);
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) out[r] = sigmoid(forwardRow(layers, model.weights, standardizedRow(model, x, r)).at(-1)![0]);
  return out;
}

/** Gradient × input on the standardised inputs, z_f · ∂logit/∂z_f, n × d. */
export function mlpContributionsReference(model: MlpWeights, x: Float32Array, n: number): Float64Array {
  const layers = layerLayout(model.d, model.hidden);
  const out = new Float64Array(n * model.d);
  for (let r = 0; r < n; r++) {
    const z = standardizedRow(model, x, r);
    const g = backwardRow(layers, model.weights, z, forwardRow(layers, model.weights, z), 1);
    for (let f = 0; f < model.d; f++) out[r * model.d + f] = g[f] * z[f];
  }
  return out;
}

function shuffle(v: number[], rng: Mulberry32): void {
  for (let i = v.length - 1; i >= 1; i--) {
    const j = rng.below(i + 1);
    [v[i], v[j]] = [v[j], v[i]];
  }
}

const softplus = (u: number) => Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u)));

/** Weighted cross-entropy of one row from its logit, and ∂loss/∂logit. */
function rowLoss(logit: number, y: number, positiveWeight: number): { loss: number; slope: number } {
  const w = y === 1 ? positiveWeight : 1;
  return { loss: w * (y * softplus(-logit) + (1 - y) * softplus(logit)), slope: w * (sigmoid(logit) - y) };
}

/**
 * trainMlp written out plainly (float64 arithmetic, float32 weights): the same seeded split, standardisation,
 * He-uniform initialisation, per-epoch reshuffle, mini-batch mean gradients, Adam with L2 on the weights and
 * early stopping. Meant for a few epochs on small data: it is what the native kernel is compared against.
 */
export function trainMlpReference(input: TrainMlpInput): MlpModel {
  const { x, y, n, d } = input;
  const hidden = input.hidden ?? [32];
  const [lr, l2] = [input.learningRate ?? 1e-3, input.l2 ?? 1e-4];
  const [epochs, batch, patience] = [input.epochs ?? 200, input.batchSize ?? 256, input.patience ?? 10];
  const positiveWeight = input.positiveWeight ?? 1;
  const rng = new Mulberry32(input.seed ?? 42);
  const order = Array.from({ length: n }, (_, i) => i);
  shuffle(order, rng);
  const held = Math.floor(n * (input.validationFraction ?? 0.2));
  const validation = order.slice(0, held), train = order.slice(held);
  const { means, stds } = standardization(x, d, train);
  const layers = layerLayout(d, hidden);
  const weights = input.initialWeights ? Float32Array.from(input.initialWeights) : initialWeights(layers, rng);
  const model = { d, hidden, weights, means, stds };
  const adam = { m: new Float64Array(weights.length), v: new Float64Array(weights.length), t: 0 };
  const trainLoss: number[] = [], validationLoss: number[] = [];
  let best = Float32Array.from(weights), bestLoss = Infinity, bestEpoch = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(train, rng);
    let sum = 0;
    for (let at = 0; at < train.length; at += batch) {
      const rows = train.slice(at, at + batch);
      const grad = new Float64Array(weights.length);
      for (const r of rows) {
        const z = standardizedRow(model, x, r);
        const acts = forwardRow(layers, weights, z);
        const { loss, slope } = rowLoss(acts.at(-1)![0], y[r], positiveWeight);
        sum += loss;
        backwardRow(layers, weights, z, acts, slope / rows.length, grad);
      }
      adamStep(layers, weights, grad, adam, lr, l2);
    }
    trainLoss.push(sum / train.length);
    if (validation.length === 0) { bestEpoch = epoch; continue; }
    let v = 0;
    for (const r of validation) v += rowLoss(forwardRow(layers, weights, standardizedRow(model, x, r)).at(-1)![0], y[r], positiveWeight).loss;
    validationLoss.push(v / validation.length);
    if (v / validation.length < bestLoss) { bestLoss = v / validation.length; bestEpoch = epoch; best = Float32Array.from(weights); }
    else if (epoch - bestEpoch >= patience) break;
  }
  return {
    d, hidden, weights: validation.length ? best : weights, means, stds,
    trainLoss: Float32Array.from(trainLoss), validationLoss: Float32Array.from(validationLoss), bestEpoch,
  };
}

function standardization(x: Float32Array, d: number, rows: number[]): { means: Float32Array; stds: Float32Array } {
  const means = new Float32Array(d), stds = new Float32Array(d);
  for (let f = 0; f < d; f++) {
    let m = 0, v = 0;
    for (const r of rows) m += x[r * d + f];
    m /= rows.length;
    for (const r of rows) v += (x[r * d + f] - m) ** 2;
    const sd = Math.sqrt(v / rows.length);
    means[f] = m;
    stds[f] = sd > 1e-12 ? sd : 1;
  }
  return { means, stds };
}

function initialWeights(layers: LayerAt[], rng: Mulberry32): Float32Array {
  const w = new Float32Array(layers.at(-1)!.b + 1);
  layers.forEach((layer, l) => {
    const limit = l + 1 < layers.length ? Math.sqrt(6 / layer.inputs) : Math.sqrt(6 / (layer.inputs + 1));
    for (let e = 0; e < layer.inputs * layer.outputs; e++) w[layer.w + e] = (2 * rng.next() - 1) * limit;
  });
  return w;
}

function adamStep(layers: LayerAt[], w: Float32Array, grad: Float64Array,
  s: { m: Float64Array; v: Float64Array; t: number }, lr: number, l2: number): void {
  s.t++;
  const c1 = 1 - 0.9 ** s.t, c2 = 1 - 0.999 ** s.t;
  const decays = new Uint8Array(w.length);
  for (const layer of layers) decays.fill(1, layer.w, layer.b);
  for (let e = 0; e < w.length; e++) {
    const g = grad[e] + (decays[e] ? l2 * w[e] : 0);
    s.m[e] = 0.9 * s.m[e] + 0.1 * g;
    s.v[e] = 0.999 * s.v[e] + 0.001 * g * g;
    w[e] = w[e] - (lr * (s.m[e] / c1)) / (Math.sqrt(s.v[e] / c2) + 1e-8);
  }
}
