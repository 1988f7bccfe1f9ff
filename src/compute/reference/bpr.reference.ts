import type { BprInput, BprModel } from '../factorization.types';
import { resolveBprArgs } from '../factorization.validation';
import { Mulberry32 } from './mulberry32';

const NEGATIVE_TRIES = 16;

/**
 * The readable definition of BPR the native kernel is tested against: the same mulberry32 stream (initial
 * factors items then users, uniform (u − 0.5)/factors; then per sample an entry index, then up to 16 negative
 * draws), the same update order, float64 arithmetic with float32 storage. It therefore matches native training to
 * within a few float32 ulps (exp/log1p may round differently between V8 and libm). Slow: tests only.
 */
export function bprReference(input: BprInput): BprModel {
  const args = resolveBprArgs('trainBpr', input);
  const { factors: d, nItems, learningRate: lr, regularization: reg, indptr, indices } = args;
  const nUsers = indptr.length - 1;
  const nnz = indptr[nUsers];
  const rng = new Mulberry32(args.seed);
  const itemFactors = Float32Array.from({ length: nItems * d }, () => (rng.next() - 0.5) / d);
  const userFactors = Float32Array.from({ length: nUsers * d }, () => (rng.next() - 0.5) / d);
  const itemBias = new Float32Array(nItems);
  const rowOf = new Int32Array(nnz);
  for (let u = 0; u < nUsers; u++) rowOf.fill(u, indptr[u], indptr[u + 1]);
  const loss: number[] = [], auc: number[] = [];
  for (let epoch = 0; epoch < args.epochs; epoch++) {
    let sum = 0, correct = 0, updates = 0;
    for (let s = 0; s < nnz && nItems > 1; s++) {
      const k = rng.below(nnz);
      const u = rowOf[k], i = indices[k];
      const liked = new Set(indices.subarray(indptr[u], indptr[u + 1]));
      let j = -1;
      for (let t = 0; t < NEGATIVE_TRIES && j < 0; t++) {
        const c = rng.below(nItems);
        if (!liked.has(c)) j = c;
      }
      if (j < 0) continue;
      let x = itemBias[i] - itemBias[j];
      for (let f = 0; f < d; f++) x += userFactors[u * d + f] * (itemFactors[i * d + f] - itemFactors[j * d + f]);
      const z = 1 / (1 + Math.exp(x)); // σ(−x)
      sum += x > 0 ? Math.log1p(Math.exp(-x)) : -x + Math.log1p(Math.exp(x));
      if (x > 0) correct++;
      updates++;
      for (let f = 0; f < d; f++) {
        const uf = userFactors[u * d + f], itf = itemFactors[i * d + f], jf = itemFactors[j * d + f];
        userFactors[u * d + f] = uf + lr * (z * (itf - jf) - reg * uf);
        itemFactors[i * d + f] = itf + lr * (z * uf - reg * itf);
        itemFactors[j * d + f] = jf + lr * (-z * uf - reg * jf);
      }
      const bi = itemBias[i], bj = itemBias[j];
      itemBias[i] = bi + lr * (z - reg * bi);
      itemBias[j] = bj + lr * (-z - reg * bj);
    }
    loss.push(updates > 0 ? sum / updates : 0);
    auc.push(updates > 0 ? correct / updates : 0);
  }
  return { nUsers, nItems, factors: d, userFactors, itemFactors, itemBias,
    loss: Float64Array.from(loss), auc: Float64Array.from(auc) };
}
