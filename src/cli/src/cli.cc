#include "bangfu/cli/cli.h"

#include <CLI/CLI.hpp>

namespace bangfu::cli {

int Run(int argc, char** argv) {
  CLI::App app{"bangfu — 公共就业帮扶平台 (public employment assistance platform)"};
  app.set_version_flag("--version", "bangfu 0.1.0");
  app.require_subcommand(1);
  CLI11_PARSE(app, argc, argv);
  return 0;
}

}  // namespace bangfu::cli
