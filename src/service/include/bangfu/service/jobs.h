// The job side of the platform (migration 12): the occupation classification as reference
// data, warnings recorded against employers, job postings with their review, and the stored
// results of batch matching runs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bangfu/base/date.h"
#include "bangfu/base/result.h"
#include "bangfu/service/ledger.h"

namespace bangfu::service {

// One row of the occupation classification (职业分类大典 2022) as imported.
struct OccupationRow {
  std::string code;  // "D-DD-DD-DD"
  int level = 4;     // 1..4 as in the file.
  std::string name;  // Without the L/S markers (flags below).
  std::string definition;
  std::string tasks;
  std::vector<std::string> aliases;
  bool digital = false;
  bool green = false;
};

// 用人单位警示记录. kind: discrimination (就业歧视), fraud (招聘欺诈), wage_arrears (欠薪),
// fake_recruitment (虚假招聘). Active from `from` to `to` inclusive (open-ended when none).
struct EmployerWarning {
  int64_t id = 0;
  int64_t employer_id = 0;
  std::string kind;
  std::string evidence;  // What the record rests on (文书号, 投诉编号, 判决 …).
  Date from;
  std::optional<Date> to;
  int64_t recorded_by = 0;
  std::string recorded_by_name;
  Timestamp recorded_at;
  bool ActiveAt(Date d) const { return !(d < from) && (!to || !(*to < d)); }
};

// A finding of the automatic fake-posting checks, shown to the reviewer.
struct PostingCheck {
  std::string code;     // salary_high, fee_words, no_address, employer_warning
  std::string message;  // Chinese, for the reviewer.
};

// Posting statuses: pending → published | rejected; published → closed. A rejected or
// pending posting edited by its employer goes back to pending.
struct JobPosting {
  int64_t id = 0;
  int64_t employer_id = 0;
  std::string employer_name;  // Read from employers; ignored on write.
  std::string title;
  std::string occupation_code;  // "D-DD-DD-DD"; "" when the title fits no occupation.
  bool occupation_from_title = false;  // Set by normalising the title, not given.
  int32_t openings = 1;
  std::string education;  // domain::Education id of the minimum; "" = any.
  std::vector<std::string> majors;
  std::vector<std::string> skills;
  int64_t salary_min = 0;  // Yuan per month; 0 = not stated.
  int64_t salary_max = 0;
  std::string region_code;  // 12-digit place of work; decides data scope.
  std::string address;
  std::string work_kind;  // match::WorkKindId: full_time, part_time, gig, internship, …
  std::string description;
  std::optional<Date> valid_until;  // Inclusive; none = until closed.
  std::string status = "pending";
  std::string reject_reason;
  std::string close_reason;  // filled, expired, withdrawn
  std::vector<PostingCheck> checks;
  std::string source;        // "web", "import: FILE", "demo"
  std::string external_key;  // Unique when not empty (job-fair imports).
  int64_t created_by = 0;
  int64_t reviewed_by = 0;
  Timestamp created_at;
  Timestamp updated_at;
  Timestamp reviewed_at;
  int64_t version = 1;
};

struct PostingFilter {
  std::string region_prefix;  // Scope; "" = everywhere.
  std::optional<int64_t> employer_id;
  std::string status;  // "" = any.
  std::string query;   // Substring of the title or employer name.
  int page = 1;
  int size = 20;
};

struct PostingPage {
  std::vector<JobPosting> items;
  int64_t total = 0;
};

// One stored match: for a person (subject_kind "person") a posting, for a posting a person.
struct MatchResultRow {
  int64_t run_id = 0;
  std::string subject_kind;
  int64_t subject_id = 0;
  int32_t rank = 0;  // 1-based.
  int64_t other_id = 0;
  double score = 0;
  std::string reasons_json;  // [{"factor","contribution","text"}]
  std::string region_code;   // Of the subject (scope of the run that wrote it).
};

struct MatchRun {
  int64_t id = 0;
  std::string scope;
  int64_t persons = 0;
  int64_t postings = 0;
  int64_t results = 0;
  int64_t started_by = 0;
  Timestamp started_at;
  Timestamp finished_at;
};

// Storage port; same contract as ports.h (errors as values, thread-safe, joins
// Store::InTransaction).
class JobRepository {
 public:
  virtual ~JobRepository() = default;

  // Inserts or replaces by code. Returns how many codes were new.
  virtual Result<int64_t> UpsertOccupations(const std::vector<OccupationRow>& rows) = 0;
  // By code.
  virtual Result<std::vector<OccupationRow>> Occupations() = 0;

  virtual Result<int64_t> InsertWarning(const EmployerWarning& w) = 0;
  virtual Status UpdateWarning(const EmployerWarning& w) = 0;
  virtual Status DeleteWarning(int64_t id) = 0;
  virtual Result<EmployerWarning> GetWarning(int64_t id) = 0;  // kNotFound when absent.
  // Warnings of these employers (all when `employer_ids` is empty), by employer, from.
  virtual Result<std::vector<EmployerWarning>> Warnings(const std::vector<int64_t>& employer_ids) = 0;

  // Assigns the id. kConflict (field "external_key") when the key is taken.
  virtual Result<int64_t> InsertPosting(const JobPosting& p) = 0;
  // Writes every field but id/created_*; kConflict when the stored version is not
  // p.version - 1 (the caller increments), kNotFound when absent.
  virtual Status UpdatePosting(const JobPosting& p) = 0;
  virtual Result<JobPosting> GetPosting(int64_t id) = 0;
  virtual Result<std::optional<JobPosting>> FindPostingByKey(const std::string& external_key) = 0;
  // Newest first.
  virtual Result<PostingPage> ListPostings(const PostingFilter& filter) = 0;
  // Every posting with this status in the region, by id (for the matcher and expiry).
  virtual Result<std::vector<JobPosting>> PostingsWithStatus(const std::string& region_prefix,
                                                             const std::string& status) = 0;
  // Monthly salary ranges (min, max; both > 0) of published postings whose occupation code
  // starts with `code_prefix` ("4-07-05-"), excluding posting `except_id`.
  virtual Result<std::vector<std::pair<int64_t, int64_t>>> PublishedSalaries(
      const std::string& code_prefix, int64_t except_id) = 0;

  // The ledger people of a region looking for work (status unemployed, wanting and able to
  // work: the ones the matcher files) with what matching reads: id, region, education, major,
  // skills, desired occupation, expected salary, graduation date, status, wants/able to work,
  // categories. Other fields are left empty. By id.
  virtual Result<std::vector<Person>> MatchPersons(const std::string& region_prefix) = 0;
  // The people whose ids are in `ranges` (inclusive, sorted, as PersonRepository::ChangedSince
  // gives them) as MatchPersons returns them but whatever their status, so that the matcher's
  // catch-up also drops those who stopped looking for work.
  virtual Result<std::vector<Person>> MatchPersonsIn(const std::vector<std::pair<int64_t, int64_t>>& ranges) = 0;
  // The postings of any status changed after `micros` (updated_at), for picking up writes made
  // outside this process, with updated_at filled, in no particular order (an ORDER BY would
  // keep SQLite off the updated_at index).
  virtual Result<std::vector<JobPosting>> PostingsUpdatedAfter(int64_t micros) = 0;

  // Stores a run and its results, replacing the results of earlier runs whose subject lies in
  // the run's scope. Returns the run id.
  virtual Result<int64_t> SaveMatchRun(MatchRun run, const std::vector<MatchResultRow>& rows) = 0;
  // The stored results of a subject, by rank.
  virtual Result<std::vector<MatchResultRow>> MatchResults(const std::string& subject_kind,
                                                           int64_t subject_id) = 0;
};

}  // namespace bangfu::service
