// The plx subcommands. Each register_* adds its subcommands to the app; each handler returns
// the process exit code (io.hpp: 0 ok, 1 error, 2 not verified).
#pragma once

#include <CLI/CLI.hpp>

namespace plx::cli {

// Set by a subcommand's callback; main() returns it.
extern int g_exit_code;

void register_did(CLI::App& app);
void register_jws(CLI::App& app);
void register_demo(CLI::App& app);
void register_ledger(CLI::App& app);
void register_bench_ledger(CLI::App& app);
void register_vc(CLI::App& app);
void register_bbs(CLI::App& app);

}  // namespace plx::cli
