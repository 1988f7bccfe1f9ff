#include "aisle/thread_pool.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>

namespace aisle {

std::size_t default_thread_count() {
  if (const char* env = std::getenv("AISLE_THREADS")) {
    char* end = nullptr;
    long n = std::strtol(env, &end, 10);
    if (end != env && *end == '\0' && n > 0) return static_cast<std::size_t>(std::min(n, 1024L));
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

/// One parallel_for call. Lives on the caller's stack; `users` counts workers inside run_chunks so the caller
/// knows when no thread can touch it any more.
struct ThreadPool::Job {
  Job(const std::function<void(std::size_t, std::size_t)>& f, std::size_t first, std::size_t l, std::size_t c)
      : fn(&f), last(l), chunk(c), next(first) {}
  const std::function<void(std::size_t, std::size_t)>* fn;
  std::size_t last;
  std::size_t chunk;
  std::atomic<std::size_t> next;
  std::size_t users = 0;       // guarded by mu_
  std::exception_ptr error;    // guarded by mu_
};

ThreadPool::ThreadPool(std::size_t threads) {
  for (std::size_t i = 1; i < std::max<std::size_t>(threads, 1); ++i) workers_.emplace_back([this] { worker_loop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  for (auto& t : workers_) t.join();
}

/// Claims chunks until none are left. An exception stops further claims (by any thread) and is kept.
void ThreadPool::run_chunks(Job& job) {
  for (;;) {
    std::size_t begin = job.next.fetch_add(job.chunk, std::memory_order_relaxed);
    if (begin >= job.last) return;
    try {
      (*job.fn)(begin, std::min(begin + job.chunk, job.last));
    } catch (...) {
      job.next.store(job.last, std::memory_order_relaxed);
      std::lock_guard<std::mutex> lock(mu_);
      if (!job.error) job.error = std::current_exception();
      return;
    }
  }
}

void ThreadPool::worker_loop() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    work_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left to help with
    Job* job = queue_.front();
    ++job->users;
    lock.unlock();
    run_chunks(*job);
    lock.lock();
    // Every chunk is claimed: take the job off the queue so nobody else picks it up.
    auto it = std::find(queue_.begin(), queue_.end(), job);
    if (it != queue_.end()) queue_.erase(it);
    if (--job->users == 0) done_cv_.notify_all();
  }
}

void ThreadPool::parallel_for(std::size_t first, std::size_t last, std::size_t chunk,
                              const std::function<void(std::size_t, std::size_t)>& fn) {
  if (first >= last) return;
  chunk = std::max<std::size_t>(chunk, 1);
  if (workers_.empty() || last - first <= chunk) {
    for (std::size_t b = first; b < last; b += chunk) fn(b, std::min(b + chunk, last));
    return;
  }
  Job job(fn, first, last, chunk);
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(&job);
  }
  work_cv_.notify_all();
  run_chunks(job);
  std::unique_lock<std::mutex> lock(mu_);
  auto it = std::find(queue_.begin(), queue_.end(), &job);
  if (it != queue_.end()) queue_.erase(it);
  done_cv_.wait(lock, [&job] { return job.users == 0; });
  if (job.error) std::rethrow_exception(job.error);
}

}  // namespace aisle
