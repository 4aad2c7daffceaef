// Use cases of the real-name ledger: people, their status history, contacts and households.
//
// Every call checks the caller's role and data scope: a person whose region lies outside the
// caller's scope does not exist for them (kNotFound). Every change and every read of an
// unmasked identifier is audited in the same transaction as the change.
#pragma once

#include <functional>
#include <mutex>
#include <shared_mutex>
#include <optional>
#include <unordered_set>
#include <string>
#include <vector>

#include "bangfu/base/clock.h"
#include "bangfu/base/result.h"
#include "bangfu/domain/identity.h"
#include "bangfu/service/audit_service.h"
#include "bangfu/service/ledger.h"
#include "bangfu/service/person_export.h"
#include "bangfu/service/personal_data.h"
#include "bangfu/service/ports.h"

namespace bangfu::service {

struct ContactInput {
  Date date;
  std::string channel;         // Contact channel id or label ("phone" / "电话" ...).
  std::string classification;  // "employed" / "unemployed" / "no_intention" (or labels).
  std::string notes;
};

// Work a person found (a referral marked hired, a plan closed with an employment outcome).
struct EmploymentFound {
  std::optional<int64_t> employer_id;  // The employment record is written only when known.
  std::string kind;                    // domain::EmploymentKind id (decides the new status).
  Date start;                          // Also the effective date of the status change.
  int32_t contract_months = -1;        // -1 unknown, 0 none, kOpenEndedContractMonths.
  std::string source;                  // employments.source, e.g. "岗位推荐".
  std::string external_key;            // employments.external_key: writing again updates it.
  std::string detail;                  // Status history detail: employer and job.
  std::string reason;                  // Status history reason, e.g. "岗位推荐录用".
};

// One dated event of a person's case, as the person page's timeline shows it (newest first):
// every thing the ledger and the case work hold a date for.
struct TimelineEvent {
  // status (就业状态变更), contact (联系), service (服务记录; a job referral is one, with its
  // outcome), plan_opened / plan_closed (帮扶计划), registration_lodged /
  // registration_completed / registration_rejected (失业登记), category_start / category_end
  // (人员类别; an end only once it has passed).
  std::string kind;
  // The machine value the event is about: the status id, the contact's classification, the
  // service kind, the plan's close outcome, the registration's status, the category id.
  std::string code;
  std::string kind_label;       // The kind in Chinese: 状态变更, 联系, 岗位推荐, 帮扶计划 …
  Date date;                    // When it happened (effective / service / applied … date).
  Timestamp recorded_at;        // When it was written (orders events of one day); 0 unknown.
  std::string title;            // One line in Chinese.
  std::string detail;           // Reason, notes, outcome, source; "" when none.
  int64_t by_user_id = 0;       // Who recorded it; 0 = an import, a rule or unknown.
  std::string by_name;          // Their display name ("" with by_user_id 0).
  int64_t ref_id = 0;           // The id of the row in its own table (status change, service …).
};

struct PersonTimeline {
  std::vector<TimelineEvent> items;  // The page asked for, newest first.
  int64_t total = 0;                 // Events in the whole timeline.
};

class PersonService {
 public:
  PersonService(Store& store, AuditService& audit, const Clock& clock,
                const PersonalDataCipher* cipher)
      : store_(store), audit_(audit), clock_(clock), cipher_(cipher) {}

  // Validates every field (kInvalidArgument naming it), encrypts the identifiers, and stores
  // the person with a first status-history entry. kConflict (field "id_number") when the ID
  // number is already in the ledger.
  Result<Person> Create(const RequestContext& ctx, const PersonInput& in);
  // Replaces the editable fields; `version` must be the one the caller read (kConflict else).
  // A status change made here is recorded in the history like ChangeStatus.
  Result<Person> Update(const RequestContext& ctx, int64_t id, const PersonInput& in,
                        int64_t version, const std::string& reason);
  Result<Person> Get(const RequestContext& ctx, int64_t id);
  // The clear ID number or mobile ("id_number" / "mobile"), for roles that need it; audited.
  Result<std::string> Reveal(const RequestContext& ctx, int64_t id, const std::string& field);
  Result<PersonPage> List(const RequestContext& ctx, PersonFilter filter,
                          const std::string& id_number = {}, const std::string& mobile = {});
  // Every person matching `filter` (page and size ignored) as an XLSX file; masked unless
  // `unmasked` (roles that may reveal only). Audited as person.export / person.export_unmasked
  // with `filter_text` and the row count. Implemented in person_export.cc.
  Result<ExportResult> ExportXlsx(const RequestContext& ctx, PersonFilter filter, bool unmasked,
                                  const std::string& filter_text);
  Status ChangeStatus(const RequestContext& ctx, int64_t id, const std::string& status,
                      Date effective, const std::string& detail, const std::string& reason);
  Status RecordContact(const RequestContext& ctx, int64_t id, const ContactInput& in);
  // The one place work found reaches the ledger: upserts the employment record the rules engine
  // reads (when the employer is known) and changes the person's status to the one `e.kind`
  // implies, with history (who, when, e.reason), household zero-employment recomputed and
  // audit — through the same steps as ChangeStatus — unless the person already has that status.
  // The caller has read the person through its own scope check and authorised the change (the
  // referral's employer, staff in scope): this checks no role. kInvalidArgument (field
  // "start_date") when e.start is after today or before the person turned 14. Runs in (or
  // joins) one transaction; returns the employment id (nullopt when none was written). Call
  // NotifyChanged after the outermost transaction commits.
  Result<std::optional<int64_t>> RecordEmployment(const RequestContext& ctx, int64_t person_id,
                                                  const EmploymentFound& e);
  // Tells the OnChange listener that the person changed (after a caller's transaction).
  void NotifyChanged(int64_t id) { Changed(id); }
  // Every dated event of the person (TimelineEvent), newest first — by date, then by when it
  // was written — as page `page` (1-based) of `size` (1..200) events. Same role and scope
  // checks as Get; like Get it writes no audit entry (no identifier is shown in clear).
  // kInvalidArgument naming "page" or "size" when out of range. Implemented in
  // person_timeline.cc.
  Result<PersonTimeline> Timeline(const RequestContext& ctx, int64_t id, int64_t page = 1, int64_t size = 50);
  Result<Household> GetHousehold(const RequestContext& ctx, int64_t id);

  // Validation shared with the importer: builds the stored form of `in` (identifiers
  // encrypted) without touching the store except to check regions. `today` bounds dates.
  Result<Person> Build(const RequestContext& ctx, const PersonInput& in, Date today);
  // Build's first step, which the importer also needs on its own to find people already in
  // the ledger: the parsed ID number and its blind index (kInvalidArgument when invalid).
  struct Identity {
    domain::IdNumber id;
    std::string blind_index;
  };
  Result<Identity> Identify(std::string_view id_number, Date today) const;
  // Build with the identity of in.id_number already worked out by Identify.
  Result<Person> Build(const RequestContext& ctx, const PersonInput& in, Date today, Identity identity);
  // Build for a person already in the ledger: where the ID or mobile number is the one
  // `stored` holds (same blind index), its ciphertext is kept rather than encrypted afresh, so
  // an unchanged value costs no encryption and leaves no churn in the row.
  Result<Person> Build(const RequestContext& ctx, const PersonInput& in, Date today, const Person& stored);
  // Recomputes a household's zero-employment flag from its members (call inside the
  // transaction that changed a member).
  Status RecomputeHousehold(int64_t household_id, Date today);
  // Finds or creates the household for an import/demo key in `region`.
  Result<int64_t> HouseholdForKey(const std::string& key, const std::string& region);

  // The blind index of an ID number as the ledger stores it; kInvalidArgument when invalid.
  Result<std::string> BlindIndexOf(const std::string& id_number, Date today) const;

  // Called with the person's id after every committed change made here (creation, update,
  // status change, contact), e.g. to keep the matcher current. Set once while wiring.
  void OnChange(std::function<void(int64_t)> listener) { on_change_ = std::move(listener); }
  // Called after a bulk write committed many people at once (the person and data imports),
  // in place of OnChange per person. Set once while wiring.
  void OnBulkChange(std::function<void()> listener) { on_bulk_change_ = std::move(listener); }
  void BulkChanged() {
    if (on_bulk_change_) on_bulk_change_();
  }

  static bool CanWrite(Role role);
  static bool CanReveal(Role role);

 private:
  // Build's body; `stored`, when given, lends its ciphertexts to unchanged values.
  Result<Person> BuildFrom(const RequestContext& ctx, const PersonInput& in, Date today, Identity identity,
                           const Person* stored);
  Result<Person> Visible(const RequestContext& ctx, int64_t id);
  // Stores `p` with its new status and appends the history entry, recomputes the household and
  // audits; inside the caller's transaction.
  Status WriteStatus(const RequestContext& ctx, Person& p, const std::string& old_status,
                     const std::string& detail, const std::string& reason, Date today);
  void Changed(int64_t id) {
    if (on_change_) on_change_(id);
  }
  Status Require(const RequestContext& ctx, bool write);

  // Region codes known to exist (divisions are only ever added): bulk imports validate two
  // regions per row without a query each.
  Result<bool> RegionExists(const std::string& code);

  Store& store_;
  AuditService& audit_;
  const Clock& clock_;
  const PersonalDataCipher* cipher_;
  std::shared_mutex regions_mu_;  // Read by every import thread, written once per new region.
  std::unordered_set<std::string> known_regions_;
  std::function<void(int64_t)> on_change_;
  std::function<void()> on_bulk_change_;
};

}  // namespace bangfu::service
