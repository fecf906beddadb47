#include "plx/ledger/thread_pool.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>

#include "plx/core/result.hpp"

namespace plx::ledger {

namespace {

// How long a waiting thread spins before it sleeps. A block's execution is a few jobs in quick
// succession (lane planning, the lanes, the conflict check, the write runs), a few hundred
// microseconds apart at most; a sleeping worker took about 0.1 ms to wake for each, and a
// no-op run() cost that much. Spinning also ends at once when the wait is over.
constexpr auto kSpin = std::chrono::microseconds(200);

// Spins until done() or kSpin has passed (the caller then waits on its condition variable).
template <class Done>
void spin_until(Done&& done) {
  const auto until = std::chrono::steady_clock::now() + kSpin;
  for (unsigned i = 0;; ++i) {
    if (done()) return;
    if ((i & 63) == 63) {
      if (std::chrono::steady_clock::now() >= until) return;
      std::this_thread::yield();  // a thread that wants the core gets it
    }
  }
}

}  // namespace

ThreadPool::ThreadPool(unsigned threads)
    : size_(std::clamp(threads, 1u, kMaxThreads)),
      spin_(size_ > 1 && size_ <= std::max(1u, std::thread::hardware_concurrency())) {
  threads_.reserve(size_ - 1);
  for (unsigned w = 1; w < size_; ++w) {
    threads_.emplace_back([this, w](std::stop_token st) { worker_loop(w, st); });
  }
}

ThreadPool::~ThreadPool() {
  for (auto& t : threads_) t.request_stop();
  {
    std::lock_guard lk(mu_);
  }
  work_cv_.notify_all();
  // jthread joins on destruction.
}

void ThreadPool::worker_loop(unsigned worker, std::stop_token stop) {
  std::uint64_t seen = 0;
  for (;;) {
    const std::function<void(unsigned)>* job = nullptr;
    if (spin_) {
      spin_until([&] {
        return generation_.load(std::memory_order_acquire) != seen || stop.stop_requested();
      });
    }
    {
      std::unique_lock lk(mu_);
      if (!work_cv_.wait(lk, stop, [&] { return generation_ != seen; })) return;  // stopped
      seen = generation_;
      job = job_;
    }
    (*job)(worker);
    {
      std::lock_guard lk(mu_);
      if (--pending_ == 0) done_cv_.notify_one();
    }
  }
}

void ThreadPool::run(const std::function<void(unsigned)>& fn) {
  PLX_CHECK(runner_ != std::this_thread::get_id());  // run() inside a job would deadlock
  std::lock_guard run_lk(run_mu_);
  runner_ = std::this_thread::get_id();
  if (size_ > 1) {
    std::lock_guard lk(mu_);
    job_ = &fn;
    pending_ = size_ - 1;
    ++generation_;
  }
  work_cv_.notify_all();
  fn(0);
  if (size_ > 1) {
    if (spin_) spin_until([&] { return pending_.load(std::memory_order_acquire) == 0; });
    std::unique_lock lk(mu_);
    done_cv_.wait(lk, [&] { return pending_ == 0; });
    job_ = nullptr;
  }
  runner_ = std::thread::id{};
}

void ThreadPool::parallel_for(std::size_t n, std::size_t grain,
                              const std::function<void(std::size_t, std::size_t)>& fn) {
  if (n == 0) return;
  grain = std::max<std::size_t>(grain, 1);
  if (size_ == 1 || n <= grain) {
    fn(0, n);
    return;
  }
  std::atomic<std::size_t> next{0};
  run([&](unsigned) {
    for (;;) {
      const std::size_t begin = next.fetch_add(grain, std::memory_order_relaxed);
      if (begin >= n) return;
      fn(begin, std::min(n, begin + grain));
    }
  });
}

}  // namespace plx::ledger
