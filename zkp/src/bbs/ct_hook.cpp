#include "bbs/ct_hook.hpp"

#include <atomic>

namespace plx::zkp::bbs::internal {
namespace {
std::atomic<DeclassifyHook> g_hook{nullptr};
}  // namespace

void set_declassify_hook(DeclassifyHook hook) noexcept { g_hook.store(hook); }

void declassify(const void* p, std::size_t n) noexcept {
  // The pointer is public; loading it does not touch the secret.
  if (DeclassifyHook h = g_hook.load(std::memory_order_relaxed)) h(p, n);
}

}  // namespace plx::zkp::bbs::internal
