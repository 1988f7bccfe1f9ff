// Implicit-feedback matrix factorisation by alternating least squares (Hu, Koren & Volinsky 2008), with the
// conjugate-gradient row solver of Takács et al. (as in implicit's least_squares_cg) or an exact Cholesky solve.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "aisle/device.h"
#include "aisle/topk.h"  // KernelTier

namespace aisle {

class ThreadPool;

/// A borrowed CSR matrix: row r holds columns indices[indptr[r] .. indptr[r+1]) with values alongside.
/// Within a row the column ids must be strictly increasing (so no (row, column) pair appears twice).
struct CsrView {
  const std::int32_t* indptr = nullptr;  ///< rows + 1 entries, indptr[0] = 0, non-decreasing
  const std::int32_t* indices = nullptr; ///< indptr[rows] column ids in [0, cols)
  const float* values = nullptr;         ///< indptr[rows] raw weights r >= 0 (confidence c = 1 + alpha·r)
  std::size_t rows = 0;
  std::size_t cols = 0;
};

/// A CSR matrix that owns its arrays (the transpose the trainer builds).
struct CsrMatrix {
  std::vector<std::int32_t> indptr, indices;
  std::vector<float> values;
  std::size_t rows = 0, cols = 0;
  CsrView view() const { return {indptr.data(), indices.data(), values.data(), rows, cols}; }
};

/// The column-major copy of m (a counting sort: rows ascending within each column, so it is deterministic).
CsrMatrix transpose(const CsrView& m);

enum class AlsSolver { kConjugateGradient, kCholesky };

struct AlsParams {
  std::size_t factors = 64;
  float regularization = 0.01f;   ///< λ, added as λI to every row's system
  float alpha = 1.0f;             ///< confidence c_ui = 1 + alpha · r_ui
  std::size_t iterations = 15;    ///< full sweeps (users given items, then items given users)
  std::size_t cg_steps = 3;       ///< CG steps per row per half-sweep, warm-started from the previous vector
  std::uint32_t seed = 0;         ///< initial factors: mulberry32(seed), items first then users, U(-0.05, 0.05)
  AlsSolver solver = AlsSolver::kConjugateGradient;
  bool compute_loss = true;       ///< one extra O(nnz·d + (U+I)·d²) pass per iteration
  KernelTier tier = KernelTier::kAuto;  ///< kScalar forces the portable inner loops (tests compare the tiers)
  Device device = Device::kCpu;         ///< kCuda: CG half-sweeps on the GPU (kCholesky always runs on the CPU)
};

struct AlsResult {
  std::vector<float> user_factors;  ///< users × factors, row-major
  std::vector<float> item_factors;  ///< items × factors, row-major
  std::vector<double> loss;         ///< per iteration when compute_loss, else empty (see als_loss)
  std::vector<double> item_gram;    ///< YᵀY of the final item factors (d × d), for als_fold_in
};

/// The initial factors train_als starts from: items then users, each element 0.1·(u − 0.5), u from mulberry32.
void als_initial_factors(std::uint32_t seed, std::size_t users, std::size_t items, std::size_t d, float* user_factors,
                         float* item_factors);

/**
 * Trains user and item factors for the user × item matrix R (user_items; its transpose is built here).
 * Minimises Σ_{u,i} c_ui (p_ui − x_u·y_i)² + λ(Σ‖x_u‖² + Σ‖y_i‖²) with p_ui = 1 where R has an entry. Each row's
 * work is independent of the others and of the thread count, so results are bit-identical for a seed on any
 * machine with the same SIMD tier. Throws std::invalid_argument for a malformed matrix or parameters.
 */
AlsResult train_als(const CsrView& user_items, const AlsParams& params, ThreadPool& pool);

/**
 * The objective above divided by the total weight Σc_ui + (U·I − nnz) (implicit's normalisation), computed
 * without visiting the zeros: ⟨YᵀY, XᵀX⟩ + Σ_{(u,i)∈R} [c_ui(1 − 2s) + (c_ui − 1)s²] with s = x_u·y_i, plus
 * λ(tr XᵀX + tr YᵀY). Sums are float64 in a fixed order (the dot products s are float32).
 */
double als_loss(const CsrView& user_items, const float* user_factors, const float* item_factors, std::size_t d,
                float regularization, float alpha, ThreadPool& pool, KernelTier tier = KernelTier::kAuto);

/// YᵀY (d × d, row-major, float64) of a rows × d matrix: float sums over 256-row slices, added in float64 in a
/// fixed order, so the result does not depend on the thread count (only on the tier).
std::vector<double> gram(const float* y, std::size_t rows, std::size_t d, ThreadPool& pool,
                         KernelTier tier = KernelTier::kAuto);

/**
 * One user's exact least-squares vector given fixed item factors (real-time fold-in of new events): solves
 * (YᵀY + Yᵀ(C_u − I)Y + λI) x = Yᵀ C_u p_u by Cholesky in float64. `item_gram` (d × d, may be null) is YᵀY when
 * the caller already has it, saving the O(items · d²) pass. Items must be distinct ids in [0, n_items).
 */
void als_fold_in(const float* item_factors, std::size_t n_items, std::size_t d, const double* item_gram,
                 const std::int32_t* items, const float* values, std::size_t n, float regularization, float alpha,
                 float* out, ThreadPool& pool);

}  // namespace aisle
