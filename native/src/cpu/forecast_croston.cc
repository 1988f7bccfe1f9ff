// Croston's method for intermittent demand (Croston 1972), its bias-corrected variant SBA (Syntetos & Boylan
// 2005) and TSB (Teunter, Syntetos & Babai 2011), which smooths the demand probability every period instead of
// the inter-demand interval, so a dying item's forecast decays.
#include "forecast_internal.h"

namespace aisle::fc {

std::vector<double> croston(ForecastModel model, const double* y, std::size_t n, std::size_t h, double alpha,
                            double beta) {
  std::size_t first = n, nonzero = 0;
  for (std::size_t t = 0; t < n; ++t) {
    if (y[t] != 0) {
      ++nonzero;
      if (first == n) first = t;
    }
  }
  if (nonzero == 0) return std::vector<double>(h, 0.0);
  double size = y[first], rate;
  if (model == ForecastModel::kTsb) {
    double prob = double(nonzero) / n;
    for (std::size_t t = first + 1; t < n; ++t) {
      const bool demand = y[t] != 0;
      prob += beta * ((demand ? 1.0 : 0.0) - prob);
      if (demand) size += alpha * (y[t] - size);
    }
    rate = prob * size;
  } else {
    double interval = double(first + 1);
    std::size_t last = first;
    for (std::size_t t = first + 1; t < n; ++t) {
      if (y[t] == 0) continue;
      size += alpha * (y[t] - size);
      interval += beta * (double(t - last) - interval);
      last = t;
    }
    rate = size / interval;
    if (model == ForecastModel::kSba) rate *= 1 - beta / 2;
  }
  return std::vector<double>(h, rate);
}

bool intermittent(const double* y, std::size_t n) {
  std::size_t nonzero = 0;
  for (std::size_t t = 0; t < n; ++t) {
    if (y[t] < 0) return false;
    nonzero += y[t] != 0;
  }
  return nonzero >= 2 && nonzero < n && double(n) / nonzero >= 1.32;
}

}  // namespace aisle::fc
