import { fitBgNbd, fitBgNbdAsync } from './bg-nbd';
import type { BgNbdParams, CustomerSummary, FitResult, GammaGammaParams } from './clv.types';
import { fitGammaGamma, fitGammaGammaAsync, isRepeatSpender } from './gamma-gamma';

export interface ClvFit {
  bgNbd: FitResult<BgNbdParams>;
  /** Null when no customer has a repeat purchase with positive spend. */
  gammaGamma: FitResult<GammaGammaParams> | null;
  customers: number;
  repeatCustomers: number;
  seconds: number;
}

/** Fits both models on one calibration summary. */
export function fitClvModels(summaries: readonly CustomerSummary[]): ClvFit {
  const started = process.hrtime.bigint();
  const bgNbd = fitBgNbd(summaries);
  const gammaGamma = summaries.some(isRepeatSpender) ? fitGammaGamma(summaries) : null;
  return fitRecord(summaries, bgNbd, gammaGamma, started);
}

/** `fitClvModels` yielding to the event loop every ~20 ms, for fits inside the API process. */
export async function fitClvModelsAsync(summaries: readonly CustomerSummary[]): Promise<ClvFit> {
  const started = process.hrtime.bigint();
  const bgNbd = await fitBgNbdAsync(summaries);
  const gammaGamma = summaries.some(isRepeatSpender) ? await fitGammaGammaAsync(summaries) : null;
  return fitRecord(summaries, bgNbd, gammaGamma, started);
}

function fitRecord(
  summaries: readonly CustomerSummary[],
  bgNbd: FitResult<BgNbdParams>,
  gammaGamma: FitResult<GammaGammaParams> | null,
  started: bigint,
): ClvFit {
  return {
    bgNbd,
    gammaGamma,
    customers: summaries.length,
    repeatCustomers: summaries.filter((c) => c.frequency > 0).length,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}

const round = (x: number, digits: number) => Number(x.toPrecision(digits));

/** The flat record `aisle eval clv` and `aisle eval segments` print (names of the issue: r, alpha, a, b, p, q, v). */
export interface ClvFitRecord {
  r: number;
  alpha: number;
  a: number;
  b: number;
  loglik: number;
  p: number | null;
  q: number | null;
  v: number | null;
  gg_loglik: number | null;
  customers: number;
  repeat_customers: number;
  gg_customers: number;
}

export function clvFitRecord(fit: ClvFit): ClvFitRecord {
  const { r, alpha, a, b } = fit.bgNbd.params;
  const gg = fit.gammaGamma;
  return {
    r: round(r, 6),
    alpha: round(alpha, 6),
    a: round(a, 6),
    b: round(b, 6),
    loglik: round(fit.bgNbd.logLikelihood, 10),
    p: gg ? round(gg.params.p, 6) : null,
    q: gg ? round(gg.params.q, 6) : null,
    v: gg ? round(gg.params.v, 6) : null,
    gg_loglik: gg ? round(gg.logLikelihood, 10) : null,
    customers: fit.customers,
    repeat_customers: fit.repeatCustomers,
    gg_customers: gg ? gg.customers : 0,
  };
}
