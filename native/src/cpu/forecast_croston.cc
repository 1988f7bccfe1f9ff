// Croston's method for intermittent demand (Croston 1972), its bias-corrected variant SBA (Syntetos & Boylan
// 2005) and TSB (Teunter, Syntetos & Babai 2011), which smooths the demand probability every period instead of
// the inter-demand interval, so a dying item's forecast decays.
#include "forecast_internal.h"

namespace aisle::fc {

std::vector<double> croston_rates(ForecastModel model, const double* y, std::size_t n, double alpha, double beta) {
  std::vector<double> rates(n + 1, 0.0);
  std::size_t first = 0;
  while (first < n && y[first] == 0) ++first;
  if (first == n) return rates;
  // sizes start at the first demand; the interval (TSB: probability) counts from the start of the series
  double size = y[first], interval = double(first + 1), prob = 1.0 / (first + 1);
  std::size_t last = first;
  auto rate = [&] {
    if (model == ForecastModel::kTsb) return prob * size;
    return size / interval * (model == ForecastModel::kSba ? 1 - beta / 2 : 1.0);
  };
  rates[first + 1] = rate();
  for (std::size_t t = first + 1; t < n; ++t) {
    const bool demand = y[t] != 0;
    if (model == ForecastModel::kTsb) {
      prob += beta * ((demand ? 1.0 : 0.0) - prob);
      if (demand) size += alpha * (y[t] - size);
    } else if (demand) {
      size += alpha * (y[t] - size);
      interval += beta * (double(t - last) - interval);
      last = t;
    }
    rates[t + 1] = rate();
  }
  return rates;
}

std::vector<double> croston(ForecastModel model, const double* y, std::size_t n, std::size_t h, double alpha,
                            double beta) {
  return std::vector<double>(h, croston_rates(model, y, n, alpha, beta)[n]);
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
