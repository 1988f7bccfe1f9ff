// The forecasting export; registered by addon.cc.
#pragma once

#include <napi.h>

namespace aisle::binding {

/// forecast({values, offsets, horizon, season, levels, model, alpha?, beta?, gamma?, phi?}):
/// Promise<{mean, lower, upper, model}> (Float64Array ×3, Int32Array), layout as aisle::ForecastResult.
Napi::Value Forecast(const Napi::CallbackInfo& info);

}  // namespace aisle::binding
