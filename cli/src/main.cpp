// plx: the Parallax command-line wallet and verifier.
#include <exception>
#include <iostream>

#include "commands.hpp"
#include "io.hpp"

namespace plx::cli {
int g_exit_code = kExitOk;
}

int main(int argc, char** argv) {
  CLI::App app{"plx: decentralized identity from the command line (Parallax SDK)", "plx"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "plx 0.1.0");
  plx::cli::register_did(app);
  plx::cli::register_jws(app);
  plx::cli::register_bbs(app);
  plx::cli::register_demo(app);
  plx::cli::register_ledger(app);
  plx::cli::register_bench_ledger(app);
  plx::cli::register_vc(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" with exit code 0.
    return app.exit(e) == 0 ? plx::cli::kExitOk : plx::cli::kExitError;
  } catch (const std::exception& e) {
    std::cerr << "plx: internal error: " << e.what() << "\n";
    return plx::cli::kExitError;
  }
  return plx::cli::g_exit_code;
}
