// Numbered schema migrations. Each applies in one transaction and is recorded in
// schema_migrations(version, name, applied_at). Never edit a released migration: add one.
#pragma once

#include <string>
#include <vector>

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

}  // namespace bangfu::store
