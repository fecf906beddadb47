// The declassify hook of the BBS code (bbs internals, not public API).
//
// BBS code is constant time in its secrets. Where a value derived from a secret becomes public on
// purpose (a signature, a proof, a "the key is valid" bit), the code calls declassify() on it
// before branching on it or returning it. At run time this does nothing unless a hook is set: the
// valgrind constant-time test (tests/ctime/ctime_bbs.cpp) sets one that marks the bytes as defined
// (VALGRIND_MAKE_MEM_DEFINED), as libsecp256k1's ctime test does with secp256k1_declassify, so
// that valgrind flags every *other* branch or memory index that depends on a secret.
#pragma once

#include <cstddef>

namespace plx::zkp::bbs::internal {

using DeclassifyHook = void (*)(const void* p, std::size_t n) noexcept;

// Installs `hook` for the whole process (nullptr removes it). For tests only.
void set_declassify_hook(DeclassifyHook hook) noexcept;

// Says that the n bytes at p are public from here on.
void declassify(const void* p, std::size_t n) noexcept;

template <class T>
void declassify_value(const T& v) noexcept {
  declassify(&v, sizeof v);
}

}  // namespace plx::zkp::bbs::internal
