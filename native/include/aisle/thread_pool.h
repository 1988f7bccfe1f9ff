// A small fixed-size thread pool with one primitive, parallel_for, shared by every CPU kernel.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace aisle {

/// The number of threads kernels should use: AISLE_THREADS when it is a positive integer, else the hardware
/// thread count (at least 1). Read when a pool is created, so a process can pin it before loading the addon.
std::size_t default_thread_count();

/**
 * A pool of `threads - 1` workers; the thread calling parallel_for is the last one, so a pool of size 1 runs
 * everything inline and a busy pool can never deadlock a caller.
 *
 * Ownership: the addon keeps one pool per Node environment in its instance data (a shared_ptr, so an
 * AsyncWorker still running when the environment is torn down keeps the pool alive); there is no global pool.
 * parallel_for may be called from several threads at once (concurrent AsyncWorkers) and from inside a
 * parallel_for body (nested calls): each call is a job in a FIFO queue and its caller works on it too.
 */
class ThreadPool {
 public:
  explicit ThreadPool(std::size_t threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  /// Total threads that work on a job (workers + the caller).
  std::size_t size() const { return workers_.size() + 1; }

  /**
   * Calls fn(begin, end) over [first, last) split into chunks of `chunk` indices (the last one shorter),
   * in any order and on any pool thread, and returns when every chunk has finished. If a call throws, chunks
   * not yet started are skipped and the first exception is rethrown here.
   */
  void parallel_for(std::size_t first, std::size_t last, std::size_t chunk,
                    const std::function<void(std::size_t, std::size_t)>& fn);

 private:
  struct Job;
  void worker_loop();
  void run_chunks(Job& job);

  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable work_cv_;  // a job was queued, or the pool is stopping
  std::condition_variable done_cv_;  // a worker left a job
  std::deque<Job*> queue_;           // guarded by mu_
  bool stopping_ = false;            // guarded by mu_
};

}  // namespace aisle
