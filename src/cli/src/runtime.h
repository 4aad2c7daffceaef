// Wiring shared by the subcommands: open the store named by the flags, build the App.
#pragma once

#include <CLI/CLI.hpp>

#include <filesystem>
#include <memory>
#include <string>

#include "bangfu/base/clock.h"
#include "bangfu/base/result.h"
#include "bangfu/service/app.h"
#include "bangfu/service/ports.h"

namespace bangfu::cli {

// --data and --db, with BANGFU_DATA / BANGFU_DB from the environment as defaults.
struct StoreFlags {
  std::string data_dir;
  std::string db_url;
  std::string key_file;
  void Add(CLI::App& cmd);
};

class Runtime {
 public:
  // Opens (creating the data directory and migrating the schema) and builds the App.
  static Result<std::unique_ptr<Runtime>> Open(const StoreFlags& flags);

  service::Store& store() { return *store_; }
  service::App& app() { return *app_; }
  const Clock& clock() const { return clock_; }
  const std::string& data_dir() const { return data_dir_; }

 private:
  SystemClock clock_;
  std::string data_dir_;
  std::unique_ptr<service::Store> store_;
  std::unique_ptr<service::App> app_;
};

// The file argument, --dry-run and --mode of every `bangfu import` subcommand of a table.
struct ImportFlags {
  std::string file;
  bool dry_run = false;
  std::string mode = "all-or-nothing";
  void Add(CLI::App& cmd, const std::string& file_help);
  // The options for this file (its name is the source recorded with the imported data).
  service::ImportOptions Options() const;
  // The whole file; kNotFound naming the file when it cannot be read.
  Result<std::string> ReadFile() const;
};

// Prints the summary and every issue of an import; throws CLI::RuntimeError(1) when rows were
// rejected, so that scripts see the failure.
void PrintImportReport(const service::ImportReport& r, const std::string& source);

// Context for actions taken on the command line: acts as an administrator with the whole
// country in scope, audited as user "cli" from address "cli".
service::RequestContext CliContext();

// Prints "错误: message (field)" to stderr and returns exit code 1.
int Fail(const Error& error);

// Where the npm reference data lives (share/npm/node_modules), searched next to the binary,
// the current directory, and $BANGFU_SHARE. Empty when not found.
std::filesystem::path FindNpmData(const std::string& package);

// A file or folder under share/ (e.g. "occupations/demo.csv"), searched in the same places as
// FindNpmData. Empty when not found.
std::filesystem::path FindShareFile(const std::string& relative);
// Builds the matcher of app.matches(): the occupations table, else share/occupations/demo.csv
// (jobs_cmd.cc). Call after the people and postings a command needs are in the store.
Status LoadMatcher(service::App& app);

// The policy packs: $BANGFU_POLICIES, policies/ beside the build directory or the installed
// share directory, or ./policies. Empty when not found.
std::filesystem::path FindPolicyDir();
// The service standards directory, found like the policies one (BANGFU_STANDARDS, next to the
// binary, the working directory); empty when none.
std::filesystem::path FindStandardDir();

// Imports the administrative divisions from china-division's dist folder (levels 1..5;
// villages only under `village_prefix` when it is not empty). Returns the number of regions.
Result<int64_t> ImportRegions(service::App& app, const std::filesystem::path& dist_dir,
                              const std::string& village_prefix);

// Loads the statutory calendar from chinese-days' dist/chinese-days.json (2020 onwards).
// Returns the number of holiday and make-up days stored.
Result<int64_t> ImportCalendar(service::App& app, const std::filesystem::path& json_file);

}  // namespace bangfu::cli
