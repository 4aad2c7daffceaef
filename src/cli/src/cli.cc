#include "bangfu/cli/cli.h"

#include <CLI/CLI.hpp>

#include "commands.h"

namespace bangfu::cli {

int Run(int argc, char** argv) {
  CLI::App app{"bangfu — 公共就业帮扶平台 (public employment assistance platform)"};
  app.set_version_flag("--version", "bangfu 0.1.0");
  app.require_subcommand(1);
  AddServeCommand(app);
  AddMigrateCommand(app);
  AddUserCommands(app);
  AddImportCommands(app);
  AddDemoCommand(app);
  AddBenchCommand(app);
  AddOccupationCommands(app);
  AddMatchCommands(app);
  AddPolicyCommands(app);
  AddStandardCommands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return 0;
}

}  // namespace bangfu::cli
