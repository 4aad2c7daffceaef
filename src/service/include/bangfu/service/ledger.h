// The real-name ledger (实名制台账): people, their categories, status history, households,
// contacts and unemployment registrations.
//
// Personal identifiers are never stored in clear: see personal_data.h. Person carries the
// masked forms for lists, and the ciphertext + blind index for the store.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bangfu/base/date.h"
#include "bangfu/base/result.h"

namespace bangfu::service {

// A category the person belongs to over a period (低保家庭 from 2023-01-01 to 2024-12-31 ...).
struct CategoryPeriod {
  std::string category;         // Stable id, e.g. "graduate", "dibao" (domain categories).
  Date valid_from;
  std::optional<Date> valid_to;  // Inclusive; empty = open-ended.
  std::string source;           // Evidence: "教委移交名单 2024", "民政低保名单" ...
  bool ActiveAt(Date d) const { return !(d < valid_from) && (!valid_to || !(*valid_to < d)); }
};

// One change of employment status, kept forever.
struct StatusChange {
  int64_t id = 0;
  int64_t person_id = 0;
  std::string status;           // Domain employment-status id ("unemployed", "employed_employer" ...).
  std::string detail;           // Employer name, business, school ... as recorded.
  Date effective;               // When the status took effect in reality.
  Timestamp recorded_at;
  int64_t recorded_by = 0;      // User id; 0 for imports by the CLI.
  std::string recorded_by_name;
  std::string reason;           // Why it changed ("电话回访确认已入职" ...).
};

struct Person {
  int64_t id = 0;
  // Identity. id_number_* and mobile_* are filled by the service from the clear values.
  std::string id_number_cipher;
  std::string id_number_hash;
  std::string id_number_masked;  // "500153********123X"
  std::string name;
  Date birth_date;
  char sex = 'U';                // 'M' or 'F', derived from the ID number.
  std::string mobile_cipher;
  std::string mobile_hash;
  std::string mobile_masked;     // "138****5678"
  // Where: 12-digit region codes. region_code is the one that decides data scope: the
  // residence when known, else the household registration.
  std::string hukou_region;
  std::string residence_region;
  std::string region_code;
  // Education.
  std::string education;         // Domain education id ("bachelor" ...).
  std::string school;
  std::string major;
  std::optional<Date> graduation_date;
  // Wishes.
  std::vector<std::string> skills;
  std::string desired_occupation;  // Free text as the person said it; normalised by match/.
  std::string desired_region;
  int64_t expected_salary_min = 0;  // Yuan per month; 0 = not said.
  int64_t expected_salary_max = 0;
  bool able_to_work = true;
  bool wants_work = true;
  // State.
  std::vector<CategoryPeriod> categories;
  std::string status;            // Current employment status id.
  Date status_since;
  std::optional<int64_t> household_id;
  std::optional<int64_t> responsible_user_id;
  std::optional<Date> last_contact;
  int64_t version = 0;           // Optimistic concurrency: updates name the version they read.
  Timestamp created_at;
  Timestamp updated_at;
};

struct Contact {
  int64_t id = 0;
  int64_t person_id = 0;
  Date date;
  std::string channel;           // "phone", "visit", "online".
  std::string classification;    // "employed", "unemployed", "no_intention" (004 二(六)).
  std::string notes;
  int64_t staff_id = 0;
  Timestamp recorded_at;
};

struct Household {
  int64_t id = 0;
  std::string region_code;
  std::string address;
  std::string external_key;      // The household number of the list it came from, if any.
  std::vector<int64_t> member_ids;
  // Derived: every member of working age and able to work is unemployed (and there is at
  // least one such member). Recomputed whenever a member's status changes.
  bool zero_employment = false;
  std::optional<Date> zero_employment_since;
};

struct UnemploymentRegistration {
  int64_t id = 0;
  int64_t person_id = 0;
  std::string office_region;     // The town office where it was lodged.
  Date applied_on;
  Date due_on;                   // applied_on + 7 working days on the statutory calendar.
  std::optional<Date> completed_on;
  std::string status;            // "pending", "completed", "rejected".
  std::string note;
  int64_t staff_id = 0;
  Timestamp created_at;
  Timestamp updated_at;          // Set by every write (Insert: created_at).
};

// What a caller supplies to create or update a person (API body, import row, demo generator):
// identifiers in clear, validated and encrypted by the service.
struct PersonInput {
  std::string id_number;          // 18 digits (15-digit legacy numbers are converted).
  std::string name;
  std::string mobile;             // Any common notation; normalised to 11 digits.
  std::string hukou_region;       // Region codes: 6, 9 or 12 digits.
  std::string residence_region;
  std::string education;
  std::string school;
  std::string major;
  std::optional<Date> graduation_date;
  std::vector<CategoryPeriod> categories;
  std::vector<std::string> skills;
  std::string desired_occupation;
  std::string desired_region;
  int64_t expected_salary_min = 0;
  int64_t expected_salary_max = 0;
  bool able_to_work = true;
  bool wants_work = true;
  std::string status;              // Empty on create = "unemployed".
  std::optional<Date> status_since;
  // Import only (carries the stored value through an update); the API does not take it and
  // PersonService::Update keeps the stored one: the case assignment owns it.
  std::optional<int64_t> responsible_user_id;
  std::string household_key;       // Import/demo only: rows with the same key share a household.
};

struct PersonFilter {
  std::string region_prefix;     // Always at least the caller's scope (set by the service).
  std::string category;          // Active at `as_of`.
  std::string status;
  std::optional<int> graduation_year;
  std::optional<int64_t> responsible_user_id;
  std::optional<bool> registered_unemployed;
  std::optional<bool> zero_employment_household;
  std::optional<int> not_contacted_days;  // No contact for at least N days before as_of.
  std::string id_number_hash;    // Exact search.
  std::string mobile_hash;       // Exact search.
  std::string name_prefix;
  Date as_of;
  std::string sort = "id";       // "id", "name", "graduation_date", "last_contact", "updated_at".
  bool descending = false;
  int page = 1;                  // 1-based.
  int size = 20;                 // 1..200.
};

struct PersonPage {
  std::vector<Person> items;
  int64_t total = 0;
};

}  // namespace bangfu::service

namespace bangfu::service {

// Storage port for the ledger. Same contract as ports.h: errors as values, thread-safe, calls
// inside Store::InTransaction join the transaction.
class PersonRepository {
 public:
  virtual ~PersonRepository() = default;
  // Assigns ids. kConflict (field "id_number") when the blind index exists already.
  virtual Result<int64_t> Insert(const Person& person) = 0;
  // Inserts many people in one statement batch (bulk import); ids are written back. With
  // `created`, each person's first status-history entry is recorded with them (in their row;
  // StatusHistory returns it first): status and effective (status_since) from the person, the
  // rest from `created`.
  virtual Status InsertMany(std::vector<Person>& people, const StatusChange* created = nullptr) = 0;
  // A bulk load in several InsertMany calls of one transaction (an import that stores what it
  // has checked while it reads on). What a large load defers — SQLite: secondary indexes
  // dropped and built once after the rows; PostgreSQL: ANALYZE — is done once by Finish
  // instead of by each call. Begin and Finish inside Store::InTransaction, on its thread;
  // dropping the handle without Finish abandons the load (the transaction must roll back).
  class BulkLoad {
   public:
    virtual ~BulkLoad() = default;
    virtual Status Finish() = 0;
  };
  // `expected_rows`: how many people the load may bring at most (the file's rows).
  virtual Result<std::unique_ptr<BulkLoad>> BeginBulkLoad(size_t expected_rows) = 0;
  // Replaces the row when its version equals person.version, then increments it;
  // kConflict (field "version") when someone else changed it first.
  virtual Status Update(const Person& person) = 0;
  virtual Result<Person> Get(int64_t id) = 0;                       // kNotFound
  // How many people the ledger holds (the policy loader's reservations).
  virtual Result<int64_t> Count() = 0;
  // The people among `ids` that exist (unknown ids are left out), in any order. Default: Get
  // one by one; stores read them in a few statements.
  virtual Result<std::vector<Person>> GetMany(const std::vector<int64_t>& ids) {
    std::vector<Person> out;
    for (int64_t id : ids) {
      auto p = Get(id);
      if (p.ok()) out.push_back(std::move(*p));
      else if (!p.error().IsNotFound()) return p.error();
    }
    return out;
  }
  virtual Result<Person> FindByIdNumberHash(const std::string& hash) = 0;  // kNotFound
  // Ids of people with this name and birth date (likely-duplicate detection).
  virtual Result<std::vector<int64_t>> FindByNameAndBirth(const std::string& name, Date birth) = 0;
  virtual Result<PersonPage> List(const PersonFilter& filter) = 0;
  // The change feed (docs/operations.md §8): every transaction that writes persons leaves, as
  // it commits, a record of their ids, numbered in commit order, whichever process wrote it.
  // Caches of the ledger catch up with it instead of with updated_at, which misses a
  // transaction that commits after a later stamp was read.
  struct Changes {
    int64_t position = 0;  // The newest record: pass it to the next call.
    std::vector<std::pair<int64_t, int64_t>> persons;  // Inclusive id ranges, sorted, disjoint.
    bool complete = true;  // false: records after `after` are gone (pruned after 7 days, or a
                           // restored backup): read everything again.
  };
  virtual Result<Changes> ChangedSince(int64_t after) = 0;
  // The newest position now: take it before reading everything, then catch up from it.
  virtual Result<int64_t> ChangePosition() = 0;
  // All blind indexes → person id, for duplicate detection in bulk imports.
  virtual Result<std::vector<std::pair<std::string, int64_t>>> AllIdNumberHashes() = 0;

  // "name|YYYY-MM-DD" → person id for everyone (likely-duplicate checks of bulk imports).
  virtual Result<std::vector<std::pair<std::string, int64_t>>> AllNameBirthKeys() = 0;

  virtual Status AppendStatus(const StatusChange& change) = 0;
  // Many at once (bulk imports): one statement with bind vectors.
  virtual Status AppendStatuses(const std::vector<StatusChange>& changes) = 0;
  virtual Result<std::vector<StatusChange>> StatusHistory(int64_t person_id) = 0;  // Oldest first.
  virtual Status AppendContact(const Contact& contact) = 0;
  virtual Result<std::vector<Contact>> Contacts(int64_t person_id) = 0;  // Newest first.
};

struct CalendarDay {
  Date day;
  std::string kind;  // "holiday" or "workday" (a make-up working day on a weekend).
  std::string name;  // "春节"
};

struct RegistrationView {
  UnemploymentRegistration registration;
  std::string person_name;
  std::string person_region;
};

class CalendarRepository {
 public:
  virtual ~CalendarRepository() = default;
  virtual Status ReplaceAll(const std::vector<CalendarDay>& days) = 0;  // One transaction.
  virtual Result<std::vector<CalendarDay>> All() = 0;
};

class RegistrationRepository {
 public:
  virtual ~RegistrationRepository() = default;
  virtual Result<int64_t> Insert(const UnemploymentRegistration& r) = 0;
  virtual Result<UnemploymentRegistration> Get(int64_t id) = 0;  // kNotFound
  virtual Status Update(const UnemploymentRegistration& r) = 0;  // status, completed_on, note
  // Registrations with `status` (empty = any) whose person's region or office region starts
  // with `region_prefix`, ordered by due date.
  virtual Result<std::vector<RegistrationView>> List(const std::string& region_prefix,
                                                     const std::string& status) = 0;
  virtual Result<std::vector<UnemploymentRegistration>> ForPerson(int64_t person_id) = 0;
};

class HouseholdRepository {
 public:
  virtual ~HouseholdRepository() = default;
  virtual Result<int64_t> Insert(const Household& household) = 0;  // member_ids ignored.
  virtual Result<Household> Get(int64_t id) = 0;                   // With member_ids; kNotFound.
  // The household with this external key, if any.
  virtual Result<std::optional<int64_t>> FindByKey(const std::string& key) = 0;
  virtual Status SetZeroEmployment(int64_t id, bool zero, std::optional<Date> since) = 0;
};

}  // namespace bangfu::service
