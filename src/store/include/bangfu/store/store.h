// The storage adapters: service::Store over SOCI, on embedded SQLite (default) or PostgreSQL.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "bangfu/base/date.h"
#include "bangfu/base/result.h"
#include "bangfu/service/ports.h"

namespace bangfu::store {

struct StoreOptions {
  // SQLite: the database is DATA_DIR/bangfu.db (created when missing).
  std::string data_dir;
  // Overrides data_dir when set: "postgresql://user:pass@host:port/db" (or "postgres://"),
  // or "sqlite:///absolute/path/file.db".
  std::string url;
  // Connections kept open; 0 picks a default (8).
  int pool_size = 0;
  // Apply pending migrations on open. When false, a database that is behind the binary is
  // refused (kFailedPrecondition) so nothing runs against an old schema.
  bool migrate = true;
};

// Opens the database, checks and (if allowed) migrates its schema. A schema newer than this
// binary knows is refused with kFailedPrecondition; an unreachable database is kUnavailable.
Result<std::unique_ptr<service::Store>> OpenStore(const StoreOptions& options);

struct AppliedMigration {
  int version = 0;
  std::string name;
  Timestamp applied_at;
};

struct PendingMigration {
  int version = 0;
  std::string name;
};

// What `bangfu migrate --status` shows. Reading it never changes the database.
struct MigrationStatus {
  std::string backend;  // "sqlite" or "postgresql".
  int current = 0;      // Highest applied version; 0 for an empty database.
  int latest = 0;       // Highest version this binary knows.
  std::vector<AppliedMigration> applied;  // Oldest first.
  std::vector<PendingMigration> pending;  // Oldest first; empty when up to date.
  bool newer_than_binary() const { return current > latest; }
};

// Applies every pending migration, each in its own transaction (a failure keeps the ones
// before it), and returns how many were applied (0 when already up to date). Safe to run from
// several processes at once. A newer schema is refused like OpenStore does.
Result<int> Migrate(const StoreOptions& options);

// Reads the schema version table without changing anything (no table is created).
Result<MigrationStatus> GetMigrationStatus(const StoreOptions& options);

// "postgresql://user:pass@host:port/db?sslmode=require" → libpq key=value form
// ("host=... port=... user=... password=... dbname=... sslmode=..."), percent-decoding each
// part. kInvalidArgument (field "db") for anything else.
Result<std::string> PostgresConnectString(const std::string& url);

// The schema version this binary creates and understands.
int LatestSchemaVersion();

}  // namespace bangfu::store
