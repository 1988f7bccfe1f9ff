// Seasonal adjustment (classical multiplicative decomposition behind the M4 90% seasonality test), the Theta
// method (Assimakopoulos & Nikolopoulos 2000, in Hyndman & Billah's SES-with-drift form) and the non-seasonal
// smoothers applied to the adjusted series, as in the M4 benchmarks (Naive2, SES, Holt, Damped).
#include <cmath>
#include <limits>

#include "forecast_internal.h"

namespace aisle::fc {
namespace {

/// Sample autocorrelation at lags 1..m.
std::vector<double> acf(const double* y, std::size_t n, std::size_t m) {
  double mean = 0, denom = 0;
  for (std::size_t t = 0; t < n; ++t) mean += y[t] / n;
  for (std::size_t t = 0; t < n; ++t) denom += (y[t] - mean) * (y[t] - mean);
  std::vector<double> r(m + 1, 0.0);
  if (denom <= 0) return r;
  for (std::size_t k = 1; k <= m; ++k) {
    double s = 0;
    for (std::size_t t = 0; t + k < n; ++t) s += (y[t] - mean) * (y[t + k] - mean);
    r[k] = s / denom;
  }
  return r;
}

/// Centred moving average of order m (2×m for even m) at t, which must leave half a window on either side.
double centred_mean(const double* y, std::size_t t, std::size_t m) {
  const std::size_t half = m / 2;
  double s = 0;
  for (std::size_t i = t - half; i <= t + half; ++i) s += y[i];
  if (m % 2 == 0) s -= 0.5 * (y[t - half] + y[t + half]);
  return s / m;
}

/// The one-step-ahead standard deviation of the naive method, growing with √h.
Path naive_path(const double* y, std::size_t n, std::size_t h) {
  double ss = 0;
  for (std::size_t t = 1; t < n; ++t) ss += (y[t] - y[t - 1]) * (y[t] - y[t - 1]);
  const double sigma = n > 1 ? std::sqrt(ss / (n - 1)) : 0.0;
  Path p;
  for (std::size_t j = 1; j <= h; ++j) p.mean.push_back(y[n - 1]), p.sd.push_back(sigma * std::sqrt(double(j)));
  return p;
}

struct Adjusted {
  std::vector<double> x, index;  // adjusted series; indices (empty when not seasonal)
};

Adjusted adjust(const double* y, std::size_t n, std::size_t m) {
  Adjusted a{std::vector<double>(y, y + n), seasonal_indices(y, n, m)};
  for (std::size_t t = 0; t < n && !a.index.empty(); ++t) a.x[t] /= a.index[t % m];
  return a;
}

void reseasonalise(Path& p, const std::vector<double>& index, std::size_t n) {
  if (index.empty()) return;
  const std::size_t m = index.size();
  for (std::size_t j = 0; j < p.mean.size(); ++j) {
    p.mean[j] *= index[(n + j) % m];
    if (!p.sd.empty()) p.sd[j] *= index[(n + j) % m];
  }
}

}  // namespace

std::vector<double> seasonal_indices(const double* y, std::size_t n, std::size_t m) {
  if (m < 2 || n < 3 * m) return {};
  for (std::size_t t = 0; t < n; ++t) {
    if (!(y[t] > 0)) return {};
  }
  const std::vector<double> r = acf(y, n, m);
  double s = 0;
  for (std::size_t k = 1; k < m; ++k) s += r[k] * r[k];
  if (std::fabs(r[m]) <= 1.645 * std::sqrt((1 + 2 * s) / n)) return {};
  std::vector<double> sum(m, 0.0), count(m, 0.0);
  for (std::size_t t = m / 2; t + m / 2 < n; ++t) {
    sum[t % m] += y[t] / centred_mean(y, t, m);
    count[t % m] += 1;
  }
  double avg = 0;
  for (std::size_t i = 0; i < m; ++i) avg += (sum[i] /= count[i]) / m;
  for (double& v : sum) v /= avg;
  return sum;
}

Path theta(const double* y, std::size_t n, std::size_t m, std::size_t h, const ForecastParams& params) {
  Adjusted a = adjust(y, n, m);
  EtsFit ses = fit_ets(a.x.data(), n, 1, EtsSpec{}, params);
  if (!ses.ok) return naive_path(y, n, h);
  Path p = ets_forecast(ses, h);
  double tbar = (n - 1) / 2.0, xbar = 0, sxy = 0, sxx = 0;
  for (std::size_t t = 0; t < n; ++t) xbar += a.x[t] / n;
  for (std::size_t t = 0; t < n; ++t) sxy += (t - tbar) * (a.x[t] - xbar), sxx += (t - tbar) * (t - tbar);
  const double drift = sxx > 0 ? sxy / sxx / 2 : 0.0;  // the theta = 2 line's slope, halved by the combination
  const double alpha = ses.alpha, start = (1 - std::pow(1 - alpha, double(n))) / alpha;
  for (std::size_t j = 0; j < h; ++j) p.mean[j] += drift * (j + start);
  reseasonalise(p, a.index, n);
  return p;
}

Path optimised_theta(const double* y, std::size_t n, std::size_t m, std::size_t h) {
  if (n < 4) return theta(y, n, m, h, ForecastParams{});
  Adjusted a = adjust(y, n, m);
  double scale = 0, tbar = (n - 1) / 2.0, xbar = 0, sxy = 0, sxx = 0;
  for (std::size_t t = 0; t < n; ++t) scale += std::fabs(a.x[t]) / n;
  if (!(scale > 0)) scale = 1;
  for (double& v : a.x) v /= scale;
  for (std::size_t t = 0; t < n; ++t) xbar += a.x[t] / n;
  for (std::size_t t = 0; t < n; ++t) sxy += (t - tbar) * (a.x[t] - xbar), sxx += (t - tbar) * (t - tbar);
  const double slope = sxx > 0 ? sxy / sxx : 0.0, intercept = xbar - slope * tbar;
  // x[0] = alpha, x[1] = theta, x[2] = the theta line's initial level; one-step errors of (1/θ)·SES(θ line) +
  // (1 − 1/θ)·trend line, the trend fitted on the whole series
  double level = 0;
  auto sse = [&](const std::vector<double>& v) {
    if (!(v[0] > 1e-4 && v[0] < 0.9999 && v[1] >= 1 && v[1] <= 10)) return std::numeric_limits<double>::infinity();
    double s = 0;
    level = v[2];
    for (std::size_t t = 0; t < n; ++t) {
      const double line = intercept + slope * t;
      const double e = a.x[t] - (level / v[1] + (1 - 1 / v[1]) * line);
      s += e * e;
      level += v[0] * (v[1] * a.x[t] + (1 - v[1]) * line - level);
    }
    return s;
  };
  const std::vector<double> best = nelder_mead(sse, {0.5, 2.0, a.x[0]}, {0.1, 0.5, 0.1}, 400);
  const double sigma = std::sqrt(sse(best) / n) * scale, alpha = best[0], th = best[1];
  Path p;
  for (std::size_t j = 1; j <= h; ++j) {
    p.mean.push_back((level / th + (1 - 1 / th) * (intercept + slope * (n - 1 + j))) * scale);
    p.sd.push_back(sigma * std::sqrt(1 + (j - 1) * alpha * alpha));
  }
  reseasonalise(p, a.index, n);
  return p;
}

Path adjusted(ForecastModel model, const double* y, std::size_t n, std::size_t m, std::size_t h,
              const ForecastParams& params) {
  Adjusted a = adjust(y, n, m);
  Path p;
  EtsSpec spec;
  if (model == ForecastModel::kHolt) spec.trend = Trend::A;
  if (model == ForecastModel::kDamped) spec.trend = Trend::Ad;
  EtsFit fit;
  if (model != ForecastModel::kNaive2 && n >= 3) fit = fit_ets(a.x.data(), n, 1, spec, params);
  p = fit.ok ? ets_forecast(fit, h) : naive_path(a.x.data(), n, h);
  reseasonalise(p, a.index, n);
  return p;
}

}  // namespace aisle::fc
