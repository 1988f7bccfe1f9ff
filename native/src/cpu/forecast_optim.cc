// Nelder–Mead simplex minimisation (standard coefficients), used to fit smoothing parameters and initial states.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "forecast_internal.h"

namespace aisle::fc {

std::vector<double> nelder_mead(const std::function<double(const std::vector<double>&)>& f, std::vector<double> x0,
                                const std::vector<double>& step, int max_evals) {
  const std::size_t d = x0.size();
  std::vector<std::vector<double>> pts(d + 1, x0);
  std::vector<double> val(d + 1);
  for (std::size_t i = 0; i < d; ++i) pts[i + 1][i] += step[i];
  for (std::size_t i = 0; i <= d; ++i) val[i] = f(pts[i]);
  int evals = static_cast<int>(d + 1);
  std::vector<std::size_t> order(d + 1);
  std::vector<double> centre(d), xr(d), xe(d), xc(d);
  auto along = [&](std::vector<double>& out, double t, const std::vector<double>& from) {
    for (std::size_t k = 0; k < d; ++k) out[k] = centre[k] + t * (from[k] - centre[k]);
  };
  while (evals < max_evals) {
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return val[a] < val[b]; });
    const std::size_t best = order[0], worst = order[d], second = order[d - 1];
    if (std::fabs(val[worst] - val[best]) <= 1e-7 * (std::fabs(val[best]) + 1e-7)) break;
    std::fill(centre.begin(), centre.end(), 0.0);
    for (std::size_t i = 0; i <= d; ++i) {
      if (i == worst) continue;
      for (std::size_t k = 0; k < d; ++k) centre[k] += pts[i][k] / d;
    }
    along(xr, -1.0, pts[worst]);
    const double fr = f(xr);
    ++evals;
    if (fr < val[best]) {
      along(xe, -2.0, pts[worst]);
      const double fe = f(xe);
      ++evals;
      if (fe < fr) pts[worst] = xe, val[worst] = fe; else pts[worst] = xr, val[worst] = fr;
    } else if (fr < val[second]) {
      pts[worst] = xr, val[worst] = fr;
    } else {
      along(xc, fr < val[worst] ? -0.5 : 0.5, pts[worst]);
      const double fc = f(xc);
      ++evals;
      if (fc < std::min(fr, val[worst])) {
        pts[worst] = xc, val[worst] = fc;
      } else {  // shrink towards the best point
        for (std::size_t i = 0; i <= d; ++i) {
          if (i == best) continue;
          for (std::size_t k = 0; k < d; ++k) pts[i][k] = pts[best][k] + 0.5 * (pts[i][k] - pts[best][k]);
          val[i] = f(pts[i]);
          ++evals;
        }
      }
    }
  }
  const std::size_t best = static_cast<std::size_t>(std::min_element(val.begin(), val.end()) - val.begin());
  return pts[best];
}

}  // namespace aisle::fc
