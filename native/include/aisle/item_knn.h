// Item-based k-nearest-neighbours: cosine similarity with shrinkage, top-N neighbours per item.
#pragma once

#include <cstddef>

#include "aisle/sparse_rows.h"

namespace aisle {

class ThreadPool;

struct ItemKnnParams {
  std::size_t neighbors = 100;  ///< N, the neighbours kept per item, >= 1
  double shrink = 0.0;          ///< added to the norm product: sim = a·b / (‖a‖‖b‖ + shrink), >= 0
};

/**
 * For every item i (a column of user_items), its up to N most similar other items j with sim(i, j) > 0, ordered by
 * similarity descending then id ascending, as an items × items CSR matrix (row i = i's neighbours). Similarities
 * are accumulated in float64 over the users both items share; parallel over items, deterministic for any thread
 * count. Throws std::invalid_argument for a malformed matrix or parameters.
 */
SparseRows train_item_knn(const SparseRowsView& user_items, const ItemKnnParams& params, ThreadPool& pool);

}  // namespace aisle
