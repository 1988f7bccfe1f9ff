// Bayesian personalised ranking (Rendle et al. 2009) by SGD over sampled (user, positive, negative) triples.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "aisle/als.h"  // CsrView

namespace aisle {

struct BprParams {
  std::size_t factors = 64;
  double learning_rate = 0.05;
  double regularization = 0.01;
  std::size_t epochs = 20;
  std::uint32_t seed = 0;
};

struct BprResult {
  std::vector<float> user_factors;  ///< users × factors
  std::vector<float> item_factors;  ///< items × factors
  std::vector<float> item_bias;     ///< items
  std::vector<double> loss;         ///< per epoch: mean −log σ(x_uij) over the epoch's updates
  std::vector<double> auc;          ///< per epoch: fraction of sampled triples ranked right before their update
};

/**
 * BPR with item bias. One epoch draws nnz triples: a uniformly random entry (u, i) of R, then negatives j
 * uniformly until one not in u's row (at most 16 tries; otherwise the triple is skipped). Single-threaded on
 * purpose: Hogwild-style parallel SGD races on item rows and is not reproducible, while this is bit-identical for
 * a seed on every machine, and matches the TypeScript reference (which uses the same mulberry32 stream and
 * float64 arithmetic rounded to float32 at each store). Rows of R must be sorted (they are searched for negatives).
 */
BprResult train_bpr(const CsrView& user_items, const BprParams& params);

}  // namespace aisle
