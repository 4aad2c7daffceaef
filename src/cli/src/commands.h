// One function per subcommand group; each adds its subcommand to the root app.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "bangfu/policy/cases.h"

namespace bangfu::cli {

void AddServeCommand(CLI::App& root);
void AddMigrateCommand(CLI::App& root);
void AddUserCommands(CLI::App& root);
void AddImportCommands(CLI::App& root);
void AddDemoCommand(CLI::App& root);
void AddBenchCommand(CLI::App& root);
void AddOccupationCommands(CLI::App& root);
// Adds `match …` and `bench match`; call after AddBenchCommand.
void AddMatchCommands(CLI::App& root);
void AddPolicyCommands(CLI::App& root);  // policy check|test, and bench policy
void AddPolicyBenchCommand(CLI::App& root);
// Runs case files with `run` and prints FAIL lines (PASS too when verbose) and "N passed, N
// failed" (policy_cmd.cc); `errors` are problems finding them. Returns the exit status.
int RunCaseFiles(const std::vector<std::string>& files, const std::vector<std::string>& errors,
                 bool verbose, const std::function<policy::CaseResult(const std::string&)>& run);
// `standard check|test` and `bench casework`; call after AddBenchCommand.
void AddStandardCommands(CLI::App& root);
// `bangfu import employers|employments|...` (import_data_cmd.cc), under `bangfu import`.
void AddImportDataCommands(CLI::App* import_cmd);
// import occupations|postings and match run (jobs_cmd.cc).
void AddJobImportCommands(CLI::App* import_cmd);
void AddMatchRunCommand(CLI::App* match_cmd);
// `bangfu bench facts` (bench_facts_cmd.cc), under `bangfu bench`.
void AddBenchFactsCommand(CLI::App* bench_cmd);
// `bangfu bench match-store` (bench_match_store.cc), under `bangfu bench`.
void AddBenchMatchStoreCommand(CLI::App* bench_cmd);
// `bangfu bench serve-start` (bench_serve_start.cc), under `bangfu bench`.
void AddBenchServeStartCommand(CLI::App* bench_cmd);

}  // namespace bangfu::cli
