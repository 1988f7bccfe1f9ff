// A typed device allocation that frees itself: every CUDA entry point keeps its memory in these, so an exception
// thrown by CHECK_CUDA midway never leaks device memory.
#pragma once

#include <cuda_runtime.h>

#include <cstddef>
#include <utility>

#include "check_cuda.h"

namespace aisle::cuda {

template <typename T>
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  explicit DeviceBuffer(std::size_t n) { resize(n); }
  DeviceBuffer(const T* host, std::size_t n) {
    resize(n);
    upload(host, n);
  }
  ~DeviceBuffer() {
    if (ptr_ != nullptr) cudaFree(ptr_);  // no CHECK: destructors must not throw
  }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  DeviceBuffer(DeviceBuffer&& o) noexcept : ptr_(o.ptr_), size_(o.size_), cap_(o.cap_) { o.ptr_ = nullptr, o.size_ = o.cap_ = 0; }
  DeviceBuffer& operator=(DeviceBuffer&& o) noexcept {
    std::swap(ptr_, o.ptr_), std::swap(size_, o.size_), std::swap(cap_, o.cap_);
    return *this;
  }

  /// Discards the contents; allocates only when growing.
  void resize(std::size_t n) {
    if (n <= cap_) {
      size_ = n;
      return;
    }
    if (ptr_ != nullptr) CHECK_CUDA(cudaFree(ptr_));
    ptr_ = nullptr;
    CHECK_CUDA(cudaMalloc(&ptr_, (n > 0 ? n : 1) * sizeof(T)));
    cap_ = size_ = n;
  }
  void upload(const T* host, std::size_t n) {
    if (n > 0) CHECK_CUDA(cudaMemcpy(ptr_, host, n * sizeof(T), cudaMemcpyHostToDevice));
  }
  void download(T* host, std::size_t n) const {
    if (n > 0) CHECK_CUDA(cudaMemcpy(host, ptr_, n * sizeof(T), cudaMemcpyDeviceToHost));
  }
  void zero() {
    if (size_ > 0) CHECK_CUDA(cudaMemset(ptr_, 0, size_ * sizeof(T)));
  }
  T* get() const { return ptr_; }
  std::size_t size() const { return size_; }

 private:
  T* ptr_ = nullptr;
  std::size_t size_ = 0, cap_ = 0;
};

/// Launch-configuration errors surface at the launch; execution errors at the next synchronising call.
#define CHECK_LAUNCH() CHECK_CUDA(cudaGetLastError())

}  // namespace aisle::cuda
