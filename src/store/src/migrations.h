// Numbered schema migrations. Each applies in one transaction and is recorded in
// schema_migrations(version, name, applied_at). Never edit a released migration: add one.
#pragma once

#include <string>
#include <vector>

#include "bangfu/base/result.h"

namespace bangfu::store {

enum class Dialect { kSqlite, kPostgres };

struct Migration {
  int version;
  const char* name;
  // Statements, one per entry (SQLite prepares one statement at a time).
  std::vector<std::string> sqlite;
  std::vector<std::string> postgres;
};

const std::vector<Migration>& Migrations();

class Db;
// Applies the pending ones of `migrations` (sorted by version, the last being the latest this
// binary knows), each in its own transaction; returns how many it applied. kFailedPrecondition
// for a newer schema, or (when !allowed) for an older one. Exposed for tests with their own
// lists; production code calls it with Migrations().
Result<int> ApplyMigrations(Db& db, const std::vector<Migration>& migrations, bool allowed);

}  // namespace bangfu::store
