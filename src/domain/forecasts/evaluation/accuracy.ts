/**
 * M4 accuracy measures (Makridakis et al. 2020): sMAPE = 200·|y − ŷ| / (|y| + |ŷ|) averaged over the horizon;
 * MASE = mean |y − ŷ| divided by the in-sample mean absolute error of the seasonal naive method with period m
 * (m = 1 when the series is too short for a seasonal difference).
 */
export function smape(actual: ArrayLike<number>, forecast: ArrayLike<number>, horizon: number): number {
  let s = 0;
  for (let j = 0; j < horizon; j++) {
    const denom = Math.abs(actual[j]) + Math.abs(forecast[j]);
    s += denom === 0 ? 0 : (200 * Math.abs(actual[j] - forecast[j])) / denom;
  }
  return s / horizon;
}

export function mase(insample: ArrayLike<number>, actual: ArrayLike<number>, forecast: ArrayLike<number>,
  horizon: number, m: number): number {
  const lag = insample.length > m ? m : 1;
  let scale = 0;
  for (let t = lag; t < insample.length; t++) scale += Math.abs(insample[t] - insample[t - lag]);
  scale /= Math.max(1, insample.length - lag);
  let err = 0;
  for (let j = 0; j < horizon; j++) err += Math.abs(actual[j] - forecast[j]);
  // a flat history has no scale: report the error against 1 rather than divide by zero
  return err / horizon / (scale > 0 ? scale : 1);
}
