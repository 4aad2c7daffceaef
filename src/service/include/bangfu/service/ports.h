// Repository ports: the storage interfaces the use cases need. store/ implements them with
// SOCI (SQLite and PostgreSQL); tests use in-memory fakes.
//
// Contract for every method: expected failures (not found, unique-key conflict) come back as
// Error values; a broken database comes back as kUnavailable/kInternal. No method throws.
// Implementations are thread-safe: many requests call them concurrently.
#pragma once

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bangfu/base/result.h"
#include "bangfu/service/casework.h"
#include "bangfu/service/entitlement.h"
#include "bangfu/service/jobs.h"
#include "bangfu/service/ledger.h"
#include "bangfu/service/model.h"
#include "bangfu/service/policy_data.h"
#include "bangfu/service/policy_param.h"

namespace bangfu::service {

class UserRepository {
 public:
  virtual ~UserRepository() = default;
  // Assigns and returns the id. kConflict (field "username") when the name is taken.
  virtual Result<int64_t> Insert(const User& user) = 0;
  // kNotFound when absent.
  virtual Result<User> FindById(int64_t id) = 0;
  virtual Result<User> FindByUsername(const std::string& username) = 0;
  virtual Status UpdatePassword(int64_t id, const std::string& password_hash, Timestamp at) = 0;
  virtual Status SetDisabled(int64_t id, bool disabled) = 0;
  // Sets what the account acts for: the organisation (employer, training institution) and the
  // ledger person (job seeker). kNotFound when the user does not exist.
  virtual Status SetLinks(int64_t id, std::optional<int64_t> org_id, std::optional<int64_t> person_id) = 0;
  virtual Result<std::vector<User>> List() = 0;
  virtual Result<int64_t> Count() = 0;
};

class SessionRepository {
 public:
  virtual ~SessionRepository() = default;
  virtual Status Insert(const Session& session) = 0;
  virtual Result<Session> Find(const std::string& token_hash) = 0;  // kNotFound when absent.
  virtual Status Touch(const std::string& token_hash, Timestamp last_seen_at) = 0;
  virtual Status Delete(const std::string& token_hash) = 0;
  virtual Status DeleteForUser(int64_t user_id) = 0;
  // Removes sessions idle since before `idle_before`; returns how many.
  virtual Result<int64_t> DeleteIdle(Timestamp idle_before) = 0;
};

// Append-only. There is deliberately no update or delete.
class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  virtual Result<int64_t> Append(const AuditEntry& entry) = 0;
  // Newest first.
  virtual Result<std::vector<AuditEntry>> Query(const AuditFilter& filter) = 0;
  // Failed sign-ins since `since` for this username OR from this address (throttling; works
  // across processes because it reads the shared log).
  virtual Result<int64_t> CountFailedSignIns(const std::string& username,
                                             const std::string& remote_addr, Timestamp since) = 0;
};

class RegionRepository {
 public:
  virtual ~RegionRepository() = default;
  // Inserts or replaces by code, all in one transaction.
  virtual Status UpsertMany(const std::vector<Region>& regions) = 0;
  virtual Result<Region> Get(const std::string& code) = 0;  // kNotFound when absent.
  virtual Result<std::vector<Region>> Children(const std::string& parent_code) = 0;
  virtual Result<int64_t> Count() = 0;
  // The regions whose codes start with `prefix` ("" = all) down to `max_level` (1 province …
  // 5 village), in any order. Default: walks Children from the provinces; stores read them in
  // one statement.
  virtual Result<std::vector<Region>> Within(const std::string& prefix, int max_level) {
    std::vector<Region> out;
    std::vector<std::string> parents{""};
    for (int level = 1; level <= max_level && !parents.empty(); ++level) {
      std::vector<std::string> next;
      for (const auto& parent : parents) {
        BANGFU_ASSIGN_OR_RETURN(auto children, Children(parent));
        for (auto& c : children) {
          const size_t n = std::min(prefix.size(), c.code.size());
          if (c.code.compare(0, n, prefix, 0, n) != 0) continue;  // Neither inside nor above it.
          next.push_back(c.code);
          if (c.code.compare(0, prefix.size(), prefix) == 0) out.push_back(std::move(c));
        }
      }
      parents = std::move(next);
    }
    return out;
  }
};

// The database as a whole. Repositories are owned by the Store and live as long as it.
class Store {
 public:
  virtual ~Store() = default;
  virtual UserRepository& users() = 0;
  virtual SessionRepository& sessions() = 0;
  virtual AuditRepository& audit() = 0;
  virtual RegionRepository& regions() = 0;
  virtual PersonRepository& persons() = 0;
  virtual HouseholdRepository& households() = 0;
  virtual CalendarRepository& calendar() = 0;
  virtual RegistrationRepository& registrations() = 0;
  virtual EntitlementRepository& entitlements() = 0;
  virtual PolicyRunRepository& policy_runs() = 0;
  virtual PaymentBatchRepository& payment_batches() = 0;
  virtual OutboxRepository& outbox() = 0;
  virtual PolicyDataRepository& policy_data() = 0;
  virtual CaseRepository& cases() = 0;
  virtual PolicyParamRepository& policy_params() = 0;
  virtual JobRepository& jobs() = 0;

  // Runs `work` in one database transaction on the calling thread: every repository call it
  // makes on this thread joins the transaction. Commits when `work` returns ok, rolls back
  // when it returns an error (which is passed on) or throws.
  virtual Status InTransaction(const std::function<Status()>& work) = 0;

  // Runs every part in a read-only transaction, all parts seeing one snapshot of the store, and
  // returns the first error. A backend that can share a snapshot between connections runs the
  // parts in parallel, each on its own thread and connection (repository calls a part makes on
  // its thread join its transaction); otherwise — and inside InTransaction — they run one after
  // another on the calling thread. Parts must not write. Default: one after another in
  // InTransaction.
  virtual Status InReadSnapshot(const std::vector<std::function<Status()>>& parts) {
    return InTransaction([&]() -> Status {
      for (const auto& part : parts) BANGFU_RETURN_IF_ERROR(part());
      return OkStatus();
    });
  }

  // "sqlite" or "postgresql".
  virtual std::string BackendName() const = 0;
  virtual Result<int> SchemaVersion() = 0;
};

}  // namespace bangfu::service
