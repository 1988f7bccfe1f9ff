// Shared pieces of the forecasting kernels (forecast_*.cc): one series in, point forecasts and error spreads out.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "aisle/forecast.h"

namespace aisle::fc {

/// Point forecasts and, per step, the standard deviation of the forecast error (empty when the model has none).
struct Path {
  std::vector<double> mean;
  std::vector<double> sd;
};

enum class Err { A, M };
enum class Trend { N, A, Ad };
enum class Season { N, A, M };

struct EtsSpec {
  Err error = Err::A;
  Trend trend = Trend::N;
  Season season = Season::N;
};

/// A fitted ETS model: its final states (s[0] is the seasonal state of the next period) and fit statistics.
struct EtsFit {
  EtsSpec spec;
  double alpha = 0, beta = 0, gamma = 0, phi = 1;
  double level = 0, slope = 0;
  std::vector<double> seasonal;
  std::size_t m = 1;
  double sigma2 = 0;  ///< residual variance (relative errors for multiplicative error)
  double aicc = 0;
  bool ok = false;
};

/// Estimated fits use at most the last estimation_window(m) = max(200, 10·m) observations: the recursions are
/// latency-bound, and older history barely moves the final states of a smoothing model.
std::size_t estimation_window(std::size_t m);
/// Fits `spec`; with params.alpha given, runs the given parameters from heuristic initial states instead.
EtsFit fit_ets(const double* y, std::size_t n, std::size_t m, EtsSpec spec, const ForecastParams& params);
/// The ETS model with the lowest AICc among the R ets() / AutoETS combinations the data allows (!ok if none).
EtsFit auto_ets(const double* y, std::size_t n, std::size_t m);
/// h-step forecasts with class-1 analytic standard deviations (scaled by the mean for multiplicative models).
Path ets_forecast(const EtsFit& fit, std::size_t h);

/// Minimises f from x0 with Nelder–Mead; `step` is the initial simplex size per coordinate. Returns the best x.
std::vector<double> nelder_mead(const std::function<double(const std::vector<double>&)>& f, std::vector<double> x0,
                                const std::vector<double>& step, int max_evals);

/// Multiplicative seasonal indices (mean 1, by position t mod m) when the 90% autocorrelation test at lag m says
/// the series is seasonal and it is positive; otherwise empty.
std::vector<double> seasonal_indices(const double* y, std::size_t n, std::size_t m);
/// Theta method (SES with drift half the regression slope) on the seasonally adjusted series.
Path theta(const double* y, std::size_t n, std::size_t m, std::size_t h, const ForecastParams& params);
/// Optimised Theta: θ (in [1, 10]), alpha and the initial level chosen by the in-sample one-step squared error.
Path optimised_theta(const double* y, std::size_t n, std::size_t m, std::size_t h);
/// A non-seasonal model (naive, SES, Holt, damped) on the seasonally adjusted series, reseasonalised.
Path adjusted(ForecastModel model, const double* y, std::size_t n, std::size_t m, std::size_t h,
              const ForecastParams& params);

/// Croston classic / SBA / TSB point forecasts (flat), with smoothing alpha (sizes) and beta (intervals, probability).
std::vector<double> croston(ForecastModel model, const double* y, std::size_t n, std::size_t h, double alpha,
                            double beta);
/// rates[o] = the flat forecast from the first o values (0 before any demand), for o = 0..n, in one pass.
std::vector<double> croston_rates(ForecastModel model, const double* y, std::size_t n, double alpha, double beta);
/// Syntetos–Boylan: mean inter-demand interval >= 1.32 on a non-negative series with some zeros.
bool intermittent(const double* y, std::size_t n);

}  // namespace aisle::fc
