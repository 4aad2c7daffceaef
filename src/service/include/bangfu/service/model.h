// Records the foundation's use cases and repository ports exchange.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bangfu/base/date.h"
#include "bangfu/service/principal.h"

namespace bangfu::service {

struct User {
  int64_t id = 0;
  std::string username;       // Unique, 3..32 of [a-z0-9_.-].
  std::string display_name;   // 姓名 or organisation name.
  Role role = Role::kJobSeeker;
  std::string scope;          // Region-code prefix for staff roles.
  std::optional<int64_t> org_id;
  std::optional<int64_t> person_id;  // The ledger person a job seeker account belongs to.
  std::string password_hash;  // argon2id encoded string ($argon2id$v=19$...).
  bool disabled = false;
  Timestamp created_at;
  Timestamp password_changed_at;
};

struct Session {
  std::string token_hash;     // Hex SHA-256 of the cookie token; the token itself is never stored.
  std::string csrf_token;
  int64_t user_id = 0;
  std::string remote_addr;
  Timestamp created_at;
  Timestamp last_seen_at;
};

struct AuditEntry {
  int64_t id = 0;              // Assigned by the store, increasing.
  Timestamp at;
  int64_t user_id = 0;         // 0 when nobody is signed in (failed sign-in, CLI bootstrap).
  std::string username;        // As typed for sign-ins; the actor otherwise.
  std::string remote_addr;
  std::string request_id;
  std::string action;          // "session.sign_in", "session.sign_in_failed", "user.create",
                               // "person.read_unmasked", "person.export", ...
  std::string object_type;     // "user", "person", ...; empty when none.
  std::string object_id;
  std::string region_code;     // Region of the record, for scoped audit queries; may be empty.
  std::string detail;          // JSON text with what changed (never secrets).
};

struct AuditFilter {
  std::optional<Timestamp> from;  // Inclusive.
  std::optional<Timestamp> to;    // Exclusive.
  std::string username;           // Exact; empty = any.
  std::string action;             // Prefix ("session." matches all session actions); empty = any.
  std::string object_type;
  std::string object_id;
  std::string region_prefix;      // Entries whose region_code starts with it, or have none.
  int64_t before_id = 0;          // Keyset paging: only ids < before_id (0 = from newest).
  int limit = 50;                 // 1..500.
};

struct Region {
  std::string code;         // 12 digits, zero-padded (500153000000 = 荣昌区).
  std::string name;
  std::string parent_code;  // Empty for provinces.
  int level = 0;            // 1 province, 2 city, 3 county, 4 town, 5 village.
};

}  // namespace bangfu::service
