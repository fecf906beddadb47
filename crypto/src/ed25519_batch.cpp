// The cofactored Ed25519 verifier of ed25519_batch.hpp. Hashing and arithmetic mod L come from
// libsodium; the curve arithmetic is ours (ed25519_group.hpp), since libsodium offers no
// multi-scalar multiplication.
#include "plx/crypto/ed25519_batch.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <new>
#include <unordered_map>
#include <vector>

#include "ed25519_group.hpp"
#include "internal.hpp"

namespace plx::crypto {
namespace {

namespace ed = internal::ed25519;

using Scalar = std::array<std::uint8_t, 32>;

constexpr std::size_t kGroupSize = kEd25519BatchGroupSize;
// Below this many signatures a group costs more than checking them one by one (bench_crypto:
// 4 signatures batched cost 1.3 times as much as 4 single checks; 8 break even).
constexpr std::size_t kMinGroup = 8;

bool scalar_is_canonical(const std::uint8_t s[32]) {
  for (int i = 31; i >= 0; --i) {
    if (s[i] != ed::kOrderL[static_cast<std::size_t>(i)])
      return s[i] < ed::kOrderL[static_cast<std::size_t>(i)];
  }
  return false;  // s == L
}

// The public keys met so far in one call, each decoded once: a block's signers repeat (an
// issuer revoking many credentials), and each repeat saves a point decoding (a square root)
// and, in a group, a point of the multi-scalar multiplication.
class KeyTable {
 public:
  static constexpr std::uint32_t kRefused = 0xffffffff;

  // The index of the key's decoded point, or kRefused for a non-canonical or small-order key.
  // Only keys that decode are remembered: arbitrary bytes sharing a hash could otherwise pile up
  // in one bucket, while points sharing their first 8 bytes cost about 2^64 tries to find.
  std::uint32_t find_or_decode(const std::uint8_t bytes[32]) {
    Key k;
    std::memcpy(k.data(), bytes, 32);
    if (auto it = index_.find(k); it != index_.end()) return it->second;
    ed::Point a;
    if (!ed::decode_vartime(&a, bytes) || ed::has_small_order_vartime(a)) return kRefused;
    const auto i = static_cast<std::uint32_t>(points_.size());
    points_.push_back(a);
    index_.emplace(k, i);
    return i;
  }
  const ed::Point& point(std::uint32_t i) const { return points_[i]; }

 private:
  using Key = std::array<std::uint8_t, 32>;
  struct KeyHash {
    std::size_t operator()(const Key& k) const noexcept {
      std::size_t h;  // a point encoding is close to uniform: its first bytes hash well
      std::memcpy(&h, k.data(), sizeof h);
      return h;
    }
  };
  std::unordered_map<Key, std::uint32_t, KeyHash> index_;
  std::vector<ed::Point> points_;
};

// A signature whose encodings passed RFC 8032 §5.1.7 step 1, with k = SHA-512(R || A || M) mod L.
struct Decoded {
  std::uint32_t key;  // in the call's KeyTable
  ed::Point r;
  Scalar s, k;
};

bool decode(const Ed25519Check& c, KeyTable& keys, Decoded* out) {
  if (c.public_key.size() != 32 || c.signature.size() != 64) return false;
  const std::uint8_t* r_bytes = c.signature.data();
  const std::uint8_t* s_bytes = c.signature.data() + 32;
  if (!scalar_is_canonical(s_bytes)) return false;
  out->key = keys.find_or_decode(c.public_key.data());
  if (out->key == KeyTable::kRefused) return false;
  if (!c.key_eighth.empty()) {
    // Not remembered per key: each item's own eighth must hold, so that the verdict is the one
    // the item gets alone. The table's points are not of small order, so A is not neutral.
    ed::Point eighth;
    if (c.key_eighth.size() != 32 || !ed::decode_vartime(&eighth, c.key_eighth.data()) ||
        !ed::is_eighth_vartime(eighth, keys.point(out->key))) {
      return false;
    }
  }
  if (!ed::decode_vartime(&out->r, r_bytes) || ed::has_small_order_vartime(out->r)) return false;
  std::memcpy(out->s.data(), s_bytes, 32);

  internal::ensure_sodium();
  crypto_hash_sha512_state st;
  crypto_hash_sha512_init(&st);
  crypto_hash_sha512_update(&st, r_bytes, 32);
  crypto_hash_sha512_update(&st, c.public_key.data(), 32);
  crypto_hash_sha512_update(&st, c.message.data(), c.message.size());
  std::uint8_t h[64];
  crypto_hash_sha512_final(&st, h);
  crypto_core_ed25519_scalar_reduce(out->k.data(), h);
  return true;
}

// [8]([S]B - [k]A - R) == O.
bool check_one(const Decoded& d, const KeyTable& keys) {
  Scalar neg_k;
  crypto_core_ed25519_scalar_negate(neg_k.data(), d.k.data());
  ed::Point p = ed::double_scalar_mul_base_vartime(d.s.data(), keys.point(d.key), neg_k.data());
  p = ed::sub(p, ed::to_cached(d.r));
  return ed::has_small_order_vartime(p);
}

// True iff [8](sum_i z_i([S_i]B - R_i - [k_i]A_i)) == O for fresh random 128-bit z_i: every
// signature passes, except with probability 2^-128 (each failing one leaves a nonzero multiple of
// an element of order L that the random z_i cancel only by chance). Reducing the scalars mod L is
// sound only because of the final [8]: it removes the small-order parts the reduction ignores.
// Signatures under one key share its point: sum over them of z_i k_i, times A, once.
bool check_group(std::span<const Decoded> group, const KeyTable& keys) {
  const std::size_t n = group.size();
  std::vector<std::uint8_t> weights(16 * n);
  randombytes_buf(weights.data(), weights.size());

  std::vector<ed::AffineCached> points;
  std::vector<std::uint8_t> scalars;
  points.reserve(2 * n + 1);
  scalars.reserve(32 * (2 * n + 1));
  auto push = [&](const ed::Point& p, const Scalar& sc) {
    points.push_back(ed::to_affine_cached(p));
    scalars.insert(scalars.end(), sc.begin(), sc.end());
  };
  // The group's keys in order of first use, with their summed scalars.
  std::unordered_map<std::uint32_t, std::size_t> slot;
  std::vector<std::uint32_t> used;
  std::vector<Scalar> key_sum;
  Scalar b_sum{};  // sum z_i S_i mod L
  for (std::size_t i = 0; i < n; ++i) {
    Scalar z{};
    std::memcpy(z.data(), &weights[16 * i], 16);
    Scalar t;
    crypto_core_ed25519_scalar_mul(t.data(), z.data(), group[i].s.data());
    crypto_core_ed25519_scalar_add(b_sum.data(), b_sum.data(), t.data());
    // -z_i R_i and -(sum z_i k_i) A: negate the points rather than the scalars.
    push(ed::neg(group[i].r), z);
    crypto_core_ed25519_scalar_mul(t.data(), z.data(), group[i].k.data());
    auto [it, fresh] = slot.try_emplace(group[i].key, used.size());
    if (fresh) {
      used.push_back(group[i].key);
      key_sum.push_back(t);
    } else {
      crypto_core_ed25519_scalar_add(key_sum[it->second].data(), key_sum[it->second].data(),
                                     t.data());
    }
  }
  for (std::size_t j = 0; j < used.size(); ++j) push(ed::neg(keys.point(used[j])), key_sum[j]);
  push(ed::base_point(), b_sum);
  return ed::has_small_order_vartime(ed::multi_scalar_mul_vartime(points, scalars));
}

// Decodes `items` in order into groups of up to kGroupSize and hands each group, with the
// items' indices, to on_group; an item that does not decode goes to on_refused(index) instead.
// Stops and returns false as soon as a callback returns false; true when all returned true.
template <class OnRefused, class OnGroup>
bool for_each_group(std::span<const Ed25519Check> items, KeyTable& keys, OnRefused on_refused,
                    OnGroup on_group) {
  std::vector<Decoded> group;
  std::vector<std::size_t> where;
  group.reserve(std::min(items.size(), kGroupSize));
  where.reserve(group.capacity());
  for (std::size_t i = 0; i < items.size(); ++i) {
    Decoded d;
    if (!decode(items[i], keys, &d)) {
      if (!on_refused(i)) return false;
      continue;
    }
    group.push_back(d);
    where.push_back(i);
    if (group.size() == kGroupSize) {
      if (!on_group(std::span<const Decoded>(group), std::span<const std::size_t>(where))) {
        return false;
      }
      group.clear();
      where.clear();
    }
  }
  return group.empty() ||
         on_group(std::span<const Decoded>(group), std::span<const std::size_t>(where));
}

}  // namespace

bool ed25519_verify_cofactored(const Ed25519Check& check) noexcept {
  // One key: the table holds one entry (its allocation is the price of sharing decode()).
  try {
    KeyTable keys;
    Decoded d;
    return decode(check, keys, &d) && check_one(d, keys);
  } catch (const std::bad_alloc&) {
    return false;
  }
}

bool ed25519_key_decodes(ByteSpan public_key) noexcept {
  ed::Point a;
  return public_key.size() == 32 && ed::decode_vartime(&a, public_key.data()) &&
         !ed::has_small_order_vartime(a);
}

bool ed25519_verify_batch(std::span<const Ed25519Check> items, std::span<std::uint8_t> verdicts) {
  if (verdicts.size() != items.size()) return false;
  KeyTable keys;
  for_each_group(
      items, keys,
      [&](std::size_t i) {
        verdicts[i] = 0;
        return true;
      },
      [&](std::span<const Decoded> group, std::span<const std::size_t> where) {
        const bool all = group.size() >= kMinGroup && check_group(group, keys);
        for (std::size_t j = 0; j < group.size(); ++j) {
          verdicts[where[j]] = (all || check_one(group[j], keys)) ? 1 : 0;
        }
        return true;
      });
  return true;
}

bool ed25519_verify_batch_all(std::span<const Ed25519Check> items) {
  KeyTable keys;
  return for_each_group(
      items, keys, [](std::size_t) { return false; },
      [&](std::span<const Decoded> group, std::span<const std::size_t>) {
        if (group.size() >= kMinGroup) return check_group(group, keys);
        return std::all_of(group.begin(), group.end(),
                           [&](const Decoded& d) { return check_one(d, keys); });
      });
}

}  // namespace plx::crypto
