#include "plx/vc/verdict.hpp"

namespace plx::vc {

bool Verdict::failed_check(std::string_view check) const noexcept {
  for (const auto& f : failed) {
    if (f.check == check) return true;
  }
  return false;
}

void Verdict::merge(const Verdict& inner, std::string_view prefix) {
  for (const auto& p : inner.passed) passed.push_back(std::string(prefix) + p);
  for (const auto& f : inner.failed) failed.push_back({std::string(prefix) + f.check, f.reason});
}

Json Verdict::to_json() const {
  Json failed_json = Json::array();
  for (const auto& f : failed) failed_json.push_back({{"check", f.check}, {"reason", f.reason}});
  return Json{{"valid", valid()},         {"format", format},
              {"issuer", issuer},         {"verificationMethod", verification_method},
              {"checks", passed},         {"failed", failed_json},
              {"document", document}};
}

}  // namespace plx::vc
