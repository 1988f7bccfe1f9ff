#include "aisle/sparse_rows.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace aisle {

void check_sparse_rows(const char* fn, const SparseRowsView& m) {
  auto fail = [fn](const std::string& what) { throw std::invalid_argument(std::string(fn) + ": " + what); };
  if (m.cols > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) fail("too many items for int32 ids");
  if (m.offsets == nullptr) fail("offsets missing");
  if (m.offsets[0] != 0) fail("offsets[0] must be 0");
  for (std::size_t r = 0; r < m.rows; ++r)
    if (m.offsets[r + 1] < m.offsets[r]) fail("offsets must be non-decreasing");
  const std::size_t nnz = m.nnz();
  if (nnz > 0 && (m.ids == nullptr || m.values == nullptr)) fail("ids/values missing");
  for (std::size_t i = 0; i < nnz; ++i) {
    if (m.ids[i] < 0 || static_cast<std::size_t>(m.ids[i]) >= m.cols) fail("ids[" + std::to_string(i) + "] out of range");
    if (!std::isfinite(m.values[i])) fail("values[" + std::to_string(i) + "] is not finite");
  }
}

SparseRows transpose_rows(const SparseRowsView& m) {
  SparseRows t;
  t.rows = m.cols;
  t.cols = m.rows;
  const std::size_t nnz = m.nnz();
  t.offsets.assign(m.cols + 1, 0);
  t.ids.resize(nnz);
  t.values.resize(nnz);
  for (std::size_t i = 0; i < nnz; ++i) ++t.offsets[m.ids[i] + 1];
  for (std::size_t c = 0; c < m.cols; ++c) t.offsets[c + 1] += t.offsets[c];
  std::vector<std::int32_t> next(t.offsets.begin(), t.offsets.end() - 1);
  for (std::size_t r = 0; r < m.rows; ++r)
    for (std::int32_t p = m.offsets[r]; p < m.offsets[r + 1]; ++p) {
      const std::int32_t slot = next[m.ids[p]]++;
      t.ids[slot] = static_cast<std::int32_t>(r);
      t.values[slot] = m.values[p];
    }
  return t;
}

}  // namespace aisle
