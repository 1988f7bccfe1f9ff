// A dense row-major float32 matrix borrowed from the caller, the input of the k-means and MLP kernels.
#pragma once

#include <cstddef>

namespace aisle {

/// n × d row-major float32 values; the caller keeps `data` alive for the call.
struct DenseRowsView {
  const float* data = nullptr;
  std::size_t n = 0;
  std::size_t d = 0;
};

}  // namespace aisle
