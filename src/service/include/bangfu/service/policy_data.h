// The records the policy rules read beside the ledger (policy/facts.h is what they become):
// employers, employment records, monthly social-insurance contributions, businesses and their
// founders, internships, trainings, public-welfare placements, 低保 payments and subsidies
// already paid. Records refer to people and employers by store id.
//
// Missing values: std::nullopt for dates and references, -1 for counts and contract months,
// an empty string for enumerations (ids of domain/org_types.h) — never an invented value.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bangfu/base/date.h"
#include "bangfu/base/result.h"

namespace bangfu::service {

// -1 unknown, 0 no, 1 yes (stored as such).
enum class Flag : int8_t { kUnknown = -1, kNo = 0, kYes = 1 };

// Contract months of an open-ended labour contract (无固定期限); 0 = no labour contract.
inline constexpr int32_t kOpenEndedContractMonths = 32767;

struct Employer {
  int64_t id = 0;
  std::string credit_code;  // 统一社会信用代码, validated (GB 32100); the natural key.
  std::string name;
  std::string size_class;   // domain::EmployerSize id, "" unknown.
  std::string kind;         // domain::OrgKind id, "" unknown.
  std::string industry;     // 行业 (GB/T 4754 code or name as given).
  std::string region_code;  // 12-digit; decides data scope.
  std::string address;
  std::string contact_name;
  std::string contact_phone;
  std::optional<Date> base_recognised;  // 就业基地 / 见习基地 recognition date.
  std::string external_key;
};

// A recognition the bureau granted an employer, with its date and the document that granted it
// (source 002 二(一)2 就业基地 and 就业帮扶车间, 二(二)3 创业孵化基地). A 就业帮扶车间 is
// evaluated every year: one record per evaluation year, with its grade and stable jobs.
struct EmployerRecognition {
  int64_t id = 0;
  int64_t employer_id = 0;
  std::string kind;          // domain::RecognitionKind id.
  Date recognised_on;        // 认定日期 (the evaluation's date for a workshop).
  std::string level;         // domain::IncubatorLevel id (incubators only), else "".
  int32_t year = 0;          // Workshop evaluation year, else 0.
  std::string grade;         // domain::WorkshopGrade id (workshops only), else "".
  int32_t stable_jobs = -1;  // Workshop 稳岗就业人数, -1 unknown.
  std::string document;      // 认定文件 / 文号: the evidence.
  std::string source;
  // Unique; by default (employer, kind, level) for one-time recognitions and (employer,
  // workshop, year) for evaluations, so a re-import corrects the same record.
  std::string external_key;
};

struct Employment {
  int64_t id = 0;
  int64_t person_id = 0;
  std::optional<int64_t> employer_id;  // None for flexible work or self-employment.
  std::string kind;                    // domain::EmploymentKind id.
  Date start;
  std::optional<Date> end;       // None while employed.
  int32_t contract_months = -1;  // -1 unknown, 0 none, kOpenEndedContractMonths.
  std::string source;
  std::string external_key;  // Unique; re-imports update the same record.
};

struct Contribution {
  int64_t person_id = 0;
  int64_t payer_employer_id = 0;  // 0: paid by the person as a flexible worker.
  Date month;                     // First day of the month.
  int64_t amount = 0;             // Fen.
  std::string source;
};

struct Business {
  int64_t id = 0;
  std::string credit_code;  // May be empty (not yet licensed, or unknown).
  std::string name;
  std::string kind;        // domain::OrgKind id.
  std::string size_class;  // domain::EmployerSize id.
  std::optional<Date> licence_date;
  std::optional<Date> closed_date;  // None while operating.
  std::string region_code;
  int32_t employees = -1;
  Flag online = Flag::kUnknown;
  Flag return_home = Flag::kUnknown;
  std::optional<int64_t> employer_id;  // The same organisation in the employers table.
  std::vector<int64_t> founder_ids;    // Persons.
  std::string source;
  std::string external_key;
};

struct Internship {
  int64_t id = 0;
  int64_t person_id = 0;
  int64_t base_employer_id = 0;
  Date start;
  std::optional<Date> end;  // Planned or actual; none when unknown.
  Flag finished = Flag::kUnknown;
  Flag hired_after = Flag::kUnknown;
  std::string source;
  std::string external_key;
};

struct Training {
  int64_t id = 0;
  int64_t person_id = 0;
  std::optional<int64_t> institution_employer_id;
  std::string kind;  // domain::TrainingKind id.
  std::string course_code;
  std::string course_name;
  std::optional<Date> start;
  std::optional<Date> end;
  int32_t days_attended = -1;
  Flag subsidised = Flag::kUnknown;
  Flag completed = Flag::kUnknown;
  Flag certificate = Flag::kUnknown;
  std::string source;
  std::string external_key;
};

struct Placement {  // 公益性岗位安置
  int64_t id = 0;
  int64_t person_id = 0;
  std::optional<int64_t> employer_id;
  std::string post_name;
  Date start;
  std::optional<Date> end;  // None while placed.
  std::string source;
  std::string external_key;
};

struct DibaoPayment {
  int64_t person_id = 0;  // The household's applicant.
  std::optional<int64_t> household_id;
  Date month;          // First day of the month.
  int64_t amount = 0;  // Fen.
  std::string source;
};

struct PaidSubsidy {
  int64_t id = 0;
  std::string rule;  // Rule id or once-group.
  std::optional<int64_t> person_id;
  std::optional<int64_t> employer_id;
  std::optional<int64_t> business_id;
  Date paid_on;
  int64_t amount = 0;  // Fen.
  std::string source_system;
  std::string external_ref;  // Unique within source_system.
  // Store id of the record the rule paid for (employment, internship, …); 0 when unknown.
  int64_t subject_id = 0;
};

// The tables of migration 5, for counts, reports and imports.
enum class DataTable {
  kEmployers,
  kEmployments,
  kContributions,
  kBusinesses,
  kInternships,
  kTrainings,
  kPlacements,
  kDibaoPayments,
  kPaidSubsidies,
  kRecognitions,  // Migration 15: employer_recognitions.
};

// What a bulk read covers: persons whose region_code starts with `region_prefix` (and the
// records about them), employers and businesses in that region. min/max_person_id bound the
// id range the caller cares about (inclusive; the loader passes the range of the persons it
// read), so that a province-wide store is not scanned for one district. person_ids, when not
// empty, names the persons exactly (sorted, unique, within the id range): every person-keyed
// scan reads only them, in one statement (an IN list), as the case-work state's catch-up does
// for a window of changed persons.
struct DataScope {
  std::string region_prefix;
  int64_t min_person_id = 0;
  int64_t max_person_id = INT64_MAX;
  std::vector<int64_t> person_ids;
};

// Bulk reads stream batches of records (a few thousand at a time, the span valid only during
// the call) in the order each method names; the callback returns an error to stop early,
// which is passed on.
template <typename T>
using BatchSink = std::function<Status(std::span<const T>)>;

// The lean person columns the policy loader needs, decoded by the reader. Birth date and sex
// are the stored columns derived from the ID number (ID numbers stay encrypted). Region codes
// are 12-digit integers (shorter codes padded with zeros, 0 unknown); education and category
// are indexes into domain::Educations() / domain::Categories(), -1 when unknown.
struct PersonFacts {
  int64_t id = 0;
  Date birth_date;
  char sex = 'U';
  int64_t hukou_region = 0;
  int64_t residence_region = 0;
  int8_t education = -1;
  std::optional<Date> graduation_date;
  std::optional<int64_t> household_id;
};
struct CategoryFacts {
  int64_t person_id = 0;
  int8_t category = -1;
  Date from;
  std::optional<Date> to;  // None: still valid.
};
struct HouseholdFacts {
  int64_t id = 0;
  std::optional<Date> zero_employment_since;  // None when not zero-employment.
};
// What a candidate entitlement shows of the person it is about.
struct PersonLabel {
  int64_t id = 0;
  std::string name;
  std::string region_code;
};

// The person columns case work needs (worklists, compliance), with the responsible staff
// member from case_assignments (0 none).
struct CasePersonFacts {
  int64_t id = 0;
  std::string name;
  std::string region_code;
  int64_t region = 0;                 // region_code as a 12-digit number, 0 unknown
  std::string status;                 // domain::EmploymentStatus id, "" unknown.
  std::optional<Date> last_contact;
  Date entered;                       // created_at as a China date.
  bool able_to_work = true, wants_work = true;
  int64_t staff_user_id = 0;
  bool training_need = false, startup_intention = false;  // person_needs; false when none
};
// A service record as case work reads it: kind is an index of domain::ServiceKind (-1 unknown).
struct ServiceFacts {
  int64_t id = 0, person_id = 0, staff_user_id = 0;
  int8_t kind = -1;
  Date date;
  std::string outcome;
  std::string job_title;
  std::string employer_name;  // job referrals: the employer's name as recorded
};
struct OpenPlanFacts {
  int64_t person_id = 0;
  Date opened_on;
};
struct OpenStepFacts {
  int64_t id = 0, person_id = 0, owner_user_id = 0;
  std::string title;
  Date due;
};
struct RegistrationFacts {
  int64_t id = 0, person_id = 0;
  Date applied_on;
  std::optional<Date> completed_on;
  std::string status;  // pending, completed, rejected
};

// Storage port of the policy data. Same contract as ports.h: errors as values, thread-safe,
// calls inside Store::InTransaction join it. Bulk writes are upserts on the natural key of
// each table (credit code; external_key; (person, month, payer); (person, month);
// (source_system, external_ref)): writing the same records again changes nothing.
class PolicyDataRepository {
 public:
  virtual ~PolicyDataRepository() = default;

  // Ids are written back into the records.
  virtual Status UpsertEmployers(std::vector<Employer>& employers) = 0;
  virtual Status UpsertEmployments(std::vector<Employment>& rows) = 0;
  virtual Status UpsertContributions(const std::vector<Contribution>& rows) = 0;
  // Founders are replaced by the given list.
  virtual Status UpsertBusinesses(std::vector<Business>& rows) = 0;
  virtual Status UpsertInternships(std::vector<Internship>& rows) = 0;
  virtual Status UpsertTrainings(std::vector<Training>& rows) = 0;
  virtual Status UpsertPlacements(std::vector<Placement>& rows) = 0;
  virtual Status UpsertDibaoPayments(const std::vector<DibaoPayment>& rows) = 0;
  virtual Status UpsertPaidSubsidies(std::vector<PaidSubsidy>& rows) = 0;
  // Natural key: external_key.
  virtual Status UpsertRecognitions(std::vector<EmployerRecognition>& rows) = 0;

  // Credit code → employer id of every employer (imports resolve references with it).
  virtual Result<std::vector<std::pair<std::string, int64_t>>> EmployerIdsByCode() = 0;
  virtual Result<int64_t> Count(DataTable table) = 0;
  // kNotFound when absent.
  virtual Result<Employer> GetEmployer(int64_t id) = 0;

  // Bulk reads for the policy loader, each ordered as stated.
  // Persons in scope by id; categories of those persons by (person, category, from).
  virtual Status ScanPersons(const DataScope& scope, const BatchSink<PersonFacts>& sink) = 0;
  virtual Status ScanCategories(const DataScope& scope, const BatchSink<CategoryFacts>& sink) = 0;
  // Exactly the households with these ids (sorted, unique; the loader collects them from the
  // persons it read), by id; ids that do not exist are skipped.
  virtual Status HouseholdsById(const std::vector<int64_t>& ids,
                                const BatchSink<HouseholdFacts>& sink) = 0;
  // Name and region of exactly these persons (sorted, unique), by id: what candidates show.
  virtual Status PersonLabels(const std::vector<int64_t>& ids,
                              const BatchSink<PersonLabel>& sink) = 0;
  // Employers in the region, by id; ById: exactly those ids (any region), by id.
  virtual Status ScanEmployers(const DataScope& scope, const BatchSink<Employer>& sink) = 0;
  virtual Status EmployersById(const std::vector<int64_t>& ids,
                               const BatchSink<Employer>& sink) = 0;
  // Records whose person id is in the scope's id range (the caller drops persons it did not
  // load), by (person, start, id) — contributions by (person, month, payer), dibao by
  // (person, month); paid subsidies by id, including those for no person. Scans leave
  // `source` empty.
  virtual Status ScanEmployments(const DataScope& scope, const BatchSink<Employment>& sink) = 0;
  virtual Status ScanContributions(const DataScope& scope, const BatchSink<Contribution>& sink) = 0;
  virtual Status ScanInternships(const DataScope& scope, const BatchSink<Internship>& sink) = 0;
  virtual Status ScanTrainings(const DataScope& scope, const BatchSink<Training>& sink) = 0;
  virtual Status ScanPlacements(const DataScope& scope, const BatchSink<Placement>& sink) = 0;
  virtual Status ScanDibaoPayments(const DataScope& scope, const BatchSink<DibaoPayment>& sink) = 0;
  virtual Status ScanPaidSubsidies(const DataScope& scope, const BatchSink<PaidSubsidy>& sink) = 0;
  // Businesses in the region or founded by a person in the id range, by id, with founders.
  virtual Status ScanBusinesses(const DataScope& scope, const BatchSink<Business>& sink) = 0;
  // Every employer recognition (a district has few), by (employer, kind, recognised_on, id).
  virtual Status ScanRecognitions(const BatchSink<EmployerRecognition>& sink) = 0;

  // Bulk reads for the case-work loader (service/casework_loader.h): persons in scope by id;
  // the others by person id within the scope's id range (the caller drops persons it did not
  // load) — service records by (person, date), open plans and open plan steps, and
  // unemployment registrations of every status.
  virtual Status ScanCasePersons(const DataScope& scope, const BatchSink<CasePersonFacts>& sink) = 0;
  virtual Status ScanServiceFacts(const DataScope& scope, const BatchSink<ServiceFacts>& sink) = 0;
  virtual Status ScanOpenPlans(const DataScope& scope, const BatchSink<OpenPlanFacts>& sink) = 0;
  virtual Status ScanOpenSteps(const DataScope& scope, const BatchSink<OpenStepFacts>& sink) = 0;
  virtual Status ScanRegistrations(const DataScope& scope, const BatchSink<RegistrationFacts>& sink) = 0;
};

}  // namespace bangfu::service
