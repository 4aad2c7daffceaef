// In-memory service::Store for unit tests of service/ and http/. Thread-safe; transactions
// are emulated by snapshotting all tables and restoring them on failure (one transaction at a
// time, which is all the tests need).
#pragma once

#include <algorithm>
#include <map>
#include <mutex>
#include <thread>

#include "bangfu/service/ports.h"

namespace bangfu::testing {

class FakeStore final : public service::Store {
 public:
  service::UserRepository& users() override { return users_; }
  service::SessionRepository& sessions() override { return sessions_; }
  service::AuditRepository& audit() override { return audit_; }
  service::RegionRepository& regions() override { return regions_; }
  // The ledger is tested against the real SQLite store (tests/store): the fake has no ledger.
  service::PersonRepository& persons() override { return no_persons_; }
  service::HouseholdRepository& households() override { return no_households_; }
  service::CalendarRepository& calendar() override { return no_calendar_; }
  service::RegistrationRepository& registrations() override { return no_registrations_; }
  service::EntitlementRepository& entitlements() override { return no_entitlements_; }
  service::PolicyRunRepository& policy_runs() override { return no_runs_; }
  service::PaymentBatchRepository& payment_batches() override { return no_batches_; }
  service::OutboxRepository& outbox() override { return no_outbox_; }
  service::PolicyDataRepository& policy_data() override { return no_policy_data_; }
  service::CaseRepository& cases() override { return no_cases_; }
  service::PolicyParamRepository& policy_params() override { return no_policy_params_; }
  service::JobRepository& jobs() override { return no_jobs_; }
  std::string BackendName() const override { return "fake"; }
  Result<int> SchemaVersion() override { return 1; }

  Status InTransaction(const std::function<Status()>& work) override {
    std::unique_lock tx(tx_mu_, std::defer_lock);
    if (tx_owner_ != std::this_thread::get_id()) {
      tx.lock();
      tx_owner_ = std::this_thread::get_id();
    } else {
      return work();  // Nested: joins the outer transaction.
    }
    Tables snapshot;
    {
      std::lock_guard l(mu_);
      snapshot = t_;
    }
    Status s = [&]() -> Status {
      try {
        return work();
      } catch (...) {
        return Error::Internal("exception in transaction");
      }
    }();
    if (!s.ok()) {
      std::lock_guard l(mu_);
      t_ = std::move(snapshot);
    }
    tx_owner_ = {};
    return s;
  }

  // Test hooks.
  size_t audit_size() {
    std::lock_guard l(mu_);
    return t_.audit.size();
  }
  std::vector<service::AuditEntry> all_audit() {
    std::lock_guard l(mu_);
    return t_.audit;
  }

 private:
  struct Tables {
    std::map<int64_t, service::User> users;
    int64_t next_user_id = 1;
    std::map<std::string, service::Session> sessions;
    std::vector<service::AuditEntry> audit;
    std::map<std::string, service::Region> regions;
  };

  struct Users final : service::UserRepository {
    FakeStore& f;
    explicit Users(FakeStore& f) : f(f) {}
    std::mutex& mu_ = f.mu_;
    Tables& t_ = f.t_;
  Result<int64_t> Insert(const service::User& user) override {
    std::lock_guard l(mu_);
    for (auto& [id, u] : t_.users)
      if (u.username == user.username) return Error::Conflict("用户名已存在", "username");
    service::User copy = user;
    copy.id = t_.next_user_id++;
    t_.users[copy.id] = copy;
    return copy.id;
  }
  Result<service::User> FindById(int64_t id) override {
    std::lock_guard l(mu_);
    auto it = t_.users.find(id);
    if (it == t_.users.end()) return Error::NotFound("用户不存在");
    return it->second;
  }
  Result<service::User> FindByUsername(const std::string& username) override {
    std::lock_guard l(mu_);
    for (auto& [id, u] : t_.users)
      if (u.username == username) return u;
    return Error::NotFound("用户不存在");
  }
  Status UpdatePassword(int64_t id, const std::string& hash, Timestamp at) override {
    std::lock_guard l(mu_);
    auto it = t_.users.find(id);
    if (it == t_.users.end()) return Error::NotFound("用户不存在");
    it->second.password_hash = hash;
    it->second.password_changed_at = at;
    return OkStatus();
  }
  Status SetLinks(int64_t id, std::optional<int64_t> org_id, std::optional<int64_t> person_id) override {
    std::lock_guard l(mu_);
    auto it = t_.users.find(id);
    if (it == t_.users.end()) return Error::NotFound("用户不存在");
    it->second.org_id = org_id;
    it->second.person_id = person_id;
    return OkStatus();
  }
  Status SetDisabled(int64_t id, bool disabled) override {
    std::lock_guard l(mu_);
    auto it = t_.users.find(id);
    if (it == t_.users.end()) return Error::NotFound("用户不存在");
    it->second.disabled = disabled;
    return OkStatus();
  }
  Result<std::vector<service::User>> List() override {
    std::lock_guard l(mu_);
    std::vector<service::User> out;
    for (auto& [id, u] : t_.users) out.push_back(u);
    return out;
  }
  Result<int64_t> Count() override {
    std::lock_guard l(mu_);
    return static_cast<int64_t>(t_.users.size());
  }

  };
  struct Sessions final : service::SessionRepository {
    FakeStore& f;
    explicit Sessions(FakeStore& f) : f(f) {}
    std::mutex& mu_ = f.mu_;
    Tables& t_ = f.t_;
  Status Insert(const service::Session& s) override {
    std::lock_guard l(mu_);
    t_.sessions[s.token_hash] = s;
    return OkStatus();
  }
  Result<service::Session> Find(const std::string& token_hash) override {
    std::lock_guard l(mu_);
    auto it = t_.sessions.find(token_hash);
    if (it == t_.sessions.end()) return Error::NotFound("会话不存在");
    return it->second;
  }
  Status Touch(const std::string& token_hash, Timestamp at) override {
    std::lock_guard l(mu_);
    auto it = t_.sessions.find(token_hash);
    if (it != t_.sessions.end()) it->second.last_seen_at = at;
    return OkStatus();
  }
  Status Delete(const std::string& token_hash) override {
    std::lock_guard l(mu_);
    t_.sessions.erase(token_hash);
    return OkStatus();
  }
  Status DeleteForUser(int64_t user_id) override {
    std::lock_guard l(mu_);
    std::erase_if(t_.sessions, [&](auto& kv) { return kv.second.user_id == user_id; });
    return OkStatus();
  }
  Result<int64_t> DeleteIdle(Timestamp idle_before) override {
    std::lock_guard l(mu_);
    return static_cast<int64_t>(std::erase_if(
        t_.sessions, [&](auto& kv) { return kv.second.last_seen_at < idle_before; }));
  }

  };
  struct Audit final : service::AuditRepository {
    FakeStore& f;
    explicit Audit(FakeStore& f) : f(f) {}
    std::mutex& mu_ = f.mu_;
    Tables& t_ = f.t_;
  Result<int64_t> Append(const service::AuditEntry& e) override {
    std::lock_guard l(mu_);
    service::AuditEntry copy = e;
    copy.id = static_cast<int64_t>(t_.audit.size()) + 1;
    t_.audit.push_back(copy);
    return copy.id;
  }
  Result<std::vector<service::AuditEntry>> Query(const service::AuditFilter& f) override {
    std::lock_guard l(mu_);
    std::vector<service::AuditEntry> out;
    for (auto it = t_.audit.rbegin(); it != t_.audit.rend(); ++it) {
      const auto& e = *it;
      if (f.before_id && e.id >= f.before_id) continue;
      if (f.from && e.at < *f.from) continue;
      if (f.to && !(e.at < *f.to)) continue;
      if (!f.username.empty() && e.username != f.username) continue;
      if (!f.action.empty() && e.action.rfind(f.action, 0) != 0) continue;
      if (!f.object_type.empty() && e.object_type != f.object_type) continue;
      if (!f.object_id.empty() && e.object_id != f.object_id) continue;
      if (!f.region_prefix.empty() && !e.region_code.empty() &&
          e.region_code.rfind(f.region_prefix, 0) != 0)
        continue;
      out.push_back(e);
      if (static_cast<int>(out.size()) >= f.limit) break;
    }
    return out;
  }
  Result<int64_t> CountFailedSignIns(const std::string& username, const std::string& addr,
                                     Timestamp since) override {
    std::lock_guard l(mu_);
    int64_t n = 0;
    for (auto& e : t_.audit)
      if (e.action == "session.sign_in_failed" && !(e.at < since) &&
          (e.username == username || e.remote_addr == addr))
        ++n;
    return n;
  }

  };
  struct Regions final : service::RegionRepository {
    FakeStore& f;
    explicit Regions(FakeStore& f) : f(f) {}
    std::mutex& mu_ = f.mu_;
    Tables& t_ = f.t_;
  Status UpsertMany(const std::vector<service::Region>& regions) override {
    std::lock_guard l(mu_);
    for (auto& r : regions) t_.regions[r.code] = r;
    return OkStatus();
  }
  Result<service::Region> Get(const std::string& code) override {
    std::lock_guard l(mu_);
    auto it = t_.regions.find(code);
    if (it == t_.regions.end()) return Error::NotFound("行政区划不存在", "code");
    return it->second;
  }
  Result<std::vector<service::Region>> Children(const std::string& parent) override {
    std::lock_guard l(mu_);
    std::vector<service::Region> out;
    for (auto& [c, r] : t_.regions)
      if (r.parent_code == parent) out.push_back(r);
    return out;
  }
  Result<int64_t> Count() override {
    std::lock_guard l(mu_);
    return static_cast<int64_t>(t_.regions.size());
  }
  };

  static Error NoLedger() { return Error::Unavailable("FakeStore has no ledger tables"); }
  struct NoPersons final : service::PersonRepository {
    Result<int64_t> Insert(const service::Person&) override { return NoLedger(); }
    Status InsertMany(std::vector<service::Person>&, const service::StatusChange*) override { return NoLedger(); }
    Result<std::unique_ptr<BulkLoad>> BeginBulkLoad(size_t) override { return NoLedger(); }
    Status Update(const service::Person&) override { return NoLedger(); }
    Result<service::Person> Get(int64_t) override { return NoLedger(); }
    Result<int64_t> Count() override { return NoLedger(); }
    Result<service::Person> FindByIdNumberHash(const std::string&) override { return NoLedger(); }
    Result<std::vector<int64_t>> FindByNameAndBirth(const std::string&, Date) override { return NoLedger(); }
    Result<service::PersonPage> List(const service::PersonFilter&) override { return NoLedger(); }
    Result<Changes> ChangedSince(int64_t) override { return NoLedger(); }
    Result<int64_t> ChangePosition() override { return NoLedger(); }
    Result<std::vector<std::pair<std::string, int64_t>>> AllIdNumberHashes() override { return NoLedger(); }
    Status AppendStatus(const service::StatusChange&) override { return NoLedger(); }
    Status AppendStatuses(const std::vector<service::StatusChange>&) override { return NoLedger(); }
    Result<std::vector<std::pair<std::string, int64_t>>> AllNameBirthKeys() override { return NoLedger(); }
    Result<std::vector<service::StatusChange>> StatusHistory(int64_t) override { return NoLedger(); }
    Status AppendContact(const service::Contact&) override { return NoLedger(); }
    Result<std::vector<service::Contact>> Contacts(int64_t) override { return NoLedger(); }
  };
  struct NoHouseholds final : service::HouseholdRepository {
    Result<int64_t> Insert(const service::Household&) override { return NoLedger(); }
    Result<service::Household> Get(int64_t) override { return NoLedger(); }
    Result<std::optional<int64_t>> FindByKey(const std::string&) override { return NoLedger(); }
    Status SetZeroEmployment(int64_t, bool, std::optional<Date>) override { return NoLedger(); }
  };
  struct NoCalendar final : service::CalendarRepository {
    Status ReplaceAll(const std::vector<service::CalendarDay>&) override { return NoLedger(); }
    Result<std::vector<service::CalendarDay>> All() override { return NoLedger(); }
  };
  struct NoRegistrations final : service::RegistrationRepository {
    Result<int64_t> Insert(const service::UnemploymentRegistration&) override { return NoLedger(); }
    Result<service::UnemploymentRegistration> Get(int64_t) override { return NoLedger(); }
    Status Update(const service::UnemploymentRegistration&) override { return NoLedger(); }
    Result<std::vector<service::RegistrationView>> List(const std::string&, const std::string&) override { return NoLedger(); }
    Result<std::vector<service::UnemploymentRegistration>> ForPerson(int64_t) override { return NoLedger(); }
  };
  // The entitlement workflow is likewise tested against the real stores.
  struct NoEntitlements final : service::EntitlementRepository {
    Result<std::vector<size_t>> InsertNew(std::vector<service::Entitlement>&) override { return NoLedger(); }
    Result<service::Entitlement> Get(int64_t) override { return NoLedger(); }
    Result<service::EntitlementPage> List(const service::EntitlementFilter&) override { return NoLedger(); }
    Status UpdateState(const service::Entitlement&) override { return NoLedger(); }
  };
  struct NoRuns final : service::PolicyRunRepository {
    Result<int64_t> Insert(const service::PolicyRun&) override { return NoLedger(); }
    Status Update(const service::PolicyRun&) override { return NoLedger(); }
    Result<service::PolicyRun> Get(int64_t) override { return NoLedger(); }
    Result<std::vector<service::PolicyRun>> List(const std::string&, int) override { return NoLedger(); }
  };
  struct NoBatches final : service::PaymentBatchRepository {
    Result<int64_t> Insert(const service::PaymentBatch&) override { return NoLedger(); }
    Status Update(const service::PaymentBatch&) override { return NoLedger(); }
    Result<service::PaymentBatch> Get(int64_t) override { return NoLedger(); }
    Result<std::vector<service::PaymentBatch>> List(const std::string&) override { return NoLedger(); }
  };
  struct NoOutbox final : service::OutboxRepository {
    Result<int64_t> Insert(const service::Notice&) override { return NoLedger(); }
    Status MarkSent(int64_t, Timestamp, const std::string&) override { return NoLedger(); }
    Result<std::vector<service::Notice>> ForRecipient(const std::string&, int64_t, int) override { return NoLedger(); }
    Result<std::vector<service::Notice>> Unsent(int) override { return NoLedger(); }
  };
  NoEntitlements no_entitlements_;
  NoRuns no_runs_;
  NoBatches no_batches_;
  NoOutbox no_outbox_;
  struct NoPolicyData final : service::PolicyDataRepository {
    using S = service::DataScope;
    template <typename T>
    using Sink = service::BatchSink<T>;
    Status UpsertEmployers(std::vector<service::Employer>&) override { return NoLedger(); }
    Status UpsertEmployments(std::vector<service::Employment>&) override { return NoLedger(); }
    Status UpsertContributions(const std::vector<service::Contribution>&) override { return NoLedger(); }
    Status UpsertBusinesses(std::vector<service::Business>&) override { return NoLedger(); }
    Status UpsertInternships(std::vector<service::Internship>&) override { return NoLedger(); }
    Status UpsertTrainings(std::vector<service::Training>&) override { return NoLedger(); }
    Status UpsertPlacements(std::vector<service::Placement>&) override { return NoLedger(); }
    Status UpsertDibaoPayments(const std::vector<service::DibaoPayment>&) override { return NoLedger(); }
    Status UpsertPaidSubsidies(std::vector<service::PaidSubsidy>&) override { return NoLedger(); }
    Status UpsertRecognitions(std::vector<service::EmployerRecognition>&) override { return NoLedger(); }
    Result<std::vector<std::pair<std::string, int64_t>>> EmployerIdsByCode() override { return NoLedger(); }
    Result<int64_t> Count(service::DataTable) override { return NoLedger(); }
    Result<service::Employer> GetEmployer(int64_t) override { return NoLedger(); }
    Status ScanPersons(const S&, const Sink<service::PersonFacts>&) override { return NoLedger(); }
    Status ScanCategories(const S&, const Sink<service::CategoryFacts>&) override { return NoLedger(); }
    Status HouseholdsById(const std::vector<int64_t>&, const Sink<service::HouseholdFacts>&) override { return NoLedger(); }
    Status PersonLabels(const std::vector<int64_t>&, const Sink<service::PersonLabel>&) override { return NoLedger(); }
    Status ScanEmployers(const S&, const Sink<service::Employer>&) override { return NoLedger(); }
    Status EmployersById(const std::vector<int64_t>&, const Sink<service::Employer>&) override { return NoLedger(); }
    Status ScanEmployments(const S&, const Sink<service::Employment>&) override { return NoLedger(); }
    Status ScanContributions(const S&, const Sink<service::Contribution>&) override { return NoLedger(); }
    Status ScanInternships(const S&, const Sink<service::Internship>&) override { return NoLedger(); }
    Status ScanTrainings(const S&, const Sink<service::Training>&) override { return NoLedger(); }
    Status ScanPlacements(const S&, const Sink<service::Placement>&) override { return NoLedger(); }
    Status ScanDibaoPayments(const S&, const Sink<service::DibaoPayment>&) override { return NoLedger(); }
    Status ScanPaidSubsidies(const S&, const Sink<service::PaidSubsidy>&) override { return NoLedger(); }
    Status ScanBusinesses(const S&, const Sink<service::Business>&) override { return NoLedger(); }
    Status ScanRecognitions(const Sink<service::EmployerRecognition>&) override { return NoLedger(); }
    Status ScanCasePersons(const S&, const Sink<service::CasePersonFacts>&) override { return NoLedger(); }
    Status ScanServiceFacts(const S&, const Sink<service::ServiceFacts>&) override { return NoLedger(); }
    Status ScanOpenPlans(const S&, const Sink<service::OpenPlanFacts>&) override { return NoLedger(); }
    Status ScanOpenSteps(const S&, const Sink<service::OpenStepFacts>&) override { return NoLedger(); }
    Status ScanRegistrations(const S&, const Sink<service::RegistrationFacts>&) override { return NoLedger(); }
  };
  // Case work is tested against the real stores (tests/store/casework_test.cc).
  struct NoCases final : service::CaseRepository {
    Result<std::optional<service::PersonNeeds>> GetNeeds(int64_t) override { return NoLedger(); }
    Status UpsertNeeds(const service::PersonNeeds&) override { return NoLedger(); }
    Result<int64_t> InsertService(const service::ServiceRecord&) override { return NoLedger(); }
    Result<service::ServiceRecord> GetService(int64_t) override { return NoLedger(); }
    Status SetServiceOutcome(int64_t, const std::string&, Timestamp) override { return NoLedger(); }
    Result<std::vector<service::ServiceRecord>> ServicesForPerson(int64_t) override { return NoLedger(); }
    Result<std::optional<service::ServiceRecord>> FindReferral(int64_t, int64_t, Date) override { return NoLedger(); }
    Result<std::vector<service::ServiceRecord>> ReferralsToEmployer(int64_t, int) override { return NoLedger(); }
    Result<std::optional<service::AssistancePlan>> CurrentPlan(int64_t) override { return NoLedger(); }
    Result<std::vector<service::AssistancePlan>> PlansForPerson(int64_t) override { return NoLedger(); }
    Status InsertPlan(service::AssistancePlan&) override { return NoLedger(); }
    Status UpdatePlan(service::AssistancePlan&) override { return NoLedger(); }
    Status InsertRevision(const service::PlanRevision&) override { return NoLedger(); }
    Result<std::vector<service::PlanRevision>> Revisions(int64_t) override { return NoLedger(); }
    Result<std::optional<service::CaseAssignment>> GetAssignment(int64_t) override { return NoLedger(); }
    Status UpsertAssignment(const service::CaseAssignment&) override { return NoLedger(); }
    Result<int64_t> ApplyRule(const service::AssignmentRule&, Date, Timestamp) override { return NoLedger(); }
    Result<std::vector<service::CaseChange>> ChangedAfter(int64_t, int64_t) override { return NoLedger(); }
    Status SyncResponsible(int64_t, int64_t, Timestamp) override { return NoLedger(); }
    Status InsertAssignments(const std::vector<service::CaseAssignment>&) override { return NoLedger(); }
    Result<std::vector<service::AssignmentRule>> Rules() override { return NoLedger(); }
    Status UpsertRule(const service::AssignmentRule&) override { return NoLedger(); }
    Status DeleteRule(const std::string&) override { return NoLedger(); }
  };
  NoCases no_cases_;
  struct NoJobs final : service::JobRepository {
    using J = service::JobPosting;
    Result<int64_t> UpsertOccupations(const std::vector<service::OccupationRow>&) override { return NoLedger(); }
    Result<std::vector<service::OccupationRow>> Occupations() override { return NoLedger(); }
    Result<int64_t> InsertWarning(const service::EmployerWarning&) override { return NoLedger(); }
    Status UpdateWarning(const service::EmployerWarning&) override { return NoLedger(); }
    Status DeleteWarning(int64_t) override { return NoLedger(); }
    Result<service::EmployerWarning> GetWarning(int64_t) override { return NoLedger(); }
    Result<std::vector<service::EmployerWarning>> Warnings(const std::vector<int64_t>&) override { return NoLedger(); }
    Result<int64_t> InsertPosting(const J&) override { return NoLedger(); }
    Status UpdatePosting(const J&) override { return NoLedger(); }
    Result<J> GetPosting(int64_t) override { return NoLedger(); }
    Result<std::optional<J>> FindPostingByKey(const std::string&) override { return NoLedger(); }
    Result<service::PostingPage> ListPostings(const service::PostingFilter&) override { return NoLedger(); }
    Result<std::vector<J>> PostingsWithStatus(const std::string&, const std::string&) override { return NoLedger(); }
    Result<std::vector<std::pair<int64_t, int64_t>>> PublishedSalaries(const std::string&, int64_t) override {
      return NoLedger();
    }
    Result<std::vector<service::Person>> MatchPersons(const std::string&) override { return NoLedger(); }
    Result<std::vector<service::Person>> MatchPersonsIn(const std::vector<std::pair<int64_t, int64_t>>&) override {
      return NoLedger();
    }
    Result<std::vector<J>> PostingsUpdatedAfter(int64_t) override { return NoLedger(); }
    Result<int64_t> SaveMatchRun(service::MatchRun, const std::vector<service::MatchResultRow>&) override {
      return NoLedger();
    }
    Result<std::vector<service::MatchResultRow>> MatchResults(const std::string&, int64_t) override {
      return NoLedger();
    }
  };
  NoJobs no_jobs_;
  NoCalendar no_calendar_;
  NoRegistrations no_registrations_;
  NoPolicyData no_policy_data_;
  struct NoPolicyParams final : service::PolicyParamRepository {
    Result<int64_t> Insert(const service::PolicyParamValue&) override { return NoLedger(); }
    Result<std::vector<service::PolicyParamValue>> List(const std::string&) override {
      return NoLedger();
    }
  };
  NoPolicyParams no_policy_params_;
  NoPersons no_persons_;
  NoHouseholds no_households_;

  std::mutex mu_;
  std::mutex tx_mu_;
  std::thread::id tx_owner_;
  Tables t_;
  Users users_{*this};
  Sessions sessions_{*this};
  Audit audit_{*this};
  Regions regions_{*this};
};

}  // namespace bangfu::testing
