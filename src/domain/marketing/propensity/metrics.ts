/** Binary classification quality of probabilities p against 0/1 labels y. */
export interface ClassificationMetrics {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  auc: number;
  logloss: number;
  threshold: number;
  positives: number;
  rows: number;
}

/** Area under the ROC curve by the rank-sum (Mann–Whitney) formula, ties given half credit. */
export function auc(p: ArrayLike<number>, y: ArrayLike<number>): number {
  const order = Array.from({ length: p.length }, (_, i) => i).sort((a, b) => p[a] - p[b]);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && p[order[j + 1]] === p[order[i]]) j++;
    const rank = (i + j) / 2 + 1; // average rank of the tie group, 1-based
    for (let k = i; k <= j; k++) if (y[order[k]] === 1) (rankSum += rank), positives++;
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return 0.5;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function logLoss(p: ArrayLike<number>, y: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(1 - 1e-7, Math.max(1e-7, p[i]));
    sum -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return sum / Math.max(1, p.length);
}

function confusion(p: ArrayLike<number>, y: ArrayLike<number>, threshold: number) {
  let tp = 0, fp = 0, tn = 0, fn = 0;
  for (let i = 0; i < p.length; i++) {
    const predicted = p[i] >= threshold;
    if (predicted && y[i] === 1) tp++;
    else if (predicted) fp++;
    else if (y[i] === 1) fn++;
    else tn++;
  }
  return { tp, fp, tn, fn };
}

/** The threshold with the best F1 on these rows (chosen on training data, then applied to the test rows). */
export function bestF1Threshold(p: ArrayLike<number>, y: ArrayLike<number>): number {
  let best = { f1: -1, threshold: 0.5 };
  for (let step = 2; step < 99; step++) {
    const t = step / 100; // the exact value later applied, so the choice and its use agree at the boundary
    const { tp, fp, fn } = confusion(p, y, t);
    const f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    if (f1 > best.f1) best = { f1, threshold: t };
  }
  return best.threshold;
}

export function classificationMetrics(p: ArrayLike<number>, y: ArrayLike<number>, threshold: number): ClassificationMetrics {
  const { tp, fp, tn, fn } = confusion(p, y, threshold);
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return {
    accuracy: (tp + tn) / Math.max(1, p.length),
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    auc: auc(p, y),
    logloss: logLoss(p, y),
    threshold,
    positives: tp + fn,
    rows: p.length,
  };
}
