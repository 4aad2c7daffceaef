#include "migrations.h"

namespace bangfu::store {

// Conventions: timestamps are BIGINT microseconds since the Unix epoch (UTC), dates are
// 'YYYY-MM-DD' text, money is BIGINT fen, booleans are INTEGER 0/1 on both backends.
const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1,
       "foundation: users, sessions, audit log, regions",
       {
           R"(CREATE TABLE users (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                username TEXT NOT NULL UNIQUE,
                display_name TEXT NOT NULL,
                role TEXT NOT NULL,
                scope TEXT NOT NULL DEFAULT '',
                org_id BIGINT,
                password_hash TEXT NOT NULL,
                disabled INTEGER NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL,
                password_changed_at BIGINT NOT NULL))",
           R"(CREATE TABLE sessions (
                token_hash TEXT PRIMARY KEY,
                csrf_token TEXT NOT NULL,
                user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                remote_addr TEXT NOT NULL DEFAULT '',
                created_at BIGINT NOT NULL,
                last_seen_at BIGINT NOT NULL))",
           "CREATE INDEX sessions_user ON sessions(user_id)",
           "CREATE INDEX sessions_last_seen ON sessions(last_seen_at)",
           R"(CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at BIGINT NOT NULL,
                user_id BIGINT NOT NULL DEFAULT 0,
                username TEXT NOT NULL DEFAULT '',
                remote_addr TEXT NOT NULL DEFAULT '',
                request_id TEXT NOT NULL DEFAULT '',
                action TEXT NOT NULL,
                object_type TEXT NOT NULL DEFAULT '',
                object_id TEXT NOT NULL DEFAULT '',
                region_code TEXT NOT NULL DEFAULT '',
                detail TEXT NOT NULL DEFAULT ''))",
           "CREATE INDEX audit_at ON audit_log(at)",
           "CREATE INDEX audit_user_action ON audit_log(username, action, at)",
           "CREATE INDEX audit_addr_action ON audit_log(remote_addr, action, at)",
           "CREATE INDEX audit_object ON audit_log(object_type, object_id)",
           // Append-only: the database itself refuses changes to the log.
           R"(CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END)",
           R"(CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END)",
           R"(CREATE TABLE regions (
                code TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                parent_code TEXT NOT NULL DEFAULT '',
                level INTEGER NOT NULL))",
           "CREATE INDEX regions_parent ON regions(parent_code)",
       },
       {
           R"(CREATE TABLE users (
                id BIGSERIAL PRIMARY KEY,
                username TEXT NOT NULL UNIQUE,
                display_name TEXT NOT NULL,
                role TEXT NOT NULL,
                scope TEXT NOT NULL DEFAULT '',
                org_id BIGINT,
                password_hash TEXT NOT NULL,
                disabled INTEGER NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL,
                password_changed_at BIGINT NOT NULL))",
           R"(CREATE TABLE sessions (
                token_hash TEXT PRIMARY KEY,
                csrf_token TEXT NOT NULL,
                user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                remote_addr TEXT NOT NULL DEFAULT '',
                created_at BIGINT NOT NULL,
                last_seen_at BIGINT NOT NULL))",
           "CREATE INDEX sessions_user ON sessions(user_id)",
           "CREATE INDEX sessions_last_seen ON sessions(last_seen_at)",
           R"(CREATE TABLE audit_log (
                id BIGSERIAL PRIMARY KEY,
                at BIGINT NOT NULL,
                user_id BIGINT NOT NULL DEFAULT 0,
                username TEXT NOT NULL DEFAULT '',
                remote_addr TEXT NOT NULL DEFAULT '',
                request_id TEXT NOT NULL DEFAULT '',
                action TEXT NOT NULL,
                object_type TEXT NOT NULL DEFAULT '',
                object_id TEXT NOT NULL DEFAULT '',
                region_code TEXT NOT NULL DEFAULT '',
                detail TEXT NOT NULL DEFAULT ''))",
           "CREATE INDEX audit_at ON audit_log(at)",
           "CREATE INDEX audit_user_action ON audit_log(username, action, at)",
           "CREATE INDEX audit_addr_action ON audit_log(remote_addr, action, at)",
           "CREATE INDEX audit_object ON audit_log(object_type, object_id)",
           R"(CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$)",
           R"(CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
                FOR EACH ROW EXECUTE FUNCTION audit_log_append_only())",
           R"(CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
                FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only())",
           R"(CREATE TABLE regions (
                code TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                parent_code TEXT NOT NULL DEFAULT '',
                level INTEGER NOT NULL))",
           "CREATE INDEX regions_parent ON regions(parent_code)",
       }},
  };
  return kMigrations;
}

}  // namespace bangfu::store
