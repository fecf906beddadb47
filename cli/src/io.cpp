#include "io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>

namespace plx::cli {

Result<Bytes> read_stdin() {
  Bytes out;
  std::uint8_t buf[65536];
  for (;;) {
    ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error(ErrorCode::kIo, std::string("cannot read stdin: ") + std::strerror(errno));
    }
    out.insert(out.end(), buf, buf + n);
  }
  return out;
}

Result<std::string> read_text_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return Error(ErrorCode::kIo, "cannot open file", p.string());
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

Result<SecretBytes> read_secret_file(const std::filesystem::path& p) {
  int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Error(ErrorCode::kIo, std::string("cannot open key file: ") + std::strerror(errno),
                 p.string());
  }
  SecretBytes out;
  std::uint8_t buf[4096];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      internal::secure_wipe(buf, sizeof buf);
      return Error(ErrorCode::kIo, "cannot read key file", p.string());
    }
    out.append(ByteSpan(buf, static_cast<std::size_t>(n)));
  }
  internal::secure_wipe(buf, sizeof buf);
  ::close(fd);
  return out;
}

Status write_secret_file(const std::filesystem::path& path, ByteSpan data, bool overwrite) {
  std::error_code ec;
  if (!overwrite && std::filesystem::exists(path, ec)) {
    return Error(ErrorCode::kAlreadyExists, "file exists; not overwriting a key", path.string());
  }
  auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::random_device rd;
  auto tmp = dir / ("." + path.filename().string() + ".tmp" + std::to_string(rd()));
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Error(ErrorCode::kIo, std::string("cannot create file: ") + std::strerror(errno),
                 tmp.string());
  }
  std::size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      ::unlink(tmp.c_str());
      return Error(ErrorCode::kIo, "cannot write key file", path.string());
    }
    off += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(tmp.c_str());
    return Error(ErrorCode::kIo, "cannot flush key file", path.string());
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return Error(ErrorCode::kIo, std::string("cannot rename key file: ") + std::strerror(errno),
                 path.string());
  }
  return ok_status();
}

void print_json(const Json& j) {
  std::cout << j.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

int report(const Error& e) {
  std::cerr << "plx: " << e.to_string() << "\n";
  return kExitError;
}

}  // namespace plx::cli
