// The `bangfu` command line: CLI11 subcommands that parse arguments, call use cases and print.
#pragma once

namespace bangfu::cli {

// Runs the command line; returns the process exit code (0 ok, 1 failure, 2 usage error).
int Run(int argc, char** argv);

}  // namespace bangfu::cli
