// Entitlements (待遇资格): what a policy run found that someone is owed, and the workflow that
// turns it into money — review, payment batch, payment — with a notice to the person or
// employer (政策找人 / 免申即享, 002 二(四)2).
//
// States and actions (every action audited):
//   pending  --approve-->  approved  --add to batch-->  batched  --batch paid-->  paid
//   pending  --reject (reason required)-->  rejected
//   approved --reject (reason required)-->  rejected       (before it is in a batch)
// A loan ceiling (kind loan-limit) stops at approved: it is an eligibility, not money.
// A candidate is identified by (rule, subject kind, subject id, period): re-running the same
// run finds the same keys and changes nothing; a candidate once rejected is not re-proposed by
// later runs (a human decided), but its key can be re-opened by staff (reopen → pending).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bangfu/base/date.h"
#include "bangfu/base/result.h"

namespace bangfu::service {

enum class EntitlementStatus { kPending, kApproved, kRejected, kBatched, kPaid };
const char* EntitlementStatusName(EntitlementStatus s);   // "pending", ...
const char* EntitlementStatusLabel(EntitlementStatus s);  // "待审核", ...
std::optional<EntitlementStatus> ParseEntitlementStatus(std::string_view name);

inline constexpr std::string_view kPaymentKind = "payment";
inline constexpr std::string_view kLoanLimitKind = "loan-limit";
// What people read for a kind: "补贴" (payment), "贷款额度" (loan-limit); other text as it is.
std::string_view EntitlementKindLabel(std::string_view kind);

struct Entitlement {
  int64_t id = 0;
  int64_t run_id = 0;           // The run that first found it.
  std::string pack_id;
  std::string rule_id;          // "RC-HIRE-GRAD"
  std::string rule_name;        // "一次性吸纳就业补贴（应届高校毕业生）"
  std::string clause;           // "二(一)1"
  std::string subject_kind;     // "person", "employment", "business", "internship", ...
  int64_t subject_id = 0;       // Store id of the subject record.
  std::string period;           // "" for once-only; "2026" per year; "2026-05" per month.
  int64_t person_id = 0;        // The person it is about; 0 for grants to a base or business.
  std::string person_name;
  std::string payee_kind;       // "person", "employer", "business", "base", "institution"
  int64_t payee_id = 0;
  std::string payee_name;
  int64_t amount_fen = 0;
  // "payment", or "loan-limit" (kind: loan-limit rules such as 创业担保贷款): amount_fen is
  // the most the payee may borrow. It is reviewed and noticed like a payment but never paid:
  // payment batches refuse it, and money totals leave it out.
  std::string kind = std::string(kPaymentKind);
  std::string region_code;      // 12-digit region for data scope (the person's, else payee's).
  Date as_of;                   // As-of date of the run that found it.
  std::string explanation;      // JSON text: the decision with every condition and value.
  EntitlementStatus status = EntitlementStatus::kPending;
  std::string reason;           // Reason of the last decision (required for rejection).
  int64_t decided_by = 0;
  std::string decided_by_name;
  std::optional<Timestamp> decided_at;
  int64_t batch_id = 0;         // 0 until in a payment batch.
  Timestamp created_at;
};

// One run of a pack over the population (bangfu policy run / 运行政策).
struct PolicyRun {
  int64_t id = 0;
  std::string pack_id;
  Date as_of;
  std::string scope;            // Region prefix the run covered.
  int64_t started_by = 0;
  std::string started_by_name;
  Timestamp started_at;
  Timestamp finished_at;
  int64_t subjects = 0;         // Subject rows evaluated (all rules).
  int64_t eligible = 0;         // Eligible decisions found by this run.
  int64_t undecidable = 0;      // Decisions that missing data left open.
  int64_t not_configured = 0;   // Rules skipped for a parameter without a value.
  int64_t new_candidates = 0;   // Entitlements this run added (the rest were known).
  int64_t new_amount_fen = 0;
  std::string summary;          // JSON text: per-rule counts.
};

enum class BatchStatus { kOpen, kPaid };
struct PaymentBatch {
  int64_t id = 0;
  std::string name;             // "2026年11月 吸纳就业补贴"
  std::string scope;
  BatchStatus status = BatchStatus::kOpen;
  int64_t created_by = 0;
  std::string created_by_name;
  Timestamp created_at;
  std::optional<Timestamp> paid_at;
  int64_t count = 0;
  int64_t total_fen = 0;
};

// A notice in the outbox: to a person (job seeker) or an employer.
struct Notice {
  int64_t id = 0;
  std::string recipient_kind;   // "person" or "employer" (any payee kind that can sign in)
  int64_t recipient_id = 0;
  int64_t entitlement_id = 0;
  std::string title;
  std::string body;
  Timestamp created_at;
  std::optional<Timestamp> sent_at;  // Set once the sender delivered it.
  std::string channel;          // The sender that delivered it ("log", "sms", ...).
};

struct EntitlementFilter {
  std::string region_prefix;    // Data scope; always set by the service.
  std::optional<EntitlementStatus> status;
  std::string rule_id;
  int64_t run_id = 0;
  int64_t batch_id = 0;
  int64_t person_id = 0;
  std::string payee_kind;
  int64_t payee_id = 0;
  int page = 1;                 // 1-based
  int size = 20;                // 1..500
};

struct EntitlementPage {
  std::vector<Entitlement> items;
  int64_t total = 0;
  int64_t total_fen = 0;        // Sum over the whole filtered set, not just this page;
                                // loan ceilings are not money and are left out.
};

class EntitlementRepository {
 public:
  virtual ~EntitlementRepository() = default;
  // Inserts the candidates whose key (rule_id, subject_kind, subject_id, period) is not stored
  // yet, assigning their ids in place; returns the indexes into `candidates` that were new.
  virtual Result<std::vector<size_t>> InsertNew(std::vector<Entitlement>& candidates) = 0;
  virtual Result<Entitlement> Get(int64_t id) = 0;  // kNotFound
  virtual Result<EntitlementPage> List(const EntitlementFilter& filter) = 0;
  // Sets status, reason, decider and batch of one entitlement.
  virtual Status UpdateState(const Entitlement& e) = 0;
};

class PolicyRunRepository {
 public:
  virtual ~PolicyRunRepository() = default;
  virtual Result<int64_t> Insert(const PolicyRun& run) = 0;
  virtual Status Update(const PolicyRun& run) = 0;   // The counts and finished_at.
  virtual Result<PolicyRun> Get(int64_t id) = 0;     // kNotFound
  virtual Result<std::vector<PolicyRun>> List(const std::string& region_prefix, int limit) = 0;  // Newest first.
};

class PaymentBatchRepository {
 public:
  virtual ~PaymentBatchRepository() = default;
  virtual Result<int64_t> Insert(const PaymentBatch& batch) = 0;
  virtual Status Update(const PaymentBatch& batch) = 0;  // status, paid_at, count, total
  virtual Result<PaymentBatch> Get(int64_t id) = 0;      // kNotFound
  virtual Result<std::vector<PaymentBatch>> List(const std::string& region_prefix) = 0;  // Newest first.
};

class OutboxRepository {
 public:
  virtual ~OutboxRepository() = default;
  virtual Result<int64_t> Insert(const Notice& notice) = 0;
  // Inserts every notice, in one statement batch where the store can. Default: one by one.
  virtual Status InsertMany(const std::vector<Notice>& notices) {
    for (const auto& n : notices) {
      auto id = Insert(n);
      if (!id.ok()) return id.error();
    }
    return OkStatus();
  }
  virtual Status MarkSent(int64_t id, Timestamp at, const std::string& channel) = 0;
  virtual Result<std::vector<Notice>> ForRecipient(const std::string& kind, int64_t id, int limit) = 0;
  virtual Result<std::vector<Notice>> Unsent(int limit) = 0;  // Oldest first.
};

// Delivers notices. Pluggable: SMS gateways, 政务服务 apps; the default one writes a log line
// (the notice is also on the recipient's own page, read from the outbox).
class NoticeSender {
 public:
  virtual ~NoticeSender() = default;
  virtual std::string Channel() const = 0;
  // kUnavailable when delivery failed; the notice stays unsent and is retried.
  virtual Status Send(const Notice& notice) = 0;
};

}  // namespace bangfu::service
