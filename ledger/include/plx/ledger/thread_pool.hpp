// A persistent pool of worker threads for the ledger: the signature pre-check and the Block-STM
// executor both run on it, so a block pays no thread start-up.
//
// A pool of size N owns N-1 std::jthreads; the thread that calls run() is worker 0, so a pool of
// size 1 runs everything on the caller. N may exceed the number of cores (the property test runs
// 8 threads on 2 cores): the executor's result never depends on N, only its speed does.
// Thread-safety: run() and parallel_for() may be called from any thread; concurrent calls are
// serialized (one job at a time). The job must not call run() on the same pool (it would
// deadlock); PLX_CHECK catches that.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace plx::ledger {

class ThreadPool {
 public:
  // REQUIRES: 1 <= threads <= kMaxThreads (clamped otherwise).
  explicit ThreadPool(unsigned threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  static constexpr unsigned kMaxThreads = 256;

  [[nodiscard]] unsigned size() const noexcept { return size_; }

  // Calls fn(worker) once for each worker in [0, size()) concurrently and returns when every
  // call has returned. fn must not throw.
  void run(const std::function<void(unsigned worker)>& fn);

  // Calls fn(begin, end) over [0, n) in chunks of at most `grain` items, handed out through an
  // atomic counter so that fast workers take more chunks. Returns when all are done.
  void parallel_for(std::size_t n, std::size_t grain,
                    const std::function<void(std::size_t begin, std::size_t end)>& fn);

 private:
  void worker_loop(unsigned worker, std::stop_token stop);

  unsigned size_;
  // Whether waiting threads spin before they sleep: only when every worker has a core.
  const bool spin_;
  std::mutex run_mu_;  // one job at a time
  std::mutex mu_;
  std::condition_variable_any work_cv_;
  std::condition_variable done_cv_;
  // Written under mu_ (the condition variables' predicates), read without it by the spins.
  std::atomic<std::uint64_t> generation_{0};
  std::atomic<unsigned> pending_{0};
  const std::function<void(unsigned)>* job_ = nullptr;
  std::atomic<std::thread::id> runner_{};
  std::vector<std::jthread> threads_;
};

}  // namespace plx::ledger
