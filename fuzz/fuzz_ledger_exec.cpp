// Execution of whatever a peer can put in a transaction whose signature passed (the state
// machine, state_machine.hpp): any op code and payload, signed by a key of an existing DID, in
// three shapes: the raw payload; a create of a two-key document whose key eighths come from the
// input; an update whose added method and key eighths come from the input. Nothing may crash,
// the serial executor must give the same outcomes and writes twice, and the parallel executor
// must give the serial ones.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "plx/crypto/ed25519_eighth.hpp"
#include "plx/crypto/hash.hpp"
#include "plx/crypto/key.hpp"
#include "plx/ledger/executor.hpp"
#include "plx/ledger/thread_pool.hpp"
#include "plx/ledger_client/operations.hpp"
#include "plx/ledger_client/transaction.hpp"

namespace {

using namespace plx::ledger;

constexpr const char* kChain = "plx-fuzz";

plx::crypto::PrivateKey key_from(std::uint8_t tag) {
  const auto seed = plx::crypto::sha256(plx::Bytes{tag});
  return plx::crypto::PrivateKey::from_raw(plx::crypto::KeyType::kEd25519, seed).value();
}

std::string method(const std::string& id, const plx::crypto::PrivateKey& k) {
  return R"({"id":")" + id + R"(","type":"Multikey","publicKeyMultibase":")" +
         k.public_key().multikey() + R"("})";
}

// A ledger with one DID (#key-1 signs, #key-2 is an assertion method) and a status list.
struct World {
  plx::crypto::PrivateKey k1 = key_from(1), k2 = key_from(2), k3 = key_from(3);
  std::string genesis = R"({"verificationMethod":[)" + method("#key-1", k1) + "," +
                        method("#key-2", k2) +
                        R"(],"assertionMethod":["#key-2"],"capabilityInvocation":["#key-1"]})";
  std::string did = derive_did_plx(genesis).value();
  std::string kid = did + "#key-1";
  plx::Bytes multikey = multikey_bytes(k1.public_key()).value();
  MemoryState state;
  ThreadPool pool{2};

  World() {
    const auto payload = CreateDidPayload::for_signer(genesis, multikey).value().encode();
    std::vector<SignedTransaction> setup{
        tx(OpCode::kCreateDid, 0, payload),
        tx(OpCode::kCreateStatusList, 1,
           CreateStatusListPayload{"l", 4096, "revocation"}.encode())};
    const std::vector<std::uint8_t> ok(setup.size(), 1);
    const BlockResult r =
        execute_checked_serial(setup, ok, BlockContext{kChain, 1, 1700000001}, state);
    for (const auto& o : r.outcomes) {
      if (!o.applied()) std::abort();
    }
    state.apply(r.writes);
  }

  SignedTransaction tx(OpCode op, std::uint64_t nonce, plx::Bytes payload) const {
    SignedTransaction s;
    s.tx.chain_id = kChain;
    s.tx.signer = kid;
    s.tx.signer_public_key = multikey;
    s.tx.nonce = nonce;
    s.tx.op = op;
    s.tx.payload = std::move(payload);
    s.signature.assign(64, 0);  // not checked: execution takes the verdict as given
    return s;
  }
};

World& world() {
  static World w;
  return w;
}

std::vector<plx::Bytes> eighths_from(plx::ByteSpan in) {
  std::vector<plx::Bytes> out;
  for (std::size_t i = 0; i + 32 <= in.size() && out.size() < kMaxKeyEighths - 1; i += 32) {
    out.emplace_back(in.begin() + static_cast<std::ptrdiff_t>(i),
                     in.begin() + static_cast<std::ptrdiff_t>(i + 32));
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  World& w = world();
  const std::uint8_t shape = data[0] % 4;
  const std::uint8_t arg = data[1];
  const plx::ByteSpan rest(data + 2, size - 2);
  std::vector<SignedTransaction> block;
  switch (shape) {
    case 0:  // any op code, any payload, any nonce near the right one
      block.push_back(
          w.tx(static_cast<OpCode>(arg % 7), arg >> 6, plx::Bytes(rest.begin(), rest.end())));
      break;
    case 1: {  // a create of a two-key document; the first eighth may be a true one
      const std::string genesis = R"({"verificationMethod":[)" + method("#key-1", w.k3) + "," +
                                  method("#key-2", w.k2) +
                                  R"(],"capabilityInvocation":["#key-1"]})";
      CreateDidPayload p =
          CreateDidPayload::for_signer(genesis, multikey_bytes(w.k3.public_key()).value()).value();
      std::vector<plx::Bytes> extra = eighths_from(rest);
      if (arg & 1) p.key_eighths.clear();
      p.key_eighths.insert(p.key_eighths.end(), extra.begin(), extra.end());
      if (p.key_eighths.size() > kMaxKeyEighths - 1) p.key_eighths.resize(kMaxKeyEighths - 1);
      SignedTransaction s = w.tx(OpCode::kCreateDid, 0, p.encode());
      s.tx.signer = derive_did_plx(genesis).value() + "#key-1";
      s.tx.signer_public_key = multikey_bytes(w.k3.public_key()).value();
      block.push_back(std::move(s));
      break;
    }
    default: {  // an update adding a method whose JSON, and eighths, come from the input
      const std::size_t split = rest.empty() ? 0 : arg % (rest.size() + 1);
      const std::string json(reinterpret_cast<const char*>(rest.data()), split);
      UpdateDidPayload p{
          w.did, {PatchOp::add_verification_method(shape == 2 ? json : method("#key-9", w.k3), 1)}};
      if (shape == 3) (void)p.add_published_key_eighths();
      const std::vector<plx::Bytes> extra = eighths_from(rest.subspan(split));
      p.key_eighths.insert(p.key_eighths.end(), extra.begin(), extra.end());
      if (p.key_eighths.size() > kMaxKeyEighths) p.key_eighths.resize(kMaxKeyEighths);
      block.push_back(w.tx(OpCode::kUpdateDid, 2, p.encode()));
      break;
    }
  }
  const std::vector<std::uint8_t> ok(block.size(), 1);
  const BlockContext ctx{kChain, 2, 1700000002};
  const BlockResult a = execute_checked_serial(block, ok, ctx, w.state);
  const BlockResult b = execute_checked_serial(block, ok, ctx, w.state);
  const BlockResult c = execute_checked_parallel(block, ok, ctx, w.state, w.pool);
  if (a.outcomes != b.outcomes || a.writes != b.writes) std::abort();
  if (a.outcomes != c.outcomes || a.writes != c.writes) std::abort();
  return 0;
}
