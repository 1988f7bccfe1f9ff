// ALS half-sweeps on the GPU: the fixed side's Gram (float partials over 256-row chunks, added in float64 in
// chunk order, as on the CPU), then one block per row running the same warm-started conjugate-gradient steps as
// solve_cg in src/cpu/als.cc, with A·v = (G + λI)v + Σ(c−1)(y·v)y applied implicitly.
#include <algorithm>

#include "aisle/als.h"
#include "aisle/device.h"
#include "device_buffer.h"

namespace aisle::cuda {
namespace {

constexpr int kGramRows = 256;
constexpr int kThreads = 128;
constexpr int kWarps = kThreads / 32;

__global__ void gram_partial(const float* y, int rows, int d, double* partial) {
  const int chunk = blockIdx.x, r0 = chunk * kGramRows, r1 = min(rows, r0 + kGramRows);
  for (int e = threadIdx.x; e < d * d; e += blockDim.x) {
    const int a = e / d, b = e % d;
    float s = 0.0f;
    for (int r = r0; r < r1; ++r) s += y[static_cast<std::size_t>(r) * d + a] * y[static_cast<std::size_t>(r) * d + b];
    partial[static_cast<std::size_t>(chunk) * d * d + e] = s;
  }
}

/// g_reg = Σ_chunks partial + λI, summed in float64 in chunk order, then rounded to float.
__global__ void gram_reduce(const double* partial, int chunks, int d, float lambda, float* g_reg) {
  const int e = blockIdx.x * blockDim.x + threadIdx.x;
  if (e >= d * d) return;
  double s = 0;
  for (int c = 0; c < chunks; ++c) s += partial[static_cast<std::size_t>(c) * d * d + e];
  if (e / d == e % d) s += lambda;
  g_reg[e] = static_cast<float>(s);
}

/// Σ over the block of each thread's v; every thread gets the total.
__device__ float block_sum(float v, float* red) {
  for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
  __syncthreads();
  if ((threadIdx.x & 31) == 0) red[threadIdx.x >> 5] = v;
  __syncthreads();
  float s = 0;
  for (int w = 0; w < kWarps; ++w) s += red[w];
  return s;
}

__device__ float block_dot(const float* a, const float* b, int d, float* red) {
  float s = 0;
  for (int f = threadIdx.x; f < d; f += blockDim.x) s += a[f] * b[f];
  return block_sum(s, red);
}

/// out = G·v (residual = false) then out += Σ_k w_k y_k, where w_k = (c−1)(y·v) for the implicit product, or
/// out = −G·v + Σ_k (c − (c−1)(y·v)) y_k for the residual b − A·x. One warp per entry, per-warp accumulators.
__device__ void apply(const float* g, const float* y, int d, const int* idx, const float* vals, int n, float alpha,
                      const float* v, float* out, float* acc, bool residual) {
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  for (int f = threadIdx.x; f < kWarps * d; f += blockDim.x) acc[f] = 0.0f;
  __syncthreads();
  for (int e = warp; e < n; e += kWarps) {
    const float* yi = y + static_cast<std::size_t>(idx[e]) * d;
    float s = 0;
    for (int f = lane; f < d; f += 32) s += yi[f] * v[f];
    for (int o = 16; o > 0; o >>= 1) s += __shfl_xor_sync(0xffffffffu, s, o);
    const float cm1 = alpha * vals[e];
    const float w = residual ? (1.0f + cm1) - cm1 * s : cm1 * s;
    for (int f = lane; f < d; f += 32) acc[warp * d + f] += w * yi[f];
  }
  __syncthreads();
  for (int f = threadIdx.x; f < d; f += blockDim.x) {
    float gv = 0;
    for (int k = 0; k < d; ++k) gv += g[static_cast<std::size_t>(f) * d + k] * v[k];
    float sum = residual ? -gv : gv;
    for (int w = 0; w < kWarps; ++w) sum += acc[w * d + f];
    out[f] = sum;
  }
  __syncthreads();
}

__global__ void cg_rows(const int* indptr, const int* indices, const float* values, int rows, const float* y,
                        const float* g_reg, int d, float alpha, int steps, float* x_all) {
  extern __shared__ float sh[];
  float *x = sh, *r = x + d, *p = r + d, *ap = p + d, *acc = ap + d, *red = acc + kWarps * d;
  const int row = blockIdx.x;
  const int lo = indptr[row], n = indptr[row + 1] - lo;
  float* xg = x_all + static_cast<std::size_t>(row) * d;
  for (int f = threadIdx.x; f < d; f += blockDim.x) x[f] = xg[f];
  __syncthreads();
  apply(g_reg, y, d, indices + lo, values + lo, n, alpha, x, r, acc, true);
  for (int f = threadIdx.x; f < d; f += blockDim.x) p[f] = r[f];
  __syncthreads();
  float rs_old = block_dot(r, r, d, red);
  for (int it = 0; it < steps && rs_old > 1e-20f; ++it) {
    apply(g_reg, y, d, indices + lo, values + lo, n, alpha, p, ap, acc, false);
    const float pap = block_dot(p, ap, d, red);
    if (!(pap > 0)) break;
    const float step = rs_old / pap;
    for (int f = threadIdx.x; f < d; f += blockDim.x) {
      x[f] += step * p[f];
      r[f] -= step * ap[f];
    }
    __syncthreads();
    const float rs_new = block_dot(r, r, d, red);
    const float beta = rs_new / rs_old;
    for (int f = threadIdx.x; f < d; f += blockDim.x) p[f] = r[f] + beta * p[f];
    __syncthreads();
    rs_old = rs_new;
  }
  for (int f = threadIdx.x; f < d; f += blockDim.x) xg[f] = x[f];
}

struct DeviceCsr {
  DeviceBuffer<int> indptr, indices;
  DeviceBuffer<float> values;
  std::size_t rows = 0;
  explicit DeviceCsr(const CsrView& m) : rows(m.rows) {
    const std::size_t nnz = static_cast<std::size_t>(m.indptr[m.rows]);
    indptr.resize(m.rows + 1);
    indptr.upload(m.indptr, m.rows + 1);
    indices.resize(nnz);
    indices.upload(m.indices, nnz);
    values.resize(nnz);
    values.upload(m.values, nnz);
  }
};

}  // namespace

struct AlsSession::Impl {
  DeviceCsr ui, iu;
  std::size_t d;
  DeviceBuffer<float> x, y, g_reg;
  DeviceBuffer<double> partial;
  Impl(const CsrView& a, const CsrView& b, std::size_t d_, const float* xf, const float* yf)
      : ui(a), iu(b), d(d_), x(xf, a.rows * d_), y(yf, b.rows * d_), g_reg(d_ * d_) {}
};

AlsSession::AlsSession(const CsrView& user_items, const CsrView& item_users, std::size_t d, const float* user_factors,
                       const float* item_factors)
    : impl_(std::make_unique<Impl>(user_items, item_users, d, user_factors, item_factors)) {}

AlsSession::~AlsSession() = default;

void AlsSession::half_sweep(bool users, const AlsParams& params) {
  Impl& s = *impl_;
  const int d = static_cast<int>(s.d);
  const DeviceCsr& m = users ? s.ui : s.iu;
  const DeviceBuffer<float>& fixed = users ? s.y : s.x;
  DeviceBuffer<float>& target = users ? s.x : s.y;
  const std::size_t fixed_rows = users ? s.iu.rows : s.ui.rows;
  const int chunks = static_cast<int>((fixed_rows + kGramRows - 1) / kGramRows);
  s.partial.resize(std::max<std::size_t>(1, static_cast<std::size_t>(chunks)) * s.d * s.d);
  if (chunks > 0) {
    gram_partial<<<chunks, 256>>>(fixed.get(), static_cast<int>(fixed_rows), d, s.partial.get());
    CHECK_LAUNCH();
  }
  gram_reduce<<<(d * d + 255) / 256, 256>>>(s.partial.get(), chunks, d, params.regularization, s.g_reg.get());
  CHECK_LAUNCH();
  if (m.rows == 0) return;
  const std::size_t shared = (4 * s.d + kWarps * s.d + kWarps) * sizeof(float);
  if (shared > 48 * 1024) CHECK_CUDA(cudaFuncSetAttribute(cg_rows, cudaFuncAttributeMaxDynamicSharedMemorySize,
                                                          static_cast<int>(shared)));
  cg_rows<<<static_cast<unsigned>(m.rows), kThreads, shared>>>(m.indptr.get(), m.indices.get(), m.values.get(),
                                                               static_cast<int>(m.rows), fixed.get(), s.g_reg.get(), d,
                                                               params.alpha, static_cast<int>(params.cg_steps),
                                                               target.get());
  CHECK_LAUNCH();
  CHECK_CUDA(cudaDeviceSynchronize());
}

void AlsSession::download(float* user_factors, float* item_factors) const {
  impl_->x.download(user_factors, impl_->ui.rows * impl_->d);
  impl_->y.download(item_factors, impl_->iu.rows * impl_->d);
}

}  // namespace aisle::cuda
