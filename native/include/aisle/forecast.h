// Batched univariate forecasting: naive, seasonal naive, exponential smoothing (the ETS state-space family with
// AICc selection), Theta, the Croston family, and an automatic choice per series, with prediction intervals.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace aisle {

class ThreadPool;

/// Model codes; the TypeScript wrapper maps them to names in this order (src/compute/forecast.types.ts).
enum class ForecastModel : std::int32_t {
  kNaive = 0, kSeasonalNaive, kSes, kHolt, kDamped, kHoltWintersAdditive, kHoltWintersMultiplicative, kEts,
  kTheta, kOptimisedTheta, kCroston, kSba, kTsb, kNaive2, kCombShd, kCombMean, kCombMedian, kAuto,
};

/// Smoothing parameters; NaN means "estimate". When alpha is given the model runs with the given parameters and
/// heuristic initial states (no optimisation), which is what the TypeScript references reproduce.
struct ForecastParams {
  double alpha = std::numeric_limits<double>::quiet_NaN();
  double beta = std::numeric_limits<double>::quiet_NaN();
  double gamma = std::numeric_limits<double>::quiet_NaN();
  double phi = std::numeric_limits<double>::quiet_NaN();
};

/// Many series in one block: series i is values[offsets[i] .. offsets[i+1]).
struct ForecastBatchView {
  const double* values = nullptr;
  const std::int32_t* offsets = nullptr;
  std::size_t series = 0;
};

struct ForecastRequest {
  ForecastModel model = ForecastModel::kAuto;
  std::size_t horizon = 1;
  std::size_t season = 1;         ///< seasonal period m (1 = none)
  std::vector<double> levels;     ///< interval coverage in percent, each in (0, 100)
  ForecastParams params;
};

/// Row-major results: mean[i·h + j]; lower/upper[(i·L + l)·h + j] for level l; model[i] the model used.
struct ForecastResult {
  std::vector<double> mean, lower, upper;
  std::vector<std::int32_t> model;
};

/**
 * Forecasts every series of the batch in parallel (one task per series; deterministic, independent of the thread
 * count). A series whose values are all >= 0 never gets a negative mean or bound. Empty series give zeros.
 * Throws std::invalid_argument for malformed offsets, non-finite values or a zero horizon.
 */
ForecastResult forecast_batch(const ForecastBatchView& batch, const ForecastRequest& request, ThreadPool& pool);

}  // namespace aisle
