// Tests of ed25519_batch.hpp: the cofactored Ed25519 verifier, one signature at a time and in
// batches, judged against Wycheproof and against libsodium's cofactorless verifier.
//
// What must hold (the header's contract):
//  - single, one-item batch and many-item batch give the same verdict for every input;
//  - every signature libsodium accepts is accepted; everything libsodium rejects is rejected too,
//    except a signature whose cofactorless residue [S]B - R - [k]A is a nonzero small-order point
//    (RFC 8032 §5.1.7 step 3: the cofactored equation is the check, the cofactorless one an
//    allowed shortcut). Those are built here on purpose with libsodium's point API (section c);
//  - A and R must be canonical and not of small order, S < L (RFC 8032 §5.1.7 step 1);
//  - bad sizes never crash, a verdicts span of the wrong size is refused without a write.
//
// Random inputs come from std::mt19937_64 seeded by test_seed() (std::random_device, printed as
// PLX_TEST_SEED and recorded as the "seed" property): PLX_TEST_SEED=<n> replays a failure. The
// batch weights are the implementation's own randomness, which these tests do not control, so
// every batch property is checked over many batches.
#include "plx/crypto/ed25519_batch.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "crypto_test_keys.hpp"
#include "ed25519_testing.hpp"
#include "plx/core/encoding.hpp"
#include "plx/crypto/ed25519_eighth.hpp"
#include "test_support.hpp"

namespace plx::crypto {
namespace {

using ::plx::testing::read_json_vector;
using ::plx::testing::unhex;

using ::plx::testing::ed25519::add;
using ::plx::testing::ed25519::add_order_to_s;
using ::plx::testing::ed25519::base_times;
using ::plx::testing::ed25519::challenge;
using ::plx::testing::ed25519::kIdentity;
using ::plx::testing::ed25519::kOrderL;
using ::plx::testing::ed25519::mul_add;
using ::plx::testing::ed25519::Point;
using ::plx::testing::ed25519::Scalar;
using ::plx::testing::ed25519::times;
using ::plx::testing::ed25519::torsion_point;
using ::plx::testing::ed25519::y_above_p;
using Rng = ::plx::testing::ed25519::SeededRandom;

// ------------------------------------------------------------ signed items

struct Item {
  Bytes pk;
  Bytes msg;
  Bytes sig;
  Bytes eighth{};  // Ed25519Check::key_eighth, empty for none
  Ed25519Check check() const { return {pk, msg, sig, eighth}; }
  std::string describe() const {
    return "pk=" + hex_encode(pk) + " msg=" + hex_encode(msg) + " sig=" + hex_encode(sig) +
           (eighth.empty() ? "" : " eighth=" + hex_encode(eighth));
  }
};

Item make_item(const Point& a, ByteSpan msg, const Point& r, const Scalar& s) {
  Item it{Bytes(a.begin(), a.end()), Bytes(msg.begin(), msg.end()), Bytes(r.begin(), r.end())};
  append(it.sig, s);
  return it;
}

bool libsodium_accepts(const Item& it) {
  if (it.pk.size() != crypto_sign_PUBLICKEYBYTES || it.sig.size() != crypto_sign_BYTES) {
    return false;
  }
  return crypto_sign_verify_detached(it.sig.data(), it.msg.data(), it.msg.size(), it.pk.data()) ==
         0;
}

bool ours_single(const Item& it) { return ed25519_verify_cofactored(it.check()); }

bool ours_one_item_batch(const Item& it) {
  const Ed25519Check c = it.check();
  std::uint8_t v = 0xAA;
  EXPECT_TRUE(ed25519_verify_batch({&c, 1}, {&v, 1}));
  EXPECT_TRUE(v == 0 || v == 1) << "verdict byte " << int{v};
  EXPECT_EQ(ed25519_verify_batch_all({&c, 1}), v == 1) << it.describe();
  return v == 1;
}

// libsodium, the single check and a one-item batch all reject `it`.
void expect_all_reject(const Item& it) {
  SCOPED_TRACE(it.describe());
  EXPECT_FALSE(libsodium_accepts(it));
  EXPECT_FALSE(ours_single(it));
  EXPECT_FALSE(ours_one_item_batch(it));
}

// ed25519_verify_batch over all items; the verdicts are checked to be 0 or 1.
std::vector<std::uint8_t> ours_batch(const std::vector<Item>& items) {
  std::vector<Ed25519Check> checks;
  checks.reserve(items.size());
  for (const Item& it : items) checks.push_back(it.check());
  std::vector<std::uint8_t> v(items.size(), 0xAA);
  EXPECT_TRUE(ed25519_verify_batch(checks, v));
  for (std::size_t i = 0; i < v.size(); ++i) EXPECT_TRUE(v[i] == 0 || v[i] == 1) << "item " << i;
  return v;
}

bool ours_batch_all(const std::vector<Item>& items) {
  std::vector<Ed25519Check> checks;
  for (const Item& it : items) checks.push_back(it.check());
  return ed25519_verify_batch_all(checks);
}

// An honest RFC 8032 signature by libsodium under a key derived from the test's Rng.
struct TestSigner {
  std::array<std::uint8_t, crypto_sign_PUBLICKEYBYTES> pk{};
  std::array<std::uint8_t, crypto_sign_SECRETKEYBYTES> sk{};
};

TestSigner make_test_signer(Rng& rng) {
  TestSigner s;
  const Bytes seed = rng.bytes(crypto_sign_SEEDBYTES);
  EXPECT_EQ(crypto_sign_seed_keypair(s.pk.data(), s.sk.data(), seed.data()), 0);
  return s;
}

Item sign_item(const TestSigner& s, Bytes msg) {
  Item it{Bytes(s.pk.begin(), s.pk.end()), std::move(msg), Bytes(crypto_sign_BYTES)};
  EXPECT_EQ(crypto_sign_detached(it.sig.data(), nullptr, it.msg.data(), it.msg.size(), s.sk.data()),
            0);
  return it;
}

// `n` honest items, a fresh key each, messages of 0..300 bytes.
std::vector<Item> honest_items(Rng& rng, std::size_t n) {
  std::vector<Item> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const TestSigner s = make_test_signer(rng);
    out.push_back(sign_item(s, rng.bytes(rng.below(301))));
  }
  return out;
}

// The ways an honest item is broken. Each one is rejected by libsodium (checked by the caller).
enum class Mutation { kFlipR, kFlipS, kFlipMessage, kFlipKey, kSPlusL, kOtherKey };
constexpr int kMutations = 6;

const char* mutation_name(Mutation m) {
  switch (m) {
    case Mutation::kFlipR:
      return "flip a bit of R";
    case Mutation::kFlipS:
      return "flip a bit of S";
    case Mutation::kFlipMessage:
      return "flip a bit of the message";
    case Mutation::kFlipKey:
      return "flip a bit of the key";
    case Mutation::kSPlusL:
      return "S + L";
    case Mutation::kOtherKey:
      return "another signer's key";
  }
  return "?";
}

void flip_bit(Bytes& b, std::size_t from, std::size_t len, Rng& rng) {
  const std::size_t bit = rng.below(len * 8);
  b[from + bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
}

Item mutate(Item it, Mutation m, const Bytes& other_pk, Rng& rng) {
  switch (m) {
    case Mutation::kFlipR:
      flip_bit(it.sig, 0, 32, rng);
      break;
    case Mutation::kFlipS:
      flip_bit(it.sig, 32, 32, rng);
      break;
    case Mutation::kFlipMessage:
      if (it.msg.empty()) {
        it.msg.push_back(static_cast<std::uint8_t>(rng.below(256)));
      } else {
        flip_bit(it.msg, 0, it.msg.size(), rng);
      }
      break;
    case Mutation::kFlipKey:
      flip_bit(it.pk, 0, 32, rng);
      break;
    case Mutation::kSPlusL:
      add_order_to_s(it.sig);
      break;
    case Mutation::kOtherKey:
      it.pk = other_pk;
      break;
  }
  return it;
}

class Ed25519Cofactored : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }
};
class Ed25519Batch : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }
};

// ------------------------------------------------------------ a. Wycheproof

// Every case of ed25519_test.json, four ways: single, one-item batch, one batch of all cases, and
// libsodium. Wycheproof's file has no case whose cofactorless residue is a nonzero small-order
// point (an independent RFC 8032 model of both equations, run over the file while writing this
// test, gave identical verdicts on all 151 cases), so the list of cases where the cofactored
// verdict may legitimately differ from Wycheproof's and from libsodium's is empty, and is asserted
// so.
TEST_F(Ed25519Cofactored, WycheproofEveryCaseSingleAndBatch) {
  const std::string name = "ed25519_test.json";
  const Json doc = read_json_vector(std::string(testkeys::kWycheproofDir) + name);
  ASSERT_TRUE(doc.is_object());
  ASSERT_EQ(doc["algorithm"], "EDDSA");
  std::vector<Item> items;
  std::vector<int> ids;
  std::vector<bool> want;
  for (const Json& group : doc["testGroups"]) {
    const Bytes pk = unhex(group["publicKey"]["pk"].get<std::string>());
    for (const Json& t : group["tests"]) {
      const std::string result = t["result"].get<std::string>();
      ASSERT_TRUE(result == "valid" || result == "invalid") << result;  // no "acceptable" here
      items.push_back({pk, unhex(t["msg"].get<std::string>()), unhex(t["sig"].get<std::string>())});
      ids.push_back(t["tcId"].get<int>());
      want.push_back(result == "valid");
    }
  }
  ASSERT_EQ(items.size(), doc["numberOfTests"].get<std::size_t>());
  ASSERT_GT(items.size(), 100u);

  const std::vector<std::uint8_t> all = ours_batch(items);
  std::set<int> differ_from_wycheproof;
  std::size_t checked = 0, valid = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    SCOPED_TRACE("tcId " + std::to_string(ids[i]) + ": " + items[i].describe());
    const bool single = ours_single(items[i]);
    EXPECT_EQ(ours_one_item_batch(items[i]), single);
    EXPECT_EQ(all[i] == 1, single);
    EXPECT_EQ(libsodium_accepts(items[i]), single);
    if (single != want[i]) differ_from_wycheproof.insert(ids[i]);
    ++checked;
    valid += want[i] ? 1 : 0;
  }
  EXPECT_EQ(differ_from_wycheproof, std::set<int>{});
  EXPECT_EQ(checked, items.size());
  std::printf("[ed25519 cofactored] wycheproof %zu cases checked (%zu valid)\n", checked, valid);

  // batch_all: true on the valid cases together, false as soon as one invalid one joins them.
  std::vector<Item> good;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (want[i]) good.push_back(items[i]);
  }
  EXPECT_TRUE(ours_batch_all(good));
  EXPECT_FALSE(ours_batch_all(items));
}

// ------------------------------------------------------------ b. agreement with libsodium

TEST_F(Ed25519Cofactored, HonestAcceptedMutatedRejectedLikeLibsodium) {
  Rng rng(0xb0);
  constexpr std::size_t kN = 500;
  const std::vector<Item> good = honest_items(rng, kN);
  for (const Item& it : good) {
    SCOPED_TRACE(it.describe());
    ASSERT_TRUE(libsodium_accepts(it));
    EXPECT_TRUE(ours_single(it));
    EXPECT_TRUE(ours_one_item_batch(it));
  }
  const std::vector<std::uint8_t> vg = ours_batch(good);
  EXPECT_EQ(std::count(vg.begin(), vg.end(), 1), static_cast<std::ptrdiff_t>(kN));
  EXPECT_TRUE(ours_batch_all(good));

  std::vector<Item> bad;
  std::array<int, kMutations> per_kind{};
  for (std::size_t i = 0; i < kN; ++i) {
    const auto m = static_cast<Mutation>(i % kMutations);
    bad.push_back(mutate(good[i], m, good[(i + 1) % kN].pk, rng));
    SCOPED_TRACE(mutation_name(m));
    expect_all_reject(bad.back());
    ++per_kind[i % kMutations];
  }
  for (int k : per_kind) EXPECT_GE(k, 80);
  const std::vector<std::uint8_t> vb = ours_batch(bad);
  for (std::size_t i = 0; i < kN; ++i) EXPECT_EQ(vb[i], 0) << i << ": " << bad[i].describe();
  EXPECT_FALSE(ours_batch_all(bad));
}

// Batches of random sizes mixing honest and broken items at random positions, with bad-item
// rates from none to all: each verdict must be exactly the item's own, and batch_all false iff
// one is bad. Items repeat across batches (and sometimes within one: the same key and message
// twice), so a batch that merges equal keys is covered.
TEST_F(Ed25519Batch, MixedBatchesExactVerdicts) {
  Rng rng(0xb1);
  constexpr std::size_t kPool = 300;
  const std::vector<Item> good = honest_items(rng, kPool);
  std::vector<Item> bad;
  for (std::size_t i = 0; i < kPool; ++i) {
    bad.push_back(mutate(good[i], static_cast<Mutation>(rng.below(kMutations)),
                         good[(i + 7) % kPool].pk, rng));
    ASSERT_FALSE(libsodium_accepts(bad.back())) << bad.back().describe();
  }
  constexpr double kRates[] = {0.0, 1.0 / 128, 1.0 / 16, 0.5, 1.0};
  int batches = 0, mixed = 0;
  for (int round = 0; round < 60; ++round) {
    const double rate = kRates[static_cast<std::size_t>(round) % std::size(kRates)];
    const std::size_t n = round % 10 == 9 ? 300 + rng.below(400) : 1 + rng.below(140);
    std::vector<Item> items;
    std::vector<std::uint8_t> expect;
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t j = rng.below(kPool);
      const bool is_bad = static_cast<double>(rng.below(1u << 20)) < rate * (1u << 20);
      items.push_back(is_bad ? bad[j] : good[j]);
      expect.push_back(is_bad ? 0 : 1);
    }
    const std::vector<std::uint8_t> v = ours_batch(items);
    for (std::size_t i = 0; i < n; ++i) {
      EXPECT_EQ(v[i], expect[i]) << "round " << round << " item " << i << " of " << n << ": "
                                 << items[i].describe();
    }
    const bool any_bad = std::count(expect.begin(), expect.end(), 0) > 0;
    EXPECT_EQ(ours_batch_all(items), !any_bad) << "round " << round;
    ++batches;
    if (any_bad && std::count(expect.begin(), expect.end(), 1) > 0) ++mixed;
  }
  EXPECT_EQ(batches, 60);
  EXPECT_GE(mixed, 15);
}

// Two broken signatures whose errors cancel in an unweighted sum: S1 + 1 and S2 - 1 (mod L),
// same key. sum(S_i)B = sum(R_i + k_i A) still holds, so only per-item random weights catch them.
TEST_F(Ed25519Batch, CancellingErrorsNeedRandomWeights) {
  Rng rng(0xb2);
  const TestSigner s = make_test_signer(rng);
  Scalar one{1}, minus_one{};
  crypto_core_ed25519_scalar_negate(minus_one.data(), one.data());
  for (int trial = 0; trial < 50; ++trial) {
    Item a = sign_item(s, rng.bytes(1 + rng.below(64)));
    Item b = sign_item(s, rng.bytes(1 + rng.below(64)));
    Scalar sa{}, sb{};
    std::copy(a.sig.begin() + 32, a.sig.end(), sa.begin());
    std::copy(b.sig.begin() + 32, b.sig.end(), sb.begin());
    crypto_core_ed25519_scalar_add(sa.data(), sa.data(), one.data());
    crypto_core_ed25519_scalar_add(sb.data(), sb.data(), minus_one.data());
    std::copy(sa.begin(), sa.end(), a.sig.begin() + 32);
    std::copy(sb.begin(), sb.end(), b.sig.begin() + 32);
    ASSERT_FALSE(libsodium_accepts(a));
    ASSERT_FALSE(libsodium_accepts(b));
    const std::vector<std::uint8_t> v = ours_batch({a, b});
    EXPECT_EQ(v, (std::vector<std::uint8_t>{0, 0})) << a.describe() << " / " << b.describe();
    EXPECT_FALSE(ours_batch_all({a, b}));
  }
}

// ------------------------------------------------------------ c. the cofactored difference

TEST_F(Ed25519Cofactored, TorsionPointHasOrderEight) {
  const Point t = torsion_point();
  const Point t2 = add(t, t), t4 = add(t2, t2), t8 = add(t4, t4);
  EXPECT_NE(t4, kIdentity);
  EXPECT_EQ(t8, kIdentity);
  EXPECT_EQ(times(t, 8), kIdentity);
  for (int j = 1; j < 8; ++j) EXPECT_NE(times(t, j), kIdentity) << j;
  // libsodium's own view: a valid point must not be of small order.
  EXPECT_EQ(crypto_core_ed25519_is_valid_point(t.data()), 0);
}

// R' = rB + T with T of order 8, S = r + k a for k = H(R' || A || M): [S]B - [k]A - R' = -T, so
// libsodium (cofactorless) rejects and the cofactored equation, which multiplies by 8, accepts.
// Only the holder of a can make these; the cofactored verdict is the one RFC 8032 §5.1.7 states.
TEST_F(Ed25519Cofactored, TorsionInRAcceptedUnlikeLibsodium) {
  Rng rng(0xc0);
  const Point t = torsion_point();
  std::vector<Item> crafted;
  for (int trial = 0; trial < 32; ++trial) {
    const Scalar a = rng.scalar(), r = rng.scalar();
    const Point pub = base_times(a);
    // Every nonzero torsion multiple, not only T itself.
    const Point r_point = add(base_times(r), times(t, 1 + trial % 7));
    const Bytes msg = rng.bytes(rng.below(200));
    const Scalar s = mul_add(r, challenge(r_point, pub, msg), a);
    crafted.push_back(make_item(pub, msg, r_point, s));
    const Item& it = crafted.back();
    SCOPED_TRACE(it.describe());
    EXPECT_FALSE(libsodium_accepts(it));
    EXPECT_TRUE(ours_single(it));
    EXPECT_TRUE(ours_one_item_batch(it));
  }
  // Among honest items at random positions, and alone: all accepted, every time. A batch that
  // forgot the factor 8 would fail each of these batches with probability about 7/8 per item.
  std::vector<Item> honest = honest_items(rng, 64);
  for (int round = 0; round < 20; ++round) {
    std::vector<Item> items = honest;
    for (int k = 0; k < 4; ++k) {
      items.insert(items.begin() + static_cast<std::ptrdiff_t>(rng.below(items.size() + 1)),
                   crafted[rng.below(crafted.size())]);
    }
    const std::vector<std::uint8_t> v = ours_batch(items);
    EXPECT_EQ(std::count(v.begin(), v.end(), 1), static_cast<std::ptrdiff_t>(items.size()));
    EXPECT_TRUE(ours_batch_all(items));
  }
  const std::vector<std::uint8_t> v = ours_batch(crafted);
  EXPECT_EQ(std::count(v.begin(), v.end(), 1), static_cast<std::ptrdiff_t>(crafted.size()));
  for (int round = 0; round < 20; ++round) EXPECT_TRUE(ours_batch_all(crafted)) << round;
}

// A mixed-order key A' = aB + T, honest R = rB, S = r + k a for k = H(R || A' || M):
// [S]B - [k]A' - R = -[k]T, which is O exactly when 8 divides k (T has order 8). So libsodium
// accepts iff k = 0 mod 8, the cofactored check always.
TEST_F(Ed25519Cofactored, MixedOrderKeyLibsodiumOnlyWhenKDivisibleByEight) {
  Rng rng(0xc1);
  const Point t = torsion_point();
  int k_mult_of_8 = 0, k_not = 0;
  std::vector<Item> crafted;
  for (int trial = 0; trial < 2000 && (k_mult_of_8 < 6 || k_not < 40); ++trial) {
    const Scalar a = rng.scalar(), r = rng.scalar();
    const Point pub = add(base_times(a), t);
    const Point r_point = base_times(r);
    const Bytes msg = rng.bytes(rng.below(100));
    const Scalar k = challenge(r_point, pub, msg);
    const Item it = make_item(pub, msg, r_point, mul_add(r, k, a));
    SCOPED_TRACE(it.describe());
    const bool k_divisible = (k[0] & 7) == 0;  // k < L is the integer libsodium multiplies by
    (k_divisible ? k_mult_of_8 : k_not)++;
    EXPECT_EQ(libsodium_accepts(it), k_divisible);
    EXPECT_TRUE(ours_single(it));
    EXPECT_TRUE(ours_one_item_batch(it));
    crafted.push_back(it);
  }
  EXPECT_GE(k_mult_of_8, 6);
  EXPECT_GE(k_not, 40);
  std::vector<Item> items = honest_items(rng, 32);
  items.insert(items.begin() + 5, crafted.begin(), crafted.end());
  const std::vector<std::uint8_t> v = ours_batch(items);
  EXPECT_EQ(std::count(v.begin(), v.end(), 1), static_cast<std::ptrdiff_t>(items.size()));
  EXPECT_TRUE(ours_batch_all(items));
}

// Small-order encodings: the eight multiples of T (identity and the points of order 2 and 4
// included), and non-canonical or "negative zero" spellings of small-order points.
std::vector<Point> small_order_encodings() {
  const Point t = torsion_point();
  std::vector<Point> out;
  for (int j = 0; j < 8; ++j) out.push_back(times(t, j));
  Point neg_zero_identity = kIdentity;  // x = 0 with the sign bit set
  neg_zero_identity[31] = 0x80;
  out.push_back(neg_zero_identity);
  out.push_back(y_above_p(1, false));  // y = p + 1: the identity again
  out.push_back(y_above_p(0, false));  // y = p: y = 0, a point of order 4
  out.push_back(y_above_p(0, true));
  Point neg_zero_order2 = times(t, 4);  // (0, -1) with the sign bit set
  neg_zero_order2[31] |= 0x80;
  out.push_back(neg_zero_order2);
  return out;
}

// With A or R of small order, forgeries satisfy the cofactored equation without any secret:
//   A small: R = rB, S = r        ([8]SB = [8]R, [8]kA = O);
//   R small: A = aB, S = k a      ([8]R = O) -- here the signer knows a, but R carries no nonce.
// RFC 8032 §5.1.7 step 1 decoding (libsodium's small-order blocklist) must refuse both.
TEST_F(Ed25519Cofactored, SmallOrderKeyOrRRejectedByBoth) {
  Rng rng(0xc2);
  const std::vector<Point> small = small_order_encodings();
  ASSERT_EQ(small.size(), 13u);
  int tried = 0;
  for (std::size_t e = 0; e < small.size(); ++e) {
    EXPECT_EQ(times(small[e], 8), kIdentity) << hex_encode(small[e]);
    const Scalar r = rng.scalar(), a = rng.scalar();
    const Bytes msg = rng.bytes(1 + rng.below(80));
    const Item small_key = make_item(small[e], msg, base_times(r), r);
    const Point pub = base_times(a);
    const Item small_r =
        make_item(pub, msg, small[e], mul_add({}, challenge(small[e], pub, msg), a));
    for (const Item* it : {&small_key, &small_r}) {
      expect_all_reject(*it);
      ++tried;
    }
    std::vector<Item> items = honest_items(rng, 10);
    items.insert(items.begin() + 3, small_key);
    items.insert(items.begin() + 7, small_r);
    std::vector<std::uint8_t> expect(items.size(), 1);
    expect[3] = expect[7] = 0;
    EXPECT_EQ(ours_batch(items), expect) << hex_encode(small[e]);
    EXPECT_FALSE(ours_batch_all(items));
  }
  EXPECT_EQ(tried, 26);
}

// Encodings with y >= p of points NOT of small order (y = p + 3, ..., checked to decode, to be the
// point with y = 3 etc., and not to be of small order), as A and as R. Nobody knows these points'
// discrete logarithms, so no signature can satisfy either equation for them: what is checked is
// that they are refused and never crash, and that the canonical spelling of the same point is
// what libsodium's arithmetic produces.
TEST_F(Ed25519Cofactored, NonCanonicalKeyOrRRejected) {
  Rng rng(0xc3);
  int tried = 0;
  for (int k : {3, 4, 9, 18}) {
    for (bool sign : {false, true}) {
      const Point nc = y_above_p(k, sign);
      const Point canon = add(nc, kIdentity);  // libsodium decodes y mod p and re-encodes
      EXPECT_EQ(canon[0], k) << hex_encode(canon);
      EXPECT_EQ(canon[31] & 0x7f, 0);
      EXPECT_NE(times(canon, 8), kIdentity);
      const Scalar r = rng.scalar(), a = rng.scalar();
      const Bytes msg = rng.bytes(1 + rng.below(80));
      const Point pub = base_times(a);
      const Item bad_key =
          make_item(nc, msg, base_times(r), mul_add(r, challenge(base_times(r), nc, msg), a));
      const Item bad_r = make_item(pub, msg, nc, mul_add(r, challenge(nc, pub, msg), a));
      for (const Item* it : {&bad_key, &bad_r}) {
        expect_all_reject(*it);
        ++tried;
      }
      std::vector<Item> items = honest_items(rng, 5);
      items.insert(items.begin() + 2, bad_key);
      items.push_back(bad_r);
      EXPECT_EQ(ours_batch(items), (std::vector<std::uint8_t>{1, 1, 0, 1, 1, 1, 0}));
    }
  }
  EXPECT_EQ(tried, 16);
}

// ------------------------------------------------------------ d. bad input

TEST_F(Ed25519Batch, WrongLengthsRejectedAndMismatchedVerdictsRefused) {
  Rng rng(0xd0);
  const Item good = honest_items(rng, 1).front();
  ASSERT_TRUE(ours_single(good));
  std::vector<Item> bad;
  for (std::size_t len : {std::size_t{0}, std::size_t{31}, std::size_t{33}}) {
    Item it = good;
    it.pk.resize(len, 0);
    bad.push_back(it);
  }
  for (std::size_t len : {std::size_t{0}, std::size_t{63}, std::size_t{65}}) {
    Item it = good;
    it.sig.resize(len, 0);
    bad.push_back(it);
  }
  for (const Item& it : bad) {
    SCOPED_TRACE(it.describe());
    EXPECT_FALSE(ours_single(it));
    EXPECT_FALSE(ours_one_item_batch(it));
  }
  std::vector<Item> items = {good};
  items.insert(items.end(), bad.begin(), bad.end());
  items.push_back(good);
  const std::vector<std::uint8_t> v = ours_batch(items);
  EXPECT_EQ(v, (std::vector<std::uint8_t>{1, 0, 0, 0, 0, 0, 0, 1}));

  // A verdicts span of the wrong size: false, and not one byte written.
  std::vector<Ed25519Check> checks;
  for (const Item& it : items) checks.push_back(it.check());
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, checks.size() - 1, checks.size() + 1}) {
    std::vector<std::uint8_t> out(n, 0xAA);
    EXPECT_FALSE(ed25519_verify_batch(checks, out)) << n;
    EXPECT_EQ(out, std::vector<std::uint8_t>(n, 0xAA)) << n;
  }
  std::vector<std::uint8_t> one(1, 0xAA);
  EXPECT_FALSE(ed25519_verify_batch({}, one));
  EXPECT_EQ(one[0], 0xAA);

  // Empty: nothing to check, so true.
  EXPECT_TRUE(ed25519_verify_batch({}, {}));
  EXPECT_TRUE(ed25519_verify_batch_all({}));
  const Ed25519Check empty{};
  EXPECT_FALSE(ed25519_verify_cofactored(empty));
}

// ------------------------------------------------------------ e. sizes

// Around the sizes where a batch implementation changes shape (64 and 128, the group size of
// ed25519_batch.cpp, and their multiples; window widths of the multi-scalar multiplication):
// all honest pass; then one broken item at a random position gets 0, and only it.
TEST_F(Ed25519Batch, SizesAllPassThenOneBadFound) {
  Rng rng(0xe0);
  const std::vector<Item> pool = honest_items(rng, 1000);
  int kind = 0;
  for (std::size_t n : {1, 2, 3, 63, 64, 65, 127, 128, 129, 200, 256, 257, 1000}) {
    SCOPED_TRACE("n = " + std::to_string(n));
    std::vector<Item> items(pool.begin(), pool.begin() + static_cast<std::ptrdiff_t>(n));
    std::vector<std::uint8_t> v = ours_batch(items);
    EXPECT_EQ(std::count(v.begin(), v.end(), 1), static_cast<std::ptrdiff_t>(n));
    EXPECT_TRUE(ours_batch_all(items));

    const std::size_t at = rng.below(n);
    const auto m = static_cast<Mutation>(kind++ % kMutations);
    items[at] = mutate(items[at], m, pool[(at + 1) % pool.size()].pk, rng);
    ASSERT_FALSE(libsodium_accepts(items[at])) << items[at].describe();
    v = ours_batch(items);
    std::vector<std::uint8_t> expect(n, 1);
    expect[at] = 0;
    EXPECT_EQ(v, expect) << mutation_name(m) << " at " << at << ": " << items[at].describe();
    EXPECT_FALSE(ours_batch_all(items));
  }
}

// A batch shares one point per key (sum of z_i k_i times A): an issuer's many signatures in a
// block. One bad signature among hundreds by the same few keys is still the only one refused,
// whatever it breaks (the message, R, S, or the key, swapped for another of the same keys).
TEST_F(Ed25519Batch, RepeatedKeysShareAPointAndStillFindTheBadOne) {
  Rng rng(0xe1);
  std::vector<TestSigner> signers;
  for (int k = 0; k < 3; ++k) signers.push_back(make_test_signer(rng));
  std::vector<Item> items;
  for (std::size_t i = 0; i < 300; ++i) items.push_back(sign_item(signers[i % 3], rng.bytes(40)));
  std::vector<std::uint8_t> v = ours_batch(items);
  EXPECT_EQ(std::count(v.begin(), v.end(), 1), 300);
  // batch_all has no one-by-one fallback: it is true only if the shared-point groups pass.
  EXPECT_TRUE(ours_batch_all(items));
  for (int trial = 0; trial < 8; ++trial) {
    std::vector<Item> bad = items;
    const std::size_t at = rng.below(bad.size());
    switch (trial % 4) {
      case 0:
        bad[at].msg.push_back(0);
        break;
      case 1:
        bad[at].sig[3] ^= 0x10;
        break;
      case 2:
        bad[at].sig[40] ^= 0x01;
        break;
      default: {
        const auto& other = signers[(at + 1) % 3].pk;
        bad[at].pk.assign(other.begin(), other.end());
      }
    }
    ASSERT_FALSE(libsodium_accepts(bad[at])) << bad[at].describe();
    std::vector<std::uint8_t> expect(bad.size(), 1);
    expect[at] = 0;
    EXPECT_EQ(ours_batch(bad), expect) << "trial " << trial << " at " << at;
    EXPECT_FALSE(ours_batch_all(bad));
  }
}

// Ed25519Check::key_eighth joins the verdict: an item passes iff its signature passes and, when it
// carries an eighth, ed25519_is_eighth(key, eighth) holds. Single, one-item batch and many-item
// batches (in shuffled orders, so that each kind lands in groups with all the others) agree.
TEST_F(Ed25519Batch, KeyEighthJoinsTheVerdict) {
  Rng rng(0xe8);
  const Point t = torsion_point();
  std::vector<Item> items;
  std::vector<std::uint8_t> expect;
  std::vector<std::string> kinds;
  const auto add_case = [&](Item it, bool passes, const char* kind) {
    items.push_back(std::move(it));
    expect.push_back(passes ? 1 : 0);
    kinds.emplace_back(kind);
  };
  for (int i = 0; i < 160; ++i) {
    const TestSigner s = make_test_signer(rng);
    Item it = sign_item(s, rng.bytes(rng.below(200)));
    const Bytes c = ed25519_eighth(it.pk).value();
    switch (i % 10) {
      case 0:
        it.eighth = c;
        add_case(it, true, "honest eighth");
        break;
      case 1: {  // another of the key's eight eighths: C plus a point of order dividing 8
        Point cp;
        std::copy(c.begin(), c.end(), cp.begin());
        const Point other = add(cp, times(t, 1 + static_cast<int>(rng.below(7))));
        it.eighth.assign(other.begin(), other.end());
        add_case(it, true, "eighth shifted by torsion");
        break;
      }
      case 2: {
        const TestSigner o = make_test_signer(rng);
        it.eighth = ed25519_eighth(o.pk).value();
        add_case(it, false, "another key's eighth");
        break;
      }
      case 3:
        it.eighth.assign(c.begin(), c.end() - 1);
        add_case(it, false, "31-byte eighth");
        break;
      case 4: {
        const Point bad = y_above_p(static_cast<int>(rng.below(18)), rng.below(2) == 1);
        it.eighth.assign(bad.begin(), bad.end());
        add_case(it, false, "non-canonical eighth");
        break;
      }
      case 5:
        it.eighth.assign(it.pk.begin(), it.pk.end());
        add_case(it, false, "the key as its own eighth");
        break;
      case 6:
        it.eighth = c;
        it.sig[40] ^= 0x04;
        add_case(it, false, "honest eighth, broken signature");
        break;
      case 7:
        add_case(it, true, "no eighth");
        break;
      default: {
        // A mixed-order key A = aB + T signs validly under the cofactored equation; an eighth of
        // its prime-order part is no eighth of it, and it has none.
        const Scalar a = rng.scalar(), r = rng.scalar();
        const Point prime_part = base_times(a);
        const Point pub = add(prime_part, t);
        const Point r_point = base_times(r);
        const Bytes msg = rng.bytes(rng.below(100));
        Item mixed = make_item(pub, msg, r_point, mul_add(r, challenge(r_point, pub, msg), a));
        if (i % 10 == 8) {
          mixed.eighth = ed25519_eighth(prime_part).value();
          add_case(mixed, false, "mixed-order key, eighth of its prime part");
        } else {
          add_case(mixed, true, "mixed-order key, no eighth");
        }
      }
    }
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    SCOPED_TRACE(kinds[i] + ": " + items[i].describe());
    if (!items[i].eighth.empty() && expect[i] == 1) {
      EXPECT_TRUE(ed25519_is_eighth(items[i].pk, items[i].eighth));
    }
    EXPECT_EQ(ours_single(items[i]), expect[i] == 1);
    EXPECT_EQ(ours_one_item_batch(items[i]), expect[i] == 1);
  }
  std::vector<std::size_t> order(items.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  for (int round = 0; round < 4; ++round) {
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
    std::vector<Item> shuffled;
    std::vector<std::uint8_t> want;
    for (std::size_t i : order) {
      shuffled.push_back(items[i]);
      want.push_back(expect[i]);
    }
    const std::vector<std::uint8_t> v = ours_batch(shuffled);
    for (std::size_t j = 0; j < v.size(); ++j) {
      EXPECT_EQ(v[j], want[j]) << "round " << round << ": " << kinds[order[j]] << ": "
                               << shuffled[j].describe();
    }
  }
  // Only the passing ones: the groups pass whole.
  std::vector<Item> passing;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (expect[i] == 1) passing.push_back(items[i]);
  }
  EXPECT_GE(passing.size(), 60u);
  EXPECT_TRUE(ours_batch_all(passing));
}

// ed25519_key_decodes accepts exactly the keys the verifier decodes: canonical points not of
// small order, in the prime-order subgroup or not.
TEST(Ed25519KeyDecodes, CanonicalPointsOfLargeOrderOnly) {
  Rng rng(0x4b44);
  const Point honest = base_times(rng.scalar());
  EXPECT_TRUE(ed25519_key_decodes(honest));
  EXPECT_TRUE(ed25519_key_decodes(add(honest, torsion_point())));  // mixed order: decodes
  for (int j = 0; j < 8; ++j) EXPECT_FALSE(ed25519_key_decodes(times(torsion_point(), j))) << j;
  EXPECT_FALSE(ed25519_key_decodes(y_above_p(3, false)));  // y >= p: not canonical
  EXPECT_FALSE(ed25519_key_decodes(ByteSpan(honest).first(31)));
  const Bytes longer = [&] {
    Bytes b(honest.begin(), honest.end());
    b.push_back(0);
    return b;
  }();
  EXPECT_FALSE(ed25519_key_decodes(longer));
  EXPECT_FALSE(ed25519_key_decodes(ByteSpan{}));
}

}  // namespace
}  // namespace plx::crypto
