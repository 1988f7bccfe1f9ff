// A borrowed user × item interaction matrix in CSR form, shared by the item-model kernels (EASE, item-kNN,
// sparse scoring), with the checks and the transpose they all need.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace aisle {

/// Borrowed CSR rows: row r holds columns ids[offsets[r] .. offsets[r+1]) with weights alongside.
struct SparseRowsView {
  const std::int32_t* offsets = nullptr;  ///< rows + 1 entries, offsets[0] = 0, non-decreasing
  const std::int32_t* ids = nullptr;      ///< offsets[rows] column ids in [0, cols), distinct within a row
  const float* values = nullptr;          ///< offsets[rows] finite weights
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::size_t nnz() const { return rows == 0 ? 0 : static_cast<std::size_t>(offsets[rows]); }
};

/// An owned CSR matrix (a transpose, or a kernel's sparse output).
struct SparseRows {
  std::vector<std::int32_t> offsets, ids;
  std::vector<float> values;
  std::size_t rows = 0, cols = 0;
  SparseRowsView view() const { return {offsets.data(), ids.data(), values.data(), rows, cols}; }
};

/// Throws std::invalid_argument("<fn>: ...") unless offsets, ids and values describe a well-formed matrix
/// (ids in range, finite values). Duplicate ids within a row are the caller's concern (the TS layer checks).
void check_sparse_rows(const char* fn, const SparseRowsView& m);

/// The column-major copy (a counting sort: rows ascending within each column, so it is deterministic).
SparseRows transpose_rows(const SparseRowsView& m);

}  // namespace aisle
