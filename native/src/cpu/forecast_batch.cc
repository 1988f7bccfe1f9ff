// The batch driver: validates the block, forecasts each series with the requested model (or the automatic
// choice) on the thread pool, and turns error spreads into intervals — normal quantiles where the model has an
// analytic variance, conformal quantiles of rolling-origin errors for the Croston family, and the envelope of the
// members' bounds for combinations (each member's interval ignores the uncertainty about which model is right).
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "aisle/thread_pool.h"
#include "forecast_internal.h"

namespace aisle {
namespace {

using fc::Path;
using M = ForecastModel;

struct Bands {
  std::vector<double> mean;
  std::vector<std::vector<double>> lower, upper;  // [level][step]
  M used;
};

/// The standard normal quantile at p, by bisection on erfc (called once per level).
double normal_quantile(double p) {
  double lo = -10, hi = 10;
  for (int i = 0; i < 100; ++i) {
    const double mid = (lo + hi) / 2;
    (0.5 * std::erfc(-mid / std::sqrt(2.0)) < p ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

Bands normal_bands(Path p, const std::vector<double>& levels, M used) {
  Bands b{p.mean, {}, {}, used};
  for (double level : levels) {
    const double z = normal_quantile(0.5 + level / 200);
    std::vector<double> lo(p.mean.size()), hi(p.mean.size());
    for (std::size_t j = 0; j < p.mean.size(); ++j) lo[j] = p.mean[j] - z * p.sd[j], hi[j] = p.mean[j] + z * p.sd[j];
    b.lower.push_back(std::move(lo));
    b.upper.push_back(std::move(hi));
  }
  return b;
}

/// Croston-family forecasts with conformal intervals: absolute errors of forecasts made from the last origins
/// (each refitted on the data before it) against what followed, pooled over steps.
Bands croston_bands(M model, const double* y, std::size_t n, std::size_t h, const ForecastRequest& rq) {
  const double a = std::isnan(rq.params.alpha) ? 0.1 : rq.params.alpha;
  const double b = std::isnan(rq.params.beta) ? 0.1 : rq.params.beta;
  Bands out{fc::croston(model, y, n, h, a, b), {}, {}, model};
  // the forecast from origin o (data before o) is the running rate after o values: one pass gives them all
  const std::size_t window = std::min<std::size_t>(n > 2 ? n - 2 : 0, std::max<std::size_t>(2 * h, 30));
  const std::vector<double> rates = fc::croston_rates(model, y, n, a, b);
  std::vector<double> errors;
  for (std::size_t o = n - window; o < n; ++o) {
    for (std::size_t t = o; t < std::min(n, o + h); ++t) errors.push_back(std::fabs(y[t] - rates[o]));
  }
  for (double level : rq.levels) {
    double q = 0;
    if (!errors.empty()) {  // the ⌈(k + 1)·level⌉-th smallest error: the split-conformal quantile
      const std::size_t k = errors.size();
      const std::size_t rank = static_cast<std::size_t>(std::ceil((k + 1) * level / 100.0));
      auto at = errors.begin() + static_cast<std::ptrdiff_t>(std::min(k, std::max<std::size_t>(rank, 1)) - 1);
      std::nth_element(errors.begin(), at, errors.end());
      q = *at;
    }
    std::vector<double> lo(h), hi(h);
    for (std::size_t j = 0; j < h; ++j) lo[j] = out.mean[j] - q, hi[j] = out.mean[j] + q;
    out.lower.push_back(std::move(lo));
    out.upper.push_back(std::move(hi));
  }
  return out;
}

/// Point forecasts: mean or median of the members; bounds: the lowest lower and highest upper bound of any member.
Bands combine(const std::vector<Bands>& parts, bool median, M used) {
  Bands out = parts[0];
  out.used = used;
  const std::size_t h = out.mean.size(), k = parts.size();
  std::vector<double> v(k);
  for (std::size_t j = 0; j < h; ++j) {
    for (std::size_t i = 0; i < k; ++i) v[i] = parts[i].mean[j];
    std::sort(v.begin(), v.end());
    double mean = 0;
    for (double x : v) mean += x / k;
    out.mean[j] = median ? (k % 2 ? v[k / 2] : (v[k / 2 - 1] + v[k / 2]) / 2) : mean;
    for (std::size_t l = 0; l < out.lower.size(); ++l) {
      double lo = parts[0].lower[l][j], hi = parts[0].upper[l][j];
      for (const Bands& p : parts) lo = std::min(lo, p.lower[l][j]), hi = std::max(hi, p.upper[l][j]);
      out.lower[l][j] = std::min(lo, out.mean[j]);
      out.upper[l][j] = std::max(hi, out.mean[j]);
    }
  }
  return out;
}

Path naive(const double* y, std::size_t n, std::size_t h, std::size_t lag) {
  if (lag == 0 || n < lag + 1) lag = 1;
  double ss = 0;
  for (std::size_t t = lag; t < n; ++t) ss += (y[t] - y[t - lag]) * (y[t] - y[t - lag]);
  const double sigma = n > lag ? std::sqrt(ss / (n - lag)) : 0.0;
  Path p;
  for (std::size_t j = 0; j < h; ++j) {
    p.mean.push_back(y[n - lag + j % lag]);
    p.sd.push_back(sigma * std::sqrt(double(j / lag + 1)));
  }
  return p;
}

Bands one(M model, const double* y, std::size_t n, const ForecastRequest& rq) {
  const std::size_t h = rq.horizon, m = rq.season;
  const auto& lv = rq.levels;
  if (n < 3 && model != M::kNaive && model != M::kSeasonalNaive) model = M::kNaive;
  switch (model) {
    case M::kNaive: return normal_bands(naive(y, n, h, 1), lv, model);
    case M::kSeasonalNaive: return normal_bands(naive(y, n, h, m), lv, model);
    case M::kSes: case M::kHolt: case M::kDamped: case M::kNaive2:
      return normal_bands(fc::adjusted(model, y, n, m, h, rq.params), lv, model);
    case M::kTheta: return normal_bands(fc::theta(y, n, m, h, rq.params), lv, model);
    case M::kOptimisedTheta: return normal_bands(fc::optimised_theta(y, n, m, h), lv, model);
    case M::kCroston: case M::kSba: case M::kTsb: return croston_bands(model, y, n, h, rq);
    case M::kHoltWintersAdditive: case M::kHoltWintersMultiplicative: {
      const bool mult = model == M::kHoltWintersMultiplicative;
      const fc::EtsSpec spec{mult ? fc::Err::M : fc::Err::A, fc::Trend::A, mult ? fc::Season::M : fc::Season::A};
      fc::EtsFit fit = fc::fit_ets(y, n, m, spec, rq.params);
      if (fit.ok) return normal_bands(fc::ets_forecast(fit, h), lv, model);
      return one(M::kDamped, y, n, rq);
    }
    case M::kEts: {
      fc::EtsFit fit = fc::auto_ets(y, n, m);
      if (fit.ok) return normal_bands(fc::ets_forecast(fit, h), lv, model);
      return one(M::kDamped, y, n, rq);
    }
    case M::kCombShd:
      return combine({one(M::kSes, y, n, rq), one(M::kHolt, y, n, rq), one(M::kDamped, y, n, rq)}, false, model);
    case M::kCombMean: case M::kCombMedian: case M::kAuto: {
      if (model == M::kAuto && fc::intermittent(y, n)) return croston_bands(M::kSba, y, n, h, rq);
      const bool median = model != M::kCombMean;  // auto: the median, best on M3 (docs/forecasting.md)
      return combine({one(M::kEts, y, n, rq), one(M::kTheta, y, n, rq), one(M::kOptimisedTheta, y, n, rq),
                      one(M::kDamped, y, n, rq)},
                     median,
                     model == M::kAuto ? M::kCombMedian : model);
    }
  }
  throw std::invalid_argument("forecast: unknown model");
}

void validate(const ForecastBatchView& b, const ForecastRequest& rq) {
  if (rq.horizon == 0) throw std::invalid_argument("forecast: horizon must be positive");
  if (rq.season == 0) throw std::invalid_argument("forecast: season must be positive");
  for (double l : rq.levels) {
    if (!(l > 0 && l < 100)) throw std::invalid_argument("forecast: levels must lie in (0, 100)");
  }
  if (b.offsets[0] != 0) throw std::invalid_argument("forecast: offsets[0] must be 0");
  for (std::size_t i = 0; i < b.series; ++i) {
    if (b.offsets[i + 1] < b.offsets[i]) throw std::invalid_argument("forecast: offsets must not decrease");
  }
  for (std::int32_t t = 0; t < b.offsets[b.series]; ++t) {
    if (!std::isfinite(b.values[t])) throw std::invalid_argument("forecast: values must be finite");
  }
}

}  // namespace

ForecastResult forecast_batch(const ForecastBatchView& batch, const ForecastRequest& rq, ThreadPool& pool) {
  validate(batch, rq);
  const std::size_t h = rq.horizon, L = rq.levels.size(), n_series = batch.series;
  ForecastResult r{std::vector<double>(n_series * h, 0.0), std::vector<double>(n_series * L * h, 0.0),
                   std::vector<double>(n_series * L * h, 0.0), std::vector<std::int32_t>(n_series, 0)};
  pool.parallel_for(0, n_series, 4, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      const double* y = batch.values + batch.offsets[i];
      const std::size_t n = static_cast<std::size_t>(batch.offsets[i + 1] - batch.offsets[i]);
      r.model[i] = static_cast<std::int32_t>(n == 0 ? M::kNaive : rq.model);
      if (n == 0) continue;
      Bands b = one(rq.model, y, n, rq);
      const bool non_negative = std::all_of(y, y + n, [](double v) { return v >= 0; });
      auto floor0 = [&](double v) { return non_negative ? std::max(v, 0.0) : v; };
      r.model[i] = static_cast<std::int32_t>(b.used);
      for (std::size_t j = 0; j < h; ++j) {
        r.mean[i * h + j] = floor0(b.mean[j]);
        for (std::size_t l = 0; l < L; ++l) {
          r.lower[(i * L + l) * h + j] = floor0(b.lower[l][j]);
          r.upper[(i * L + l) * h + j] = floor0(b.upper[l][j]);
        }
      }
    }
  });
  return r;
}

}  // namespace aisle
