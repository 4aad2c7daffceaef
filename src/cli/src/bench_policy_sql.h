// The SQL side of `bangfu bench policy`: the synthetic population written to a plain SQLite
// database with ordinary indexes, and RC-HIRE-GRAD, RC-HIRE-HARDSHIP and RC-INTERN as one
// eligibility query each (the way OpenSPP/OpenG2P compile eligibility to SQL). Shared by the
// engine-only and the end-to-end benchmark so that both compare against the same baseline.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "bangfu/base/date.h"
#include "bangfu/policy/facts.h"

namespace bangfu::cli {

struct SqlRuleTiming {
  std::string rule_id;
  double seconds = 0;
  int64_t eligible = -1;  // -1: the query failed (its message is on stderr)
  int64_t amount_fen = 0; // summed by RC-INTERN only
};

// Writes `facts` to `db_path` (a new file) with ordinary indexes and runs the three rules once
// each at `as_of`. Empty when the database could not be written.
std::vector<SqlRuleTiming> RunSqlBaseline(const policy::Facts& facts, Date as_of,
                                          const std::filesystem::path& db_path,
                                          double* write_seconds);

// bench_end_to_end.cc: generates (or reuses) the store under `data_dir`, runs
// PolicyService::Run over it and prints the phases beside the SQL baseline (skipped when
// !sql_baseline). Exit code.
int BenchEndToEnd(int64_t persons, const std::string& data_dir, const std::string& policies_dir,
                  bool sql_baseline);

}  // namespace bangfu::cli
