/**
 * A user × item interaction matrix in CSR form, the one input shape of every recommendation kernel (trainAls,
 * trainBpr, trainEase, trainItemKnn, scoreTopK): user u's items are indices[indptr[u] .. indptr[u+1]), strictly
 * increasing, with their raw weights r_ui >= 0 (1 for implicit feedback; counts, ratings, recency-weighted events)
 * in `values`. The number of users is indptr.length - 1; `nItems` is the column count (ids are in [0, nItems)),
 * so items nobody touched still have a column. Arrays are read in place: do not write to them while a call is
 * pending.
 */
export interface InteractionCsr {
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
  nItems: number;
}
