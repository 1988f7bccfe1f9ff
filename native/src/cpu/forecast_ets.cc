// The ETS state-space family (Hyndman et al. 2008) with additive or multiplicative errors, none / additive /
// damped trend and none / additive / multiplicative season. Written in error-correction form the state updates
// depend only on the raw error y − ŷ, so both error types share one recursion and differ only in the likelihood.
#include <algorithm>
#include <cmath>
#include <limits>

#include "forecast_internal.h"

namespace aisle::fc {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Params {
  double alpha, beta, gamma, phi, l0, b0;
  std::vector<double> s0;
};

struct RunOut {
  double lik = kInf, sse = 0, sse_rel = 0, level = 0, slope = 0;
  std::vector<double> seasonal;
};

bool has_trend(const EtsSpec& s) { return s.trend != Trend::N; }
bool has_season(const EtsSpec& s) { return s.season != Season::N; }

/// One pass of the recursions; lik = n·log(mean squared error) (+ 2Σlog ŷ for multiplicative errors), or ∞.
RunOut run(const double* y, std::size_t n, std::size_t m, const EtsSpec& sp, const Params& p) {
  RunOut out;
  double l = p.l0, b = has_trend(sp) ? p.b0 : 0, sum_log = 0, product = 1;
  const double phi = sp.trend == Trend::Ad ? p.phi : 1.0;
  std::vector<double> s = p.s0;
  std::size_t si = 0;
  for (std::size_t t = 0; t < n; ++t) {
    const double phib = phi * b, q = l + phib;
    const double st = has_season(sp) ? s[si] : 0.0;
    const double yhat = sp.season == Season::M ? q * st : q + st;
    if (!std::isfinite(yhat)) return out;
    const double r = y[t] - yhat;
    if (sp.error == Err::M || sp.season == Season::M) {
      if (yhat <= 0 || (sp.season == Season::M && (q <= 0 || st <= 0))) return out;
      out.sse_rel += (r / yhat) * (r / yhat);
      product *= yhat;  // Σ log ŷ as the log of products of 8: log is the costliest step of the pass
      if (t % 8 == 7) sum_log += std::log(product), product = 1;
    }
    out.sse += r * r;
    const double rs = sp.season == Season::M ? r / st : r;
    l = q + p.alpha * rs;
    if (has_trend(sp)) b = phib + p.beta * rs;
    if (has_season(sp)) {
      s[si] = st + p.gamma * (sp.season == Season::M ? r / q : r);
      si = (si + 1) % m;
    }
  }
  sum_log += std::log(product);
  const double tiny = 1e-20;
  out.lik = sp.error == Err::A ? n * std::log(std::max(out.sse / n, tiny))
                               : n * std::log(std::max(out.sse_rel / n, tiny)) + 2 * sum_log;
  out.level = l;
  out.slope = b;
  if (has_season(sp)) std::rotate(s.begin(), s.begin() + si, s.end());
  out.seasonal = std::move(s);
  return out;
}

/// Heuristic initial states: first observations without season; cycle means and per-position deviations
/// (ratios) over up to three full cycles with it.
Params initial_states(const double* y, std::size_t n, std::size_t m, const EtsSpec& sp) {
  Params p{0.3, 0.05, 0.05, 0.98, y[0], n > 1 ? y[1] - y[0] : 0.0, {}};
  if (!has_season(sp)) return p;
  const std::size_t cycles = std::min<std::size_t>(n / m, 3);
  std::vector<double> mean(cycles, 0.0);
  for (std::size_t k = 0; k < cycles; ++k) {
    for (std::size_t i = 0; i < m; ++i) mean[k] += y[k * m + i] / m;
  }
  p.l0 = mean[0];
  p.b0 = cycles > 1 ? (mean[1] - mean[0]) / m : 0.0;
  const bool mult = sp.season == Season::M;
  p.s0.assign(m, 0.0);
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t k = 0; k < cycles; ++k) p.s0[i] += (mult ? y[k * m + i] / mean[k] : y[k * m + i] - mean[k]) / cycles;
  }
  double avg = 0;
  for (double v : p.s0) avg += v / m;
  for (double& v : p.s0) v = mult ? v / avg : v - avg;
  return p;
}

/// The optimised coordinates: alpha, [beta], [gamma], [phi], l0, [b0].
struct Layout {
  EtsSpec sp;
  std::size_t size() const { return 2 + 2 * has_trend(sp) + has_season(sp) + (sp.trend == Trend::Ad); }
  std::vector<double> pack(const Params& p) const {
    std::vector<double> x{p.alpha};
    if (has_trend(sp)) x.push_back(p.beta);
    if (has_season(sp)) x.push_back(p.gamma);
    if (sp.trend == Trend::Ad) x.push_back(p.phi);
    x.push_back(p.l0);
    if (has_trend(sp)) x.push_back(p.b0);
    return x;
  }
  /// Writes x into p; false when outside the usual region 0 < β < α < 1, 0 < γ < 1 − α, 0.8 <= φ <= 0.98.
  bool unpack(const std::vector<double>& x, Params& p) const {
    std::size_t k = 0;
    p.alpha = x[k++];
    if (has_trend(sp)) p.beta = x[k++];
    if (has_season(sp)) p.gamma = x[k++];
    if (sp.trend == Trend::Ad) p.phi = x[k++];
    p.l0 = x[k++];
    if (has_trend(sp)) p.b0 = x[k++];
    if (!(p.alpha > 1e-4 && p.alpha < 0.9999)) return false;
    if (has_trend(sp) && !(p.beta > 1e-4 && p.beta < p.alpha)) return false;
    if (has_season(sp) && !(p.gamma > 1e-4 && p.gamma < 1 - p.alpha)) return false;
    return sp.trend != Trend::Ad || (p.phi >= 0.8 && p.phi <= 0.98);
  }
};

/// SES's sum of squared errors at `alpha` with the best ℓ0 for it: the errors are affine in ℓ0 (slope −(1 − α)^t),
/// so ℓ0 comes from one least-squares step inside the same pass.
double ses_profile(const double* y, std::size_t n, double alpha, double& l0) {
  double level = 0, weight = 1, see = 0, sez = 0, szz = 0;
  for (std::size_t t = 0; t < n; ++t) {
    const double e = y[t] - level;
    see += e * e, sez += e * weight, szz += weight * weight;
    level += alpha * e;
    weight *= 1 - alpha;
  }
  l0 = sez / szz;
  return see - sez * l0;
}

/// Additive-error SES by a coarse grid then golden-section search over alpha, ℓ0 profiled out.
Params optimise_ses(const double* y, std::size_t n, Params p) {
  double best_a = 0.5, best = kInf, l0 = 0;
  for (double a = 0.05; a < 1; a += 0.1) {
    const double v = ses_profile(y, n, a, l0);
    if (v < best) best = v, best_a = a;
  }
  const double g = (std::sqrt(5.0) - 1) / 2;
  double lo = std::max(1e-4, best_a - 0.1), hi = std::min(0.9999, best_a + 0.1);
  double x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo);
  double f1 = ses_profile(y, n, x1, l0), f2 = ses_profile(y, n, x2, l0);
  while (hi - lo > 1e-5) {
    if (f1 < f2) hi = x2, x2 = x1, f2 = f1, x1 = hi - g * (hi - lo), f1 = ses_profile(y, n, x1, l0);
    else lo = x1, x1 = x2, f1 = f2, x2 = lo + g * (hi - lo), f2 = ses_profile(y, n, x2, l0);
  }
  p.alpha = (lo + hi) / 2;
  ses_profile(y, n, p.alpha, p.l0);
  return p;
}

Params optimise(const double* y, std::size_t n, std::size_t m, const EtsSpec& sp, Params p) {
  if (sp.error == Err::A && sp.trend == Trend::N && sp.season == Season::N) return optimise_ses(y, n, p);
  const Layout layout{sp};
  std::vector<double> x0 = layout.pack(p), step(x0.size(), 0.05);
  step.back() = 0.1;  // data are scaled to mean |y| = 1
  if (has_trend(sp)) step[step.size() - 2] = 0.1, step.back() = 0.02;
  Params trial = p;
  auto f = [&](const std::vector<double>& x) {
    if (!layout.unpack(x, trial)) return kInf;
    return run(y, n, m, sp, trial).lik;
  };
  const int budget = 60 * static_cast<int>(x0.size()) + 100;
  std::vector<double> best = nelder_mead(f, x0, step, budget);
  best = nelder_mead(f, best, step, budget / 3);  // a restart escapes early collapse of the simplex
  layout.unpack(best, p);
  return p;
}

}  // namespace

std::size_t estimation_window(std::size_t m) { return std::max<std::size_t>(200, 10 * m); }

EtsFit fit_ets(const double* y, std::size_t n, std::size_t m, EtsSpec sp, const ForecastParams& given) {
  EtsFit fit;
  fit.spec = sp;
  fit.m = has_season(sp) ? m : 1;
  if (n == 0 || (has_season(sp) && (m < 2 || n < 2 * m))) return fit;
  const bool estimate = std::isnan(given.alpha);
  if (estimate && n > estimation_window(m)) {  // long series: estimate on (and filter) the most recent window
    y += n - estimation_window(m);
    n = estimation_window(m);
  }
  double scale = 0;
  for (std::size_t t = 0; t < n; ++t) scale += std::fabs(y[t]) / n;
  if (!(scale > 0)) scale = 1;
  std::vector<double> z(y, y + n);
  for (double& v : z) v /= scale;
  Params p = initial_states(z.data(), n, m, sp);
  if (!estimate) {
    p.alpha = given.alpha;
    p.beta = std::isnan(given.beta) ? 0.0 : given.beta;
    p.gamma = std::isnan(given.gamma) ? 0.0 : given.gamma;
    p.phi = std::isnan(given.phi) ? 1.0 : given.phi;
  } else {
    p = optimise(z.data(), n, m, sp, p);
  }
  RunOut r = run(z.data(), n, m, sp, p);
  if (!std::isfinite(r.lik)) return fit;
  const std::size_t np = 1 + has_trend(sp) + has_season(sp) + (sp.trend == Trend::Ad) + 1 + has_trend(sp) +
                         (has_season(sp) ? m - 1 : 0) + 1;
  fit.aicc = n > np + 1 ? r.lik + 2.0 * np + 2.0 * np * (np + 1) / (n - np - 1) : kInf;
  fit.alpha = p.alpha, fit.beta = p.beta, fit.gamma = p.gamma, fit.phi = sp.trend == Trend::Ad ? p.phi : 1.0;
  fit.level = r.level * scale;
  fit.slope = r.slope * scale;
  fit.seasonal = r.seasonal;
  if (sp.season == Season::A) for (double& v : fit.seasonal) v *= scale;
  fit.sigma2 = sp.error == Err::A ? r.sse / n * scale * scale : r.sse_rel / n;
  fit.ok = true;
  return fit;
}

EtsFit auto_ets(const double* y, std::size_t n, std::size_t m) {
  const bool positive = std::all_of(y, y + n, [](double v) { return v > 0; });
  const bool seasonal = m > 1 && m <= 24 && n >= 2 * m;
  EtsFit best;
  best.aicc = kInf;
  for (Err e : {Err::A, Err::M}) {
    for (Trend t : {Trend::N, Trend::A, Trend::Ad}) {
      for (Season s : {Season::N, Season::A, Season::M}) {
        if ((e == Err::M || s == Season::M) && !positive) continue;
        if (s != Season::N && !seasonal) continue;
        if (e == Err::A && s == Season::M) continue;  // restricted in ets(): numerically unstable
        EtsFit f = fit_ets(y, n, m, EtsSpec{e, t, s}, ForecastParams{});
        if (f.ok && f.aicc < best.aicc) best = std::move(f);
      }
    }
  }
  return best;
}

Path ets_forecast(const EtsFit& f, std::size_t h) {
  Path out;
  const EtsSpec& sp = f.spec;
  const bool mult_var = sp.error == Err::M || sp.season == Season::M;
  double phi_sum = 0, phi_pow = 1, var_sum = 1;
  for (std::size_t j = 1; j <= h; ++j) {
    phi_pow *= f.phi;
    phi_sum += sp.trend == Trend::N ? 0.0 : phi_pow;
    const double q = f.level + phi_sum * f.slope;
    const double s = has_season(sp) ? f.seasonal[(j - 1) % f.m] : 0.0;
    const double mean = sp.season == Season::M ? q * s : q + s;
    out.mean.push_back(mean);
    out.sd.push_back(std::sqrt(f.sigma2 * var_sum) * (mult_var ? std::fabs(mean) : 1.0));
    // c_j = α + β·Σφ^i + γ·[j ≡ 0 mod m]: the weight of today's error in the state j steps ahead
    const double c = f.alpha + f.beta * phi_sum + (has_season(sp) && j % f.m == 0 ? f.gamma : 0.0);
    var_sum += c * c;
  }
  return out;
}

}  // namespace aisle::fc
