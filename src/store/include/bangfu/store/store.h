// The storage adapters: service::Store over SOCI, on embedded SQLite (default) or PostgreSQL.
#pragma once

#include <memory>
#include <string>

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

// "postgresql://user:pass@host:port/db?sslmode=require" → libpq key=value form
// ("host=... port=... user=... password=... dbname=... sslmode=..."), percent-decoding each
// part. kInvalidArgument (field "db") for anything else.
Result<std::string> PostgresConnectString(const std::string& url);

// The schema version this binary creates and understands.
int LatestSchemaVersion();

}  // namespace bangfu::store
