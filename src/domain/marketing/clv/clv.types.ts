/** One customer in the form the BG/NBD and Gamma-Gamma models read (the "RFM summary" of the CLV literature). */
export interface CustomerSummary {
  customerId: string;
  /** Repeat purchases: distinct purchase days after the first, up to the calibration end. */
  frequency: number;
  /** Time from the first to the last purchase, in the model's time unit (0 when frequency = 0). */
  recency: number;
  /** Time from the first purchase to the calibration end ("age", T), in the model's time unit. */
  T: number;
  /** Mean spend of the repeat purchase days (0 when frequency = 0); Gamma-Gamma reads it. */
  monetaryValue: number;
}

/** BG/NBD parameters (Fader, Hardie & Lee 2005): purchase rate λ ~ Gamma(r, α), dropout p ~ Beta(a, b). */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** Gamma-Gamma parameters (Fader & Hardie 2013): spend z ~ Gamma(p, ν), ν ~ Gamma(q, v). */
export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

export interface FitResult<P> {
  params: P;
  /** Total log-likelihood at params (not divided by the number of customers). */
  logLikelihood: number;
  /** Customers the fit used. */
  customers: number;
  evaluations: number;
}
