// EASE (Steck 2019, "Embarrassingly Shallow Autoencoders for Sparse Data"): a closed-form item × item model.
#pragma once

#include <cstddef>
#include <vector>

#include "aisle/sparse_rows.h"

namespace aisle {

class ThreadPool;

struct EaseParams {
  double lambda = 500.0;           ///< L2 weight added to the Gram diagonal, > 0
  std::size_t max_items = 20000;   ///< refuse larger problems: B is items² floats and the inverse items³ work
};

/**
 * B = I − P·diag(1/diag(P)) with P = (XᵀX + λI)⁻¹, so diag(B) = 0; returned row-major, items × items, where
 * row i holds the weights item i gives every item j (a user's scores are Σ_i x_ui · B[i, :]). The Gram matrix and
 * the inverse (Cholesky, then L⁻¹, then L⁻ᵀL⁻¹) are computed in float64, parallel over rows and summed in a fixed
 * order, so the result does not depend on the thread count. Peak memory is about 20·items² bytes (two float64
 * n × n work matrices and the float32 B). Throws std::invalid_argument for a malformed matrix,
 * λ <= 0 or non-finite, or more than max_items columns.
 */
std::vector<float> train_ease(const SparseRowsView& user_items, const EaseParams& params, ThreadPool& pool);

/// The inverse of a symmetric positive definite n × n matrix (row-major, float64) via Cholesky; overwrites `a`.
/// Throws std::invalid_argument when a pivot is not positive (the matrix is not positive definite).
void spd_inverse(std::vector<double>& a, std::size_t n, ThreadPool& pool);

}  // namespace aisle
