// A program outside the Parallax tree that uses the installed package, as a user would.
#include <iostream>

#include "plx/crypto/key.hpp"
#include "plx/did/methods/key.hpp"

int main() {
  auto key = plx::crypto::PrivateKey::generate(plx::crypto::KeyType::kEd25519);
  if (!key.has_value()) return 1;
  auto did = plx::did::key::create(key->public_key());
  auto doc = plx::did::key::resolve_document(did);
  if (!doc.has_value()) return 1;
  std::cout << did.to_string() << "\n";
  return 0;
}
