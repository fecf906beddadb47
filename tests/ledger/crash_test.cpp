// Crash test (issue 4, "State commitment and storage"): a child process produces blocks of
// random transactions on a ledger directory while the parent kills it with SIGKILL at random
// moments. After each kill the parent reopens the ledger and checks that
//   - it opens (the node's own check: the last header's state_root is the stored tree root),
//   - the height never goes back and every new header links to its parent (prev_hash, height),
//   - replaying the committed blocks serially (execute_serial) into a fresh in-memory state and
//     tree gives, block by block, the stored outcomes and the header's state_root.
// The child is a fresh exec of this program ("--child"), not a bare fork, so RocksDB's
// background threads exist in it. Usage: ledger_crash_test [kills] ; PLX_TEST_SEED replays.
// The child reports each committed block on a pipe, so most kills land while it writes.
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>

#include "plx/crypto/hash.hpp"
#include "plx/ledger/executor.hpp"
#include "plx/ledger/node.hpp"
#include "plx/ledger/state_tree.hpp"
#include "plx/ledger_client/operations.hpp"

namespace plx::ledger {
namespace {

constexpr const char* kChain = "plx-crash";
constexpr std::size_t kIdentities = 400;
constexpr std::size_t kBlockTxs = 24;

struct Identity {
  std::unique_ptr<crypto::PrivateKey> key;
  Bytes multikey;
  std::string genesis;
  std::string did;
};

Identity make_identity(std::uint64_t seed, std::size_t i) {
  Bytes material(16);
  for (int k = 0; k < 8; ++k) {
    material[static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(seed >> (8 * k));
    material[8 + static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(i >> (8 * k));
  }
  auto key = crypto::PrivateKey::from_raw(crypto::KeyType::kEd25519, crypto::sha256(material));
  PLX_CHECK(key.has_value());
  Identity id;
  id.multikey = multikey_bytes(key->public_key()).value();
  id.genesis =
      R"({"@context":["https://www.w3.org/ns/did/v1","https://w3id.org/security/multikey/v1"],)"
      R"("verificationMethod":[{"id":"#key-1","type":"Multikey","publicKeyMultibase":")" +
      key->public_key().multikey() +
      R"("}],"authentication":["#key-1"],"capabilityInvocation":["#key-1"]})";
  id.did = derive_did_plx(id.genesis).value();
  id.key = std::make_unique<crypto::PrivateKey>(std::move(*key));
  return id;
}

int fail(const std::string& what) {
  std::fprintf(stderr, "CRASH TEST FAILED: %s\n", what.c_str());
  return 1;
}

// The child: produce blocks until killed.
int run_child(const std::filesystem::path& dir, std::uint64_t seed, int progress_fd) {
  NodeOptions opts;
  opts.chain_id = kChain;
  opts.threads = 2;
  opts.max_block_txs = kBlockTxs;
  auto node = Node::open(dir, opts);
  if (!node) return fail("child open: " + node.error().to_string());
  std::vector<std::optional<Identity>> ids(kIdentities);
  for (;;) {
    const std::uint64_t h = (*node)->latest_height() + 1;
    std::mt19937_64 rng(seed ^ (h * 0x9e3779b97f4a7c15ull));
    std::set<std::size_t> chosen;
    while (chosen.size() < kBlockTxs) chosen.insert(rng() % kIdentities);
    for (std::size_t i : chosen) {
      if (!ids[i]) ids[i] = make_identity(seed, i);
      Identity& id = *ids[i];
      auto nonce = (*node)->next_nonce(id.did);
      if (!nonce) return fail("child nonce: " + nonce.error().to_string());
      Transaction tx;
      tx.chain_id = kChain;
      tx.signer = id.did + "#key-1";
      tx.signer_public_key = id.multikey;
      tx.nonce = *nonce;
      if (*nonce == 0) {
        tx.op = OpCode::kCreateDid;
        tx.payload = CreateDidPayload::for_signer(id.genesis, id.multikey).value().encode();
      } else {
        tx.op = OpCode::kUpdateDid;
        PatchOp op = (*nonce % 2 == 1)
                         ? PatchOp::add_service(
                               R"({"id":"#svc","type":"LinkedDomains","serviceEndpoint":"https://x.example/)" +
                               std::to_string(rng() % 1000) + R"("})")
                         : PatchOp::remove_service("#svc");
        tx.payload = UpdateDidPayload{id.did, {std::move(op)}}.encode();
      }
      // Now and then a transaction that is rejected (a stale nonce), so outcomes vary.
      if (rng() % 10 == 0 && *nonce > 0) tx.nonce = *nonce - 1;
      auto stx = sign_transaction(std::move(tx), *id.key);
      if (!stx) return fail("child sign: " + stx.error().to_string());
      auto sub = (*node)->submit(*stx);
      if (!sub) return fail("child submit: " + sub.error().to_string());
    }
    auto blk = (*node)->produce_block();
    if (!blk) return fail("child produce: " + blk.error().to_string());
    // Tell the parent a block is durable, so that it can aim kills at block production.
    const char tick = 1;
    if (::write(progress_fd, &tick, 1) < 0) {
      // The parent stopped listening: keep producing until killed.
    }
  }
}

struct Replay {
  MemoryState state;
  MemoryTreeStore nodes;
  StateTree tree{nodes};
  NodeRef root;
  std::uint64_t height = 0;
  std::optional<BlockHeader> last;
};

// Replays blocks (replay.height, latest] from the reopened node; checks links, outcomes, roots.
int verify(const std::filesystem::path& dir, Replay& rp, std::uint64_t& blocks_checked) {
  NodeOptions opts;
  opts.chain_id = kChain;
  opts.threads = 1;
  auto node = Node::open(dir, opts);
  if (!node) return fail("reopen: " + node.error().to_string());
  const std::uint64_t latest = (*node)->latest_height();
  if (latest < rp.height) {
    return fail("height went back from " + std::to_string(rp.height) + " to " +
                std::to_string(latest));
  }
  for (std::uint64_t h = rp.height + 1; h <= latest; ++h) {
    auto hdr = (*node)->header(h);
    if (!hdr) return fail("header " + std::to_string(h) + ": " + hdr.error().to_string());
    if (rp.last) {
      if (auto st = check_link(*rp.last, *hdr); !st) return fail("link: " + st.error().to_string());
    } else if (hdr->prev_hash != kZeroHash || h != 1) {
      return fail("first block does not start the chain");
    }
    auto txs = (*node)->block_transactions(h);
    auto outs = (*node)->block_outcomes(h);
    if (!txs || !outs) return fail("block body " + std::to_string(h));
    BlockResult r = execute_serial(*txs, BlockContext{kChain, h, hdr->time}, rp.state);
    if (r.outcomes != *outs) return fail("outcomes differ at block " + std::to_string(h));
    std::vector<TreeUpdate> ups = tree_updates(r.writes);
    auto batch = rp.tree.apply(rp.root, h, ups);
    if (!batch) return fail("replay tree: " + batch.error().to_string());
    for (auto& [k, v] : batch->nodes) rp.nodes.put(k, v);
    rp.tree.commit(*batch);
    rp.root = batch->root;
    rp.state.apply(r.writes);
    if (rp.root.hash != hdr->state_root) {
      return fail("replayed state root differs at block " + std::to_string(h));
    }
    rp.last = *hdr;
    rp.height = h;
    ++blocks_checked;
  }
  if ((*node)->state_root() != rp.root.hash) return fail("node state root differs from replay");
  return 0;
}

int run_parent(const char* self, int kills) {
  std::uint64_t seed = 0;
  if (const char* s = std::getenv("PLX_TEST_SEED")) {
    seed = std::strtoull(s, nullptr, 10);
  } else {
    seed = static_cast<std::uint64_t>(std::random_device{}()) |
           (static_cast<std::uint64_t>(std::random_device{}()) << 32);
  }
  std::printf("PLX_TEST_SEED=%llu\n", static_cast<unsigned long long>(seed));
  std::fflush(stdout);
  const auto dir = std::filesystem::temp_directory_path() /
                   ("plx-crash-" + std::to_string(::getpid()) + "-" + std::to_string(seed));
  std::filesystem::remove_all(dir);
  std::mt19937_64 rng(seed);
  Replay rp;
  std::uint64_t checked = 0;
  int done = 0;
  const auto start = std::chrono::steady_clock::now();
  for (; done < kills; ++done) {
    int fds[2];
    if (::pipe(fds) != 0) return fail("pipe");
    const pid_t pid = ::fork();
    if (pid < 0) return fail("fork");
    if (pid == 0) {
      ::close(fds[0]);
      const std::string seed_arg = std::to_string(seed);
      const std::string fd_arg = std::to_string(fds[1]);
      ::execl(self, self, "--child", dir.c_str(), seed_arg.c_str(), fd_arg.c_str(),
              static_cast<char*>(nullptr));
      std::_Exit(127);
    }
    ::close(fds[1]);
    // Random moments. One kill in four lands anywhere in the child's life (opening the
    // database, recovering its WAL, ...); the others wait until the child has committed a block
    // in this life and then strike within the next few blocks, i.e. mostly mid-block.
    if (rng() % 4 == 0) {
      std::this_thread::sleep_for(std::chrono::microseconds(rng() % 200000));
    } else {
      pollfd pfd{fds[0], POLLIN, 0};
      if (::poll(&pfd, 1, 20000) > 0) {
        char buf[64];
        (void)::read(fds[0], buf, sizeof buf);
      }
      std::this_thread::sleep_for(std::chrono::microseconds(rng() % 60000));
    }
    ::kill(pid, SIGKILL);
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)) {
      return fail("the child exited by itself (status " + std::to_string(status) + ")");
    }
    if (int rc = verify(dir, rp, checked); rc != 0) {
      std::fprintf(stderr, "after kill %d, seed %llu\n", done + 1,
                   static_cast<unsigned long long>(seed));
      return rc;
    }
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("crash test: %d SIGKILLs, %llu blocks committed and replayed, final height %llu, "
              "%.1f s\n",
              done, static_cast<unsigned long long>(checked),
              static_cast<unsigned long long>(rp.height), secs);
  std::filesystem::remove_all(dir);
  if (rp.height == 0) return fail("no block was ever committed");
  return 0;
}

}  // namespace
}  // namespace plx::ledger

int main(int argc, char** argv) {
  if (argc == 5 && std::string(argv[1]) == "--child") {
    ::signal(SIGPIPE, SIG_IGN);
    return plx::ledger::run_child(argv[2], std::strtoull(argv[3], nullptr, 10),
                                  std::atoi(argv[4]));
  }
  const int kills = argc >= 2 ? std::atoi(argv[1]) : 100;
  return plx::ledger::run_parent("/proc/self/exe", kills);
}
