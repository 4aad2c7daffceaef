#include "migrations.h"

namespace bangfu::store {
namespace {

// Migrations from 5 on are written once: `{ID}` is the auto-increment primary key,
// `{REGION}` the type of a region-code column (byte order on PostgreSQL, so that prefix ranges
// use the index) and `{CLUSTERED}` ends a table stored in primary-key order on SQLite
// (WITHOUT ROWID: a scan in key order reads the rows themselves), expanded for each dialect.
std::vector<std::string> Expand(std::initializer_list<const char*> statements, Dialect dialect) {
  auto replace_all = [](std::string s, const std::string& from, const std::string& to) {
    for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
      s.replace(p, from.size(), to);
    return s;
  };
  const bool pg = dialect == Dialect::kPostgres;
  std::vector<std::string> out;
  for (const char* st : statements) {
    std::string s = replace_all(st, "{ID}", pg ? "id BIGSERIAL PRIMARY KEY" : "id INTEGER PRIMARY KEY AUTOINCREMENT");
    s = replace_all(std::move(s), "{CLUSTERED}", pg ? "" : " WITHOUT ROWID");
    out.push_back(replace_all(std::move(s), "{REGION}", pg ? "TEXT COLLATE \"C\"" : "TEXT"));
  }
  return out;
}

// Migration 14: needs recorded by staff (docs/casework.md "Needs"), one current row per
// person (changes are audited as case.needs.set); and case_assignments as the one truth for
// the responsible staff member, persons.responsible_user_id its copy (reconciled here once;
// the repository writes both in one transaction from now on).
const std::initializer_list<const char*> kPersonNeeds = {
    R"(CREATE TABLE person_needs (
         person_id BIGINT PRIMARY KEY REFERENCES persons(id) ON DELETE CASCADE,
         training_need INTEGER NOT NULL DEFAULT 0,
         training_wish TEXT NOT NULL DEFAULT '',
         startup_intention INTEGER NOT NULL DEFAULT 0,
         channel TEXT NOT NULL,
         recorded_on TEXT NOT NULL,
         recorded_by BIGINT NOT NULL,
         updated_at BIGINT NOT NULL))",
    // A responsible member set on the person only: it becomes an assignment by hand.
    "INSERT INTO case_assignments (person_id, staff_user_id, assigned_on, assigned_by, rule) "
    "SELECT p.id, p.responsible_user_id, '', 0, '' FROM persons p WHERE p.responsible_user_id IS "
    "NOT NULL AND p.responsible_user_id <> 0 AND NOT EXISTS (SELECT 1 FROM case_assignments a "
    "WHERE a.person_id = p.id)",
    "UPDATE persons SET responsible_user_id = (SELECT a.staff_user_id FROM case_assignments a "
    "WHERE a.person_id = persons.id) WHERE id IN (SELECT person_id FROM case_assignments)",
};

// Migration 8: parameter values set by an administrator (参数设置), one row per value; a
// later value for the same parameter is a new row, so the history stays.
const std::initializer_list<const char*> kPolicyParams = {
    R"(CREATE TABLE policy_param_values (
         {ID},
         pack_id TEXT NOT NULL,
         param TEXT NOT NULL,
         param_key TEXT NOT NULL DEFAULT '',
         value TEXT NOT NULL,
         effective_from TEXT NOT NULL,
         source TEXT NOT NULL,
         set_by BIGINT NOT NULL DEFAULT 0,
         set_by_name TEXT NOT NULL DEFAULT '',
         set_at BIGINT NOT NULL))",
    "CREATE INDEX policy_param_values_pack ON policy_param_values(pack_id, id)",
};

// Migration 15: recognitions the bureau grants employers (就业基地, 创业孵化基地 at a level) and
// the yearly 就业帮扶车间 evaluations, each with its date and granting document; the kind of an
// entitlement (a payment, or a loan ceiling that is never paid).
const std::initializer_list<const char*> kRecognitions = {
    R"(CREATE TABLE employer_recognitions (
         {ID},
         employer_id BIGINT NOT NULL REFERENCES employers(id) ON DELETE CASCADE,
         kind TEXT NOT NULL,
         recognised_on TEXT NOT NULL,
         level TEXT NOT NULL DEFAULT '',
         year INTEGER NOT NULL DEFAULT 0,
         grade TEXT NOT NULL DEFAULT '',
         stable_jobs INTEGER NOT NULL DEFAULT -1,
         document TEXT NOT NULL DEFAULT '',
         source TEXT NOT NULL DEFAULT '',
         external_key TEXT NOT NULL UNIQUE))",
    "CREATE INDEX employer_recognitions_employer ON employer_recognitions(employer_id, kind)",
    // Loan ceilings (创业担保贷款) become entitlements that are never paid.
    "ALTER TABLE entitlements ADD COLUMN kind TEXT NOT NULL DEFAULT 'payment'",
};

// Migration 50: the ledger change feed (change_feed.h), and the list indexes go: lists are
// served from memory (person_index.h), which the feed keeps current. A bulk import then no
// longer builds an index on names, statuses, graduation dates, last contacts, mobiles or
// category lists (each 1–2.7 s of a million-person import). persons_region_status stays (the
// policy and case-work scans read a town through it), and so do the indexes on responsible
// staff, household, updated_at (the matcher's catch-up), the category cover (a person's
// periods) and the status history by person.
const std::initializer_list<const char*> kLedgerFeed = {
    "CREATE TABLE ledger_changes (seq BIGINT PRIMARY KEY, at BIGINT NOT NULL, "
    "persons TEXT NOT NULL DEFAULT '', households TEXT NOT NULL DEFAULT ''){CLUSTERED}",
    "DROP INDEX persons_name",
    "DROP INDEX persons_status",
    "DROP INDEX persons_graduation",
    "DROP INDEX persons_contact",
    "DROP INDEX persons_mobile",
    "DROP INDEX person_categories_list",
};

// Migration 51: a new person's first status-history entry is kept in the person's row (the
// status, its date, the detail, who recorded it and why; the time is created_at) instead of a
// status_history row: an import writes one row per person fewer. Existing people keep their
// first entry where it is (first_status '').
const std::initializer_list<const char*> kFirstStatus = {
    "ALTER TABLE persons ADD COLUMN first_status TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE persons ADD COLUMN first_effective TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE persons ADD COLUMN first_detail TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE persons ADD COLUMN created_by BIGINT NOT NULL DEFAULT 0",
    "ALTER TABLE persons ADD COLUMN created_by_name TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE persons ADD COLUMN created_reason TEXT NOT NULL DEFAULT ''",
};

// Migration 52, SQLite: the unique blind index of ID numbers becomes a named index
// (persons_id_number) instead of the UNIQUE constraint's automatic index, so that a bulk load
// into a small ledger can build it once after the rows, like the other indexes (DeferredIndexes
// in ledger_repos.cc), instead of inserting a million random keys one by one. Both are the
// same b-tree on (id_number_hash, rowid): the schema text is edited in place (SQLite's
// documented writable_schema procedure; no table rebuild, which would need foreign keys off),
// and the DROP INDEX after it makes every other connection reload the schema. persons_updated
// goes on both databases: persons reach the case-work cache through the change feed (migration
// 50), and nothing else reads persons by updated_at.
const std::initializer_list<const char*> kNamedIdIndexSqlite = {
    "PRAGMA writable_schema=ON",
    "UPDATE sqlite_schema SET sql = replace(sql, 'id_number_hash TEXT NOT NULL UNIQUE,', "
    "'id_number_hash TEXT NOT NULL,') WHERE type = 'table' AND name = 'persons'",
    "UPDATE sqlite_schema SET name = 'persons_id_number', "
    "sql = 'CREATE UNIQUE INDEX persons_id_number ON persons(id_number_hash)' "
    "WHERE type = 'index' AND name = 'sqlite_autoindex_persons_1'",
    "PRAGMA writable_schema=RESET",
    "DROP INDEX persons_updated",
};

// Migration 53: a person's category periods move into the person's row (persons.categories,
// encoded as store/src/category_text.h describes) and person_categories goes, with its index and
// the status and region copies of migration 17: an import writes one row per person instead of
// two, and builds one index fewer. Periods in order of valid_from, as they were read.
const std::initializer_list<const char*> kInlineCategoriesSqlite = {
    "ALTER TABLE persons ADD COLUMN categories TEXT NOT NULL DEFAULT ''",
    R"(UPDATE persons SET categories = COALESCE((SELECT group_concat(e, char(30)) FROM (
         SELECT c.category || char(31) || c.valid_from || char(31) || c.valid_to || char(31) ||
                replace(replace(replace(c.source, '\', '\\'), char(30), '\R'), char(31), '\U') AS e
         FROM person_categories c WHERE c.person_id = persons.id ORDER BY c.valid_from, c.rowid)), '')
       WHERE id IN (SELECT person_id FROM person_categories))",
    "DROP TABLE person_categories",
};
const std::initializer_list<const char*> kInlineCategoriesPostgres = {
    "ALTER TABLE persons ADD COLUMN categories TEXT NOT NULL DEFAULT ''",
    R"(UPDATE persons p SET categories = c.t FROM (
         SELECT person_id, string_agg(category || chr(31) || valid_from || chr(31) || valid_to || chr(31) ||
                replace(replace(replace(source, '\', '\\'), chr(30), '\R'), chr(31), '\U'), chr(30)
                ORDER BY valid_from) AS t
         FROM person_categories GROUP BY person_id) c
       WHERE p.id = c.person_id)",
    "DROP TABLE person_categories",
};

// Migration 54: the persons' region index without the status. Since lists come from memory
// (migration 50) no query reads persons by region and status together (the matcher reads
// "status || ''" to keep off an index), and a key of one column is cheaper to sort when a bulk
// load builds the index after its rows.
const std::initializer_list<const char*> kRegionIndex = {
    "DROP INDEX persons_region_status",
    "CREATE INDEX persons_region ON persons(region_code)",
};

// Migration 17: a person's status and region copied onto each of their category periods, so
// that the ledger's commonest list (a category's unemployed in a town) is one range of
// person_categories_list instead of a probe of person_categories per person of the town.
// Region before status: every list has a region range (at least the caller's scope), not
// always a status; the status is then checked on the index entries of the range.
// The ledger repository writes the copies with the categories: every write of persons.status
// or region_code (SqlPersons::Update, the bulk insert) rewrites the person's category rows.
// person_categories_cat (category, person_id) is a prefix-equivalent of the new index for the
// queries that used it and goes, so a bulk load still rebuilds the same number of indexes.
const std::initializer_list<const char*> kCategoryListColumns = {
    "ALTER TABLE person_categories ADD COLUMN status TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE person_categories ADD COLUMN region_code {REGION} NOT NULL DEFAULT ''",
    "UPDATE person_categories SET status = p.status, region_code = p.region_code FROM persons p "
    "WHERE p.id = person_categories.person_id",
    "DROP INDEX person_categories_cat",
    "CREATE INDEX person_categories_list ON person_categories(category, region_code, status, "
    "person_id, valid_from, valid_to)",
};

// Migration 10: cheaper persons indexes for bulk imports, same lists and lookups.
// persons_region(region_code) is a prefix of persons_region_status(region_code, status) and
// serves no query the latter does not. Responsible staff and household are unset for most
// people (an import sets neither); every query on them compares with a value or IN (…), which
// implies NOT NULL, so partial indexes serve them and an import no longer builds two indexes
// of a million NULLs.
const std::initializer_list<const char*> kLedgerIndexes = {
    "DROP INDEX persons_region",
    "DROP INDEX persons_responsible",
    "CREATE INDEX persons_responsible ON persons(responsible_user_id) "
    "WHERE responsible_user_id IS NOT NULL",
    "DROP INDEX persons_household",
    "CREATE INDEX persons_household ON persons(household_id) WHERE household_id IS NOT NULL",
};

// Migration 5: the records the policy rules read (see policy/facts.h). Dates are
// 'YYYY-MM-DD' ('' = none; for an end date '' = still open), months 'YYYY-MM', money fen,
// tri-state flags -1 unknown / 0 no / 1 yes, counts -1 unknown. Every record imported from a
// file has an external_key (the source's record number, or the natural key the importer
// derives) so that importing the same file twice changes nothing.
const std::initializer_list<const char*> kPolicyData = {
    R"(CREATE TABLE employers (
         {ID},
         credit_code TEXT NOT NULL UNIQUE,
         name TEXT NOT NULL,
         size_class TEXT NOT NULL DEFAULT '',
         kind TEXT NOT NULL DEFAULT '',
         industry TEXT NOT NULL DEFAULT '',
         region_code {REGION} NOT NULL DEFAULT '',
         address TEXT NOT NULL DEFAULT '',
         contact_name TEXT NOT NULL DEFAULT '',
         contact_phone TEXT NOT NULL DEFAULT '',
         base_recognised TEXT NOT NULL DEFAULT '',
         external_key TEXT NOT NULL DEFAULT '',
         created_at BIGINT NOT NULL DEFAULT 0))",
    "CREATE INDEX employers_region ON employers(region_code, id)",
    "CREATE INDEX employers_name ON employers(name)",
    R"(CREATE TABLE employments (
         {ID},
         person_id BIGINT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
         employer_id BIGINT REFERENCES employers(id),
         kind TEXT NOT NULL DEFAULT '',
         start_date TEXT NOT NULL,
         end_date TEXT NOT NULL DEFAULT '',
         contract_months INTEGER NOT NULL DEFAULT -1,
         source TEXT NOT NULL DEFAULT '',
         external_key TEXT NOT NULL UNIQUE))",
    "CREATE INDEX employments_person ON employments(person_id, start_date)",
    "CREATE INDEX employments_employer ON employments(employer_id, start_date)",
    // payer_employer_id 0: paid by the person as a flexible worker (no employer).
    R"(CREATE TABLE contributions (
         person_id BIGINT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
         payer_employer_id BIGINT NOT NULL DEFAULT 0,
         month TEXT NOT NULL,
         amount BIGINT NOT NULL,
         source TEXT NOT NULL DEFAULT '',
         PRIMARY KEY (person_id, month, payer_employer_id)){CLUSTERED})",
    "CREATE INDEX contributions_payer ON contributions(payer_employer_id, month)",
    R"(CREATE TABLE businesses (
         {ID},
         credit_code TEXT NOT NULL DEFAULT '',
         name TEXT NOT NULL DEFAULT '',
         kind TEXT NOT NULL DEFAULT '',
         size_class TEXT NOT NULL DEFAULT '',
         licence_date TEXT NOT NULL DEFAULT '',
         closed_date TEXT NOT NULL DEFAULT '',
         region_code {REGION} NOT NULL DEFAULT '',
         employees INTEGER NOT NULL DEFAULT -1,
         online INTEGER NOT NULL DEFAULT -1,
         return_home INTEGER NOT NULL DEFAULT -1,
         employer_id BIGINT REFERENCES employers(id),
         source TEXT NOT NULL DEFAULT '',
         external_key TEXT NOT NULL UNIQUE))",
    "CREATE INDEX businesses_region ON businesses(region_code, id)",
    R"(CREATE TABLE business_founders (
         business_id BIGINT NOT NULL REFERENCES businesses(id) ON DELETE CASCADE,
         person_id BIGINT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
         PRIMARY KEY (business_id, person_id)))",
    "CREATE INDEX business_founders_person ON business_founders(person_id)",
    R"(CREATE TABLE internships (
         {ID},
         person_id BIGINT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
         base_employer_id BIGINT NOT NULL REFERENCES employers(id),
         start_date TEXT NOT NULL,
         end_date TEXT NOT NULL DEFAULT '',
         finished INTEGER NOT NULL DEFAULT -1,
         hired_after INTEGER NOT NULL DEFAULT -1,
         source TEXT NOT NULL DEFAULT '',
         external_key TEXT NOT NULL UNIQUE))",
    "CREATE INDEX internships_person ON internships(person_id, start_date)",
    "CREATE INDEX internships_base ON internships(base_employer_id, start_date)",
    R"(CREATE TABLE trainings (
         {ID},
         person_id BIGINT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
         institution_employer_id BIGINT REFERENCES employers(id),
         kind TEXT NOT NULL DEFAULT '',
         course_code TEXT NOT NULL DEFAULT '',
         course_name TEXT NOT NULL DEFAULT '',
         start_date TEXT NOT NULL DEFAULT '',
         end_date TEXT NOT NULL DEFAULT '',
         days_attended INTEGER NOT NULL DEFAULT -1,
         subsidised INTEGER NOT NULL DEFAULT -1,
         completed INTEGER NOT NULL DEFAULT -1,
         certificate INTEGER NOT NULL DEFAULT -1,
         source TEXT NOT NULL DEFAULT '',
         external_key TEXT NOT NULL UNIQUE))",
    "CREATE INDEX trainings_person ON trainings(person_id, start_date)",
    "CREATE INDEX trainings_institution ON trainings(institution_employer_id, start_date)",
    R"(CREATE TABLE public_welfare_placements (
         {ID},
         person_id BIGINT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
         employer_id BIGINT REFERENCES employers(id),
         post_name TEXT NOT NULL DEFAULT '',
         start_date TEXT NOT NULL,
         end_date TEXT NOT NULL DEFAULT '',
         source TEXT NOT NULL DEFAULT '',
         external_key TEXT NOT NULL UNIQUE))",
    "CREATE INDEX placements_person ON public_welfare_placements(person_id, start_date)",
    "CREATE INDEX placements_employer ON public_welfare_placements(employer_id)",
    R"(CREATE TABLE dibao_payments (
         person_id BIGINT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
         household_id BIGINT REFERENCES households(id),
         month TEXT NOT NULL,
         amount BIGINT NOT NULL,
         source TEXT NOT NULL DEFAULT '',
         PRIMARY KEY (person_id, month)){CLUSTERED})",
    "CREATE INDEX dibao_household ON dibao_payments(household_id, month)",
    // `rule` is a rule id (RC-HIRE-GRAD) or a once-group; (source_system, external_ref) is the
    // paying system's own reference, so one payment is recorded once however often it arrives.
    R"(CREATE TABLE paid_subsidies (
         {ID},
         rule TEXT NOT NULL,
         person_id BIGINT REFERENCES persons(id) ON DELETE CASCADE,
         employer_id BIGINT REFERENCES employers(id),
         business_id BIGINT REFERENCES businesses(id),
         paid_on TEXT NOT NULL,
         amount BIGINT NOT NULL,
         source_system TEXT NOT NULL,
         external_ref TEXT NOT NULL,
         subject_id BIGINT NOT NULL DEFAULT 0,
         UNIQUE (source_system, external_ref)))",
    "CREATE INDEX paid_person ON paid_subsidies(person_id, rule)",
    "CREATE INDEX paid_employer ON paid_subsidies(employer_id, rule)",
    "CREATE INDEX paid_rule ON paid_subsidies(rule, paid_on)",
};

// Migration 7: case work (帮扶) — service records, assistance plans with steps and revision
// history, responsible staff and the rules that assign them. Dates 'YYYY-MM-DD' ('' = none).
// The table and column names are read by the service standards and the worklist: do not
// rename them (docs/casework.md).
const std::initializer_list<const char*> kCaseWork = {
    R"(CREATE TABLE service_records (
         {ID},
         person_id BIGINT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
         kind TEXT NOT NULL,
         service_date TEXT NOT NULL,
         staff_user_id BIGINT NOT NULL REFERENCES users(id),
         channel TEXT NOT NULL,
         notes TEXT NOT NULL DEFAULT '',
         outcome TEXT NOT NULL DEFAULT '',
         plan_id BIGINT,
         referral_employer_id BIGINT,
         referral_job_title TEXT NOT NULL DEFAULT '',
         follow_up_of BIGINT,
         created_at BIGINT NOT NULL))",
    "CREATE INDEX service_records_person ON service_records(person_id, service_date)",
    "CREATE INDEX service_records_staff ON service_records(staff_user_id, service_date)",
    R"(CREATE TABLE assistance_plans (
         {ID},
         person_id BIGINT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
         status TEXT NOT NULL,
         responsible_user_id BIGINT NOT NULL,
         opened_on TEXT NOT NULL,
         closed_on TEXT NOT NULL DEFAULT '',
         close_outcome TEXT NOT NULL DEFAULT '',
         causes TEXT NOT NULL DEFAULT '',
         cause_notes TEXT NOT NULL DEFAULT '',
         goals TEXT NOT NULL DEFAULT '',
         revision INTEGER NOT NULL,
         updated_at BIGINT NOT NULL))",
    "CREATE INDEX assistance_plans_person ON assistance_plans(person_id, id)",
    // At most one open plan per person.
    "CREATE UNIQUE INDEX assistance_plans_open ON assistance_plans(person_id) WHERE status = 'open'",
    R"(CREATE TABLE plan_steps (
         {ID},
         plan_id BIGINT NOT NULL REFERENCES assistance_plans(id) ON DELETE CASCADE,
         person_id BIGINT NOT NULL,
         title TEXT NOT NULL,
         service_kind TEXT NOT NULL DEFAULT '',
         owner_user_id BIGINT NOT NULL,
         due_date TEXT NOT NULL,
         status TEXT NOT NULL,
         done_on TEXT NOT NULL DEFAULT ''))",
    "CREATE INDEX plan_steps_plan ON plan_steps(plan_id, due_date)",
    "CREATE INDEX plan_steps_owner ON plan_steps(owner_user_id, status, due_date)",
    R"(CREATE TABLE plan_revisions (
         {ID},
         plan_id BIGINT NOT NULL REFERENCES assistance_plans(id) ON DELETE CASCADE,
         revision INTEGER NOT NULL,
         snapshot TEXT NOT NULL,
         changed_by BIGINT NOT NULL,
         changed_at BIGINT NOT NULL,
         reason TEXT NOT NULL DEFAULT ''))",
    "CREATE UNIQUE INDEX plan_revisions_key ON plan_revisions(plan_id, revision)",
    R"(CREATE TABLE case_assignments (
         person_id BIGINT PRIMARY KEY REFERENCES persons(id) ON DELETE CASCADE,
         staff_user_id BIGINT NOT NULL,
         assigned_on TEXT NOT NULL,
         assigned_by BIGINT NOT NULL DEFAULT 0,
         rule TEXT NOT NULL DEFAULT ''))",
    "CREATE INDEX case_assignments_staff ON case_assignments(staff_user_id)",
    R"(CREATE TABLE assignment_rules (
         region_code {REGION} PRIMARY KEY,
         staff_user_id BIGINT NOT NULL))",
};

// Migration 12: the job side (service/jobs.h). Occupation codes are "D-DD-DD-DD" text (byte
// order = code order); lists (aliases, majors, skills) are joined with '\x1f'; checks and
// reasons are JSON text; salaries are yuan per month (0 = not stated).
// Migration 40: the server keeps the case-work state in memory (worklists, compliance) and
// re-reads the persons whose case rows any process changed after a time. Rows written before
// the migration keep 0: the first build reads them anyway.
const std::initializer_list<const char*> kCaseWorkChanges = {
    "ALTER TABLE service_records ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0",
    "ALTER TABLE unemployment_registrations ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0",
    "CREATE INDEX service_records_updated ON service_records(updated_at)",
    "CREATE INDEX unemployment_registrations_updated ON unemployment_registrations(updated_at)",
    "CREATE INDEX assistance_plans_updated ON assistance_plans(updated_at)",
    "CREATE INDEX person_needs_updated ON person_needs(updated_at)",
};

// Migration 43: referrals made before it get the name of the registered employer they name.
constexpr const char* kReferralEmployerNames =
    "UPDATE service_records SET referral_employer_name = "
    "(SELECT e.name FROM employers e WHERE e.id = service_records.referral_employer_id) "
    "WHERE referral_employer_id IS NOT NULL "
    "AND EXISTS (SELECT 1 FROM employers e WHERE e.id = service_records.referral_employer_id)";

const std::initializer_list<const char*> kJobs = {
    R"(CREATE TABLE occupations (
         code TEXT NOT NULL PRIMARY KEY,
         level INTEGER NOT NULL,
         name TEXT NOT NULL,
         definition TEXT NOT NULL DEFAULT '',
         tasks TEXT NOT NULL DEFAULT '',
         aliases TEXT NOT NULL DEFAULT '',
         digital INTEGER NOT NULL DEFAULT 0,
         green INTEGER NOT NULL DEFAULT 0))",
    R"(CREATE TABLE employer_warnings (
         {ID},
         employer_id BIGINT NOT NULL REFERENCES employers(id) ON DELETE CASCADE,
         kind TEXT NOT NULL,
         evidence TEXT NOT NULL,
         from_date TEXT NOT NULL,
         to_date TEXT NOT NULL DEFAULT '',
         recorded_by BIGINT NOT NULL DEFAULT 0,
         recorded_by_name TEXT NOT NULL DEFAULT '',
         recorded_at BIGINT NOT NULL))",
    "CREATE INDEX employer_warnings_employer ON employer_warnings(employer_id, from_date)",
    R"(CREATE TABLE job_postings (
         {ID},
         employer_id BIGINT NOT NULL REFERENCES employers(id),
         title TEXT NOT NULL,
         occupation_code {REGION} NOT NULL DEFAULT '',
         occupation_from_title INTEGER NOT NULL DEFAULT 0,
         openings INTEGER NOT NULL DEFAULT 1,
         education TEXT NOT NULL DEFAULT '',
         majors TEXT NOT NULL DEFAULT '',
         skills TEXT NOT NULL DEFAULT '',
         salary_min BIGINT NOT NULL DEFAULT 0,
         salary_max BIGINT NOT NULL DEFAULT 0,
         region_code {REGION} NOT NULL,
         address TEXT NOT NULL DEFAULT '',
         work_kind TEXT NOT NULL,
         description TEXT NOT NULL DEFAULT '',
         valid_until TEXT NOT NULL DEFAULT '',
         status TEXT NOT NULL,
         reject_reason TEXT NOT NULL DEFAULT '',
         close_reason TEXT NOT NULL DEFAULT '',
         checks TEXT NOT NULL DEFAULT '[]',
         source TEXT NOT NULL DEFAULT '',
         external_key TEXT NOT NULL DEFAULT '',
         created_by BIGINT NOT NULL DEFAULT 0,
         reviewed_by BIGINT NOT NULL DEFAULT 0,
         created_at BIGINT NOT NULL,
         updated_at BIGINT NOT NULL,
         reviewed_at BIGINT NOT NULL DEFAULT 0,
         version BIGINT NOT NULL DEFAULT 1))",
    "CREATE INDEX job_postings_region ON job_postings(region_code, status, id)",
    "CREATE INDEX job_postings_employer ON job_postings(employer_id, id)",
    "CREATE INDEX job_postings_occupation ON job_postings(occupation_code, status)",
    "CREATE UNIQUE INDEX job_postings_key ON job_postings(external_key) WHERE external_key <> ''",
    R"(CREATE TABLE match_runs (
         {ID},
         scope {REGION} NOT NULL,
         persons BIGINT NOT NULL DEFAULT 0,
         postings BIGINT NOT NULL DEFAULT 0,
         results BIGINT NOT NULL DEFAULT 0,
         started_by BIGINT NOT NULL DEFAULT 0,
         started_at BIGINT NOT NULL,
         finished_at BIGINT NOT NULL))",
    R"(CREATE TABLE match_results (
         subject_kind TEXT NOT NULL,
         subject_id BIGINT NOT NULL,
         rank INTEGER NOT NULL,
         run_id BIGINT NOT NULL REFERENCES match_runs(id),
         other_id BIGINT NOT NULL,
         score DOUBLE PRECISION NOT NULL,
         reasons TEXT NOT NULL DEFAULT '[]',
         region_code {REGION} NOT NULL,
         PRIMARY KEY (subject_kind, subject_id, rank)){CLUSTERED})",
    "CREATE INDEX match_results_region ON match_results(region_code)",
};

// A job referral may name the posting it refers to (employer and title are copied from it).
// The unique index makes a one-click push idempotent per person, posting and day, also when
// two clicks race.
const std::initializer_list<const char*> kReferrals = {
    "ALTER TABLE service_records ADD COLUMN referral_posting_id BIGINT",
    "CREATE INDEX service_records_posting ON service_records(referral_posting_id) "
    "WHERE referral_posting_id IS NOT NULL",
    "CREATE UNIQUE INDEX service_records_referral_day ON service_records(person_id, referral_posting_id, "
    "service_date) WHERE referral_posting_id IS NOT NULL",
    "CREATE INDEX service_records_referral_employer ON service_records(referral_employer_id) "
    "WHERE referral_employer_id IS NOT NULL",
};

}  // namespace

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
      {2,
       "real-name ledger: persons, categories, status history, contacts, households",
       {
           R"(CREATE TABLE households (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                region_code TEXT NOT NULL DEFAULT '',
                address TEXT NOT NULL DEFAULT '',
                external_key TEXT NOT NULL DEFAULT '',
                zero_employment INTEGER NOT NULL DEFAULT 0,
                zero_employment_since TEXT NOT NULL DEFAULT ''))",
           "CREATE INDEX households_region ON households(region_code)",
           "CREATE INDEX households_zero ON households(zero_employment, region_code)",
           "CREATE UNIQUE INDEX households_key ON households(external_key) WHERE external_key <> ''",
           R"(CREATE TABLE persons (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                id_number_cipher TEXT NOT NULL,
                id_number_hash TEXT NOT NULL UNIQUE,
                id_number_masked TEXT NOT NULL,
                name TEXT NOT NULL,
                birth_date TEXT NOT NULL,
                sex TEXT NOT NULL,
                mobile_cipher TEXT NOT NULL DEFAULT '',
                mobile_hash TEXT NOT NULL DEFAULT '',
                mobile_masked TEXT NOT NULL DEFAULT '',
                hukou_region TEXT NOT NULL DEFAULT '',
                residence_region TEXT NOT NULL DEFAULT '',
                region_code TEXT NOT NULL,
                education TEXT NOT NULL DEFAULT '',
                school TEXT NOT NULL DEFAULT '',
                major TEXT NOT NULL DEFAULT '',
                graduation_date TEXT NOT NULL DEFAULT '',
                skills TEXT NOT NULL DEFAULT '',
                desired_occupation TEXT NOT NULL DEFAULT '',
                desired_region TEXT NOT NULL DEFAULT '',
                expected_salary_min BIGINT NOT NULL DEFAULT 0,
                expected_salary_max BIGINT NOT NULL DEFAULT 0,
                able_to_work INTEGER NOT NULL DEFAULT 1,
                wants_work INTEGER NOT NULL DEFAULT 1,
                status TEXT NOT NULL,
                status_since TEXT NOT NULL,
                household_id BIGINT REFERENCES households(id),
                responsible_user_id BIGINT,
                last_contact TEXT NOT NULL DEFAULT '',
                version BIGINT NOT NULL DEFAULT 1,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           "CREATE INDEX persons_region ON persons(region_code)",
           "CREATE INDEX persons_name ON persons(name, birth_date)",
           "CREATE INDEX persons_mobile ON persons(mobile_hash)",
           "CREATE INDEX persons_status ON persons(status, region_code)",
           "CREATE INDEX persons_graduation ON persons(graduation_date)",
           "CREATE INDEX persons_responsible ON persons(responsible_user_id)",
           "CREATE INDEX persons_household ON persons(household_id)",
           "CREATE INDEX persons_contact ON persons(last_contact)",
           R"(CREATE TABLE person_categories (
                person_id BIGINT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
                category TEXT NOT NULL,
                valid_from TEXT NOT NULL,
                valid_to TEXT NOT NULL DEFAULT '',
                source TEXT NOT NULL DEFAULT ''))",
           "CREATE INDEX person_categories_cat ON person_categories(category, person_id)",
           "CREATE INDEX person_categories_person ON person_categories(person_id)",
           R"(CREATE TABLE status_history (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                person_id BIGINT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
                status TEXT NOT NULL,
                detail TEXT NOT NULL DEFAULT '',
                effective TEXT NOT NULL,
                recorded_at BIGINT NOT NULL,
                recorded_by BIGINT NOT NULL DEFAULT 0,
                recorded_by_name TEXT NOT NULL DEFAULT '',
                reason TEXT NOT NULL DEFAULT ''))",
           "CREATE INDEX status_history_person ON status_history(person_id, id)",
           R"(CREATE TABLE contacts (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                person_id BIGINT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
                date TEXT NOT NULL,
                channel TEXT NOT NULL,
                classification TEXT NOT NULL,
                notes TEXT NOT NULL DEFAULT '',
                staff_id BIGINT NOT NULL DEFAULT 0,
                recorded_at BIGINT NOT NULL))",
           "CREATE INDEX contacts_person ON contacts(person_id, date)",
       },
       {
           R"(CREATE TABLE households (
                id BIGSERIAL PRIMARY KEY,
                region_code TEXT COLLATE "C" NOT NULL DEFAULT '',
                address TEXT NOT NULL DEFAULT '',
                external_key TEXT NOT NULL DEFAULT '',
                zero_employment INTEGER NOT NULL DEFAULT 0,
                zero_employment_since TEXT NOT NULL DEFAULT ''))",
           "CREATE INDEX households_region ON households(region_code)",
           "CREATE INDEX households_zero ON households(zero_employment, region_code)",
           "CREATE UNIQUE INDEX households_key ON households(external_key) WHERE external_key <> ''",
           R"(CREATE TABLE persons (
                id BIGSERIAL PRIMARY KEY,
                id_number_cipher TEXT NOT NULL,
                id_number_hash TEXT NOT NULL UNIQUE,
                id_number_masked TEXT NOT NULL,
                name TEXT NOT NULL,
                birth_date TEXT NOT NULL,
                sex TEXT NOT NULL,
                mobile_cipher TEXT NOT NULL DEFAULT '',
                mobile_hash TEXT NOT NULL DEFAULT '',
                mobile_masked TEXT NOT NULL DEFAULT '',
                hukou_region TEXT NOT NULL DEFAULT '',
                residence_region TEXT NOT NULL DEFAULT '',
                region_code TEXT COLLATE "C" NOT NULL,
                education TEXT NOT NULL DEFAULT '',
                school TEXT NOT NULL DEFAULT '',
                major TEXT NOT NULL DEFAULT '',
                graduation_date TEXT NOT NULL DEFAULT '',
                skills TEXT NOT NULL DEFAULT '',
                desired_occupation TEXT NOT NULL DEFAULT '',
                desired_region TEXT NOT NULL DEFAULT '',
                expected_salary_min BIGINT NOT NULL DEFAULT 0,
                expected_salary_max BIGINT NOT NULL DEFAULT 0,
                able_to_work INTEGER NOT NULL DEFAULT 1,
                wants_work INTEGER NOT NULL DEFAULT 1,
                status TEXT NOT NULL,
                status_since TEXT NOT NULL,
                household_id BIGINT REFERENCES households(id),
                responsible_user_id BIGINT,
                last_contact TEXT NOT NULL DEFAULT '',
                version BIGINT NOT NULL DEFAULT 1,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           "CREATE INDEX persons_region ON persons(region_code)",
           "CREATE INDEX persons_name ON persons(name, birth_date)",
           "CREATE INDEX persons_mobile ON persons(mobile_hash)",
           "CREATE INDEX persons_status ON persons(status, region_code)",
           "CREATE INDEX persons_graduation ON persons(graduation_date)",
           "CREATE INDEX persons_responsible ON persons(responsible_user_id)",
           "CREATE INDEX persons_household ON persons(household_id)",
           "CREATE INDEX persons_contact ON persons(last_contact)",
           R"(CREATE TABLE person_categories (
                person_id BIGINT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
                category TEXT NOT NULL,
                valid_from TEXT NOT NULL,
                valid_to TEXT NOT NULL DEFAULT '',
                source TEXT NOT NULL DEFAULT ''))",
           "CREATE INDEX person_categories_cat ON person_categories(category, person_id)",
           "CREATE INDEX person_categories_person ON person_categories(person_id)",
           R"(CREATE TABLE status_history (
                id BIGSERIAL PRIMARY KEY,
                person_id BIGINT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
                status TEXT NOT NULL,
                detail TEXT NOT NULL DEFAULT '',
                effective TEXT NOT NULL,
                recorded_at BIGINT NOT NULL,
                recorded_by BIGINT NOT NULL DEFAULT 0,
                recorded_by_name TEXT NOT NULL DEFAULT '',
                reason TEXT NOT NULL DEFAULT ''))",
           "CREATE INDEX status_history_person ON status_history(person_id, id)",
           R"(CREATE TABLE contacts (
                id BIGSERIAL PRIMARY KEY,
                person_id BIGINT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
                date TEXT NOT NULL,
                channel TEXT NOT NULL,
                classification TEXT NOT NULL,
                notes TEXT NOT NULL DEFAULT '',
                staff_id BIGINT NOT NULL DEFAULT 0,
                recorded_at BIGINT NOT NULL))",
           "CREATE INDEX contacts_person ON contacts(person_id, date)",
       }},
      {3,
       "work calendar and unemployment registrations",
       {
           R"(CREATE TABLE calendar_days (
                day TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                name TEXT NOT NULL DEFAULT ''))",
           R"(CREATE TABLE unemployment_registrations (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                person_id BIGINT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
                office_region TEXT NOT NULL,
                applied_on TEXT NOT NULL,
                due_on TEXT NOT NULL,
                completed_on TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL,
                note TEXT NOT NULL DEFAULT '',
                staff_id BIGINT NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL))",
           "CREATE INDEX registrations_person ON unemployment_registrations(person_id)",
           "CREATE INDEX registrations_open ON unemployment_registrations(status, due_on)",
       },
       {
           R"(CREATE TABLE calendar_days (
                day TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                name TEXT NOT NULL DEFAULT ''))",
           R"(CREATE TABLE unemployment_registrations (
                id BIGSERIAL PRIMARY KEY,
                person_id BIGINT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
                office_region TEXT COLLATE "C" NOT NULL,
                applied_on TEXT NOT NULL,
                due_on TEXT NOT NULL,
                completed_on TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL,
                note TEXT NOT NULL DEFAULT '',
                staff_id BIGINT NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL))",
           "CREATE INDEX registrations_person ON unemployment_registrations(person_id)",
           "CREATE INDEX registrations_open ON unemployment_registrations(status, due_on)",
       }},
      {4,
       "covering index for category filters",
       {
           // Covering index: "is this person in category C on day D" without touching the table.
           "CREATE INDEX person_categories_cover ON person_categories(person_id, category, valid_from, valid_to)",
           "DROP INDEX person_categories_person",
           // Lists filtered by status inside a region range.
           "CREATE INDEX persons_region_status ON persons(region_code, status)",
       },
       {
           // Covering index: "is this person in category C on day D" without touching the table.
           "CREATE INDEX person_categories_cover ON person_categories(person_id, category, valid_from, valid_to)",
           "DROP INDEX person_categories_person",
           // Lists filtered by status inside a region range.
           "CREATE INDEX persons_region_status ON persons(region_code, status)",
       }},
      {5,
       "policy runs, entitlements, payment batches, outbox; job seeker accounts linked to a person",
       {
           R"(CREATE TABLE policy_runs (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                pack_id TEXT NOT NULL,
                as_of TEXT NOT NULL,
                scope TEXT NOT NULL,
                started_by BIGINT NOT NULL DEFAULT 0,
                started_by_name TEXT NOT NULL DEFAULT '',
                started_at BIGINT NOT NULL,
                finished_at BIGINT NOT NULL,
                subjects BIGINT NOT NULL DEFAULT 0,
                eligible BIGINT NOT NULL DEFAULT 0,
                undecidable BIGINT NOT NULL DEFAULT 0,
                not_configured BIGINT NOT NULL DEFAULT 0,
                new_candidates BIGINT NOT NULL DEFAULT 0,
                new_amount_fen BIGINT NOT NULL DEFAULT 0,
                summary TEXT NOT NULL DEFAULT ''))",
           "CREATE INDEX policy_runs_scope ON policy_runs(scope, id)",
           R"(CREATE TABLE payment_batches (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                name TEXT NOT NULL,
                scope TEXT NOT NULL,
                status TEXT NOT NULL,
                created_by BIGINT NOT NULL DEFAULT 0,
                created_by_name TEXT NOT NULL DEFAULT '',
                created_at BIGINT NOT NULL,
                paid_at BIGINT,
                count BIGINT NOT NULL DEFAULT 0,
                total_fen BIGINT NOT NULL DEFAULT 0))",
           "CREATE INDEX payment_batches_scope ON payment_batches(scope, id)",
           R"(CREATE TABLE entitlements (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                run_id BIGINT NOT NULL REFERENCES policy_runs(id),
                pack_id TEXT NOT NULL,
                rule_id TEXT NOT NULL,
                rule_name TEXT NOT NULL DEFAULT '',
                clause TEXT NOT NULL DEFAULT '',
                subject_kind TEXT NOT NULL,
                subject_id BIGINT NOT NULL,
                period TEXT NOT NULL DEFAULT '',
                person_id BIGINT NOT NULL DEFAULT 0,
                person_name TEXT NOT NULL DEFAULT '',
                payee_kind TEXT NOT NULL,
                payee_id BIGINT NOT NULL,
                payee_name TEXT NOT NULL DEFAULT '',
                amount_fen BIGINT NOT NULL,
                region_code TEXT NOT NULL,
                as_of TEXT NOT NULL,
                explanation TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL,
                reason TEXT NOT NULL DEFAULT '',
                decided_by BIGINT NOT NULL DEFAULT 0,
                decided_by_name TEXT NOT NULL DEFAULT '',
                decided_at BIGINT,
                batch_id BIGINT NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL))",
           "CREATE UNIQUE INDEX entitlements_key ON entitlements(rule_id, subject_kind, subject_id, period)",
           "CREATE INDEX entitlements_region_status ON entitlements(region_code, status, id)",
           "CREATE INDEX entitlements_person ON entitlements(person_id) WHERE person_id <> 0",
           "CREATE INDEX entitlements_payee ON entitlements(payee_kind, payee_id)",
           "CREATE INDEX entitlements_batch ON entitlements(batch_id) WHERE batch_id <> 0",
           "CREATE INDEX entitlements_run ON entitlements(run_id)",
           R"(CREATE TABLE outbox (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                recipient_kind TEXT NOT NULL,
                recipient_id BIGINT NOT NULL,
                entitlement_id BIGINT NOT NULL DEFAULT 0,
                title TEXT NOT NULL,
                body TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                sent_at BIGINT,
                channel TEXT NOT NULL DEFAULT ''))",
           "CREATE INDEX outbox_recipient ON outbox(recipient_kind, recipient_id, id)",
           "CREATE INDEX outbox_unsent ON outbox(id) WHERE sent_at IS NULL",
           "ALTER TABLE users ADD COLUMN person_id BIGINT",
       },
       {
           R"(CREATE TABLE policy_runs (
                id BIGSERIAL PRIMARY KEY,
                pack_id TEXT NOT NULL,
                as_of TEXT NOT NULL,
                scope TEXT COLLATE "C" NOT NULL,
                started_by BIGINT NOT NULL DEFAULT 0,
                started_by_name TEXT NOT NULL DEFAULT '',
                started_at BIGINT NOT NULL,
                finished_at BIGINT NOT NULL,
                subjects BIGINT NOT NULL DEFAULT 0,
                eligible BIGINT NOT NULL DEFAULT 0,
                undecidable BIGINT NOT NULL DEFAULT 0,
                not_configured BIGINT NOT NULL DEFAULT 0,
                new_candidates BIGINT NOT NULL DEFAULT 0,
                new_amount_fen BIGINT NOT NULL DEFAULT 0,
                summary TEXT NOT NULL DEFAULT ''))",
           "CREATE INDEX policy_runs_scope ON policy_runs(scope, id)",
           R"(CREATE TABLE payment_batches (
                id BIGSERIAL PRIMARY KEY,
                name TEXT NOT NULL,
                scope TEXT COLLATE "C" NOT NULL,
                status TEXT NOT NULL,
                created_by BIGINT NOT NULL DEFAULT 0,
                created_by_name TEXT NOT NULL DEFAULT '',
                created_at BIGINT NOT NULL,
                paid_at BIGINT,
                count BIGINT NOT NULL DEFAULT 0,
                total_fen BIGINT NOT NULL DEFAULT 0))",
           "CREATE INDEX payment_batches_scope ON payment_batches(scope, id)",
           R"(CREATE TABLE entitlements (
                id BIGSERIAL PRIMARY KEY,
                run_id BIGINT NOT NULL REFERENCES policy_runs(id),
                pack_id TEXT NOT NULL,
                rule_id TEXT NOT NULL,
                rule_name TEXT NOT NULL DEFAULT '',
                clause TEXT NOT NULL DEFAULT '',
                subject_kind TEXT NOT NULL,
                subject_id BIGINT NOT NULL,
                period TEXT NOT NULL DEFAULT '',
                person_id BIGINT NOT NULL DEFAULT 0,
                person_name TEXT NOT NULL DEFAULT '',
                payee_kind TEXT NOT NULL,
                payee_id BIGINT NOT NULL,
                payee_name TEXT NOT NULL DEFAULT '',
                amount_fen BIGINT NOT NULL,
                region_code TEXT COLLATE "C" NOT NULL,
                as_of TEXT NOT NULL,
                explanation TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL,
                reason TEXT NOT NULL DEFAULT '',
                decided_by BIGINT NOT NULL DEFAULT 0,
                decided_by_name TEXT NOT NULL DEFAULT '',
                decided_at BIGINT,
                batch_id BIGINT NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL))",
           "CREATE UNIQUE INDEX entitlements_key ON entitlements(rule_id, subject_kind, subject_id, period)",
           "CREATE INDEX entitlements_region_status ON entitlements(region_code, status, id)",
           "CREATE INDEX entitlements_person ON entitlements(person_id) WHERE person_id <> 0",
           "CREATE INDEX entitlements_payee ON entitlements(payee_kind, payee_id)",
           "CREATE INDEX entitlements_batch ON entitlements(batch_id) WHERE batch_id <> 0",
           "CREATE INDEX entitlements_run ON entitlements(run_id)",
           R"(CREATE TABLE outbox (
                id BIGSERIAL PRIMARY KEY,
                recipient_kind TEXT NOT NULL,
                recipient_id BIGINT NOT NULL,
                entitlement_id BIGINT NOT NULL DEFAULT 0,
                title TEXT NOT NULL,
                body TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                sent_at BIGINT,
                channel TEXT NOT NULL DEFAULT ''))",
           "CREATE INDEX outbox_recipient ON outbox(recipient_kind, recipient_id, id)",
           "CREATE INDEX outbox_unsent ON outbox(id) WHERE sent_at IS NULL",
           "ALTER TABLE users ADD COLUMN person_id BIGINT",
       }},
      {6,
       "policy data: employers, employments, contributions, businesses, internships, trainings, "
       "public-welfare placements, dibao payments, paid subsidies",
       Expand(kPolicyData, Dialect::kSqlite),
       Expand(kPolicyData, Dialect::kPostgres)},
      {7,
       "case work: service records, assistance plans, plan steps and revisions, case assignments "
       "and assignment rules",
       Expand(kCaseWork, Dialect::kSqlite),
       Expand(kCaseWork, Dialect::kPostgres)},
      {8, "policy parameter values set by an administrator, with effective date and source",
       Expand(kPolicyParams, Dialect::kSqlite), Expand(kPolicyParams, Dialect::kPostgres)},
      {10,
       "cheaper persons indexes for bulk imports",
       Expand(kLedgerIndexes, Dialect::kSqlite),
       [] {
         // PostgreSQL indexes do not carry the row id as SQLite's do: include it, so that the
         // filtered list's ids come from an index-only scan once autovacuum has visited.
         auto pg = Expand(kLedgerIndexes, Dialect::kPostgres);
         pg.push_back("DROP INDEX persons_status");
         pg.push_back("CREATE INDEX persons_status ON persons(status, region_code) INCLUDE (id)");
         return pg;
       }()},
      {12, "jobs: occupations, employer warnings, job postings, match runs and results",
       Expand(kJobs, Dialect::kSqlite), Expand(kJobs, Dialect::kPostgres)},
      {13,
       "job referrals name the posting they refer to; one referral of a person to a posting a day",
       Expand(kReferrals, Dialect::kSqlite), Expand(kReferrals, Dialect::kPostgres)},
      {14, "case work: person needs (training need, start-up intention); responsible staff "
           "reconciled with case assignments",
       Expand(kPersonNeeds, Dialect::kSqlite), Expand(kPersonNeeds, Dialect::kPostgres)},
      {15, "employer recognitions (就业基地, 创业孵化基地, 就业帮扶车间 evaluations); entitlement kind",
       Expand(kRecognitions, Dialect::kSqlite), Expand(kRecognitions, Dialect::kPostgres)},
      // Migration 16: blind indexes (keyed BLAKE2b of ID number and mobile) as their 32 bytes
      // instead of 64 hex characters: half the key in the unique index a bulk import maintains
      // on random keys and in persons_mobile, and 64 bytes less per row. SQLite keeps the
      // declared TEXT type (a rebuild of persons would rewrite every table that references
      // it): TEXT affinity never converts BLOB values, and every statement binds BLOBs. An
      // empty mobile hash (no mobile) becomes the empty BLOB / BYTEA.
      {16, "persons: blind indexes stored as BLOB / BYTEA",
       // Every key of the unique index moves: with the connection's usual 8 MB page cache the
       // UPDATE spills dirty index pages to the log over and over (a million people: 331 s
       // wall, 42 s user + 44 s system CPU under load). A large cache for this statement only,
       // and persons_mobile built once afterwards instead of maintained row by row.
       {"PRAGMA cache_size=-524288", "DROP INDEX persons_mobile",
        "UPDATE persons SET id_number_hash = unhex(id_number_hash), mobile_hash = unhex(mobile_hash)",
        "CREATE INDEX persons_mobile ON persons(mobile_hash)", "PRAGMA cache_size=-8192"},
       {"ALTER TABLE persons ALTER COLUMN mobile_hash DROP DEFAULT",
        "ALTER TABLE persons ALTER COLUMN id_number_hash TYPE BYTEA USING decode(id_number_hash, 'hex'), "
        "ALTER COLUMN mobile_hash TYPE BYTEA USING decode(mobile_hash, 'hex')",
        "ALTER TABLE persons ALTER COLUMN mobile_hash SET DEFAULT ''::bytea"}},
      {17, "person categories carry the person's status and region: category lists are one index range",
       Expand(kCategoryListColumns, Dialect::kSqlite), Expand(kCategoryListColumns, Dialect::kPostgres)},
      {19, "updated_at indexes: the server's matcher picks up rows that other processes changed",
       {"CREATE INDEX persons_updated ON persons(updated_at)",
        "CREATE INDEX job_postings_updated ON job_postings(updated_at)"},
       {"CREATE INDEX persons_updated ON persons(updated_at)",
        "CREATE INDEX job_postings_updated ON job_postings(updated_at)"}},
      {40, "case work: updated_at on service records and unemployment registrations, updated_at indexes",
       Expand(kCaseWorkChanges, Dialect::kSqlite), Expand(kCaseWorkChanges, Dialect::kPostgres)},
      // A referral says whom it is to in words: the employer's name as it stood when the referral
      // was recorded (copied like the job title; typed for an employer outside the platform,
      // which has no employers row) and an optional contact. Older referrals get their
      // registered employer's name.
      {43, "job referrals: the employer's name and a contact for jobs outside the platform",
       {"ALTER TABLE service_records ADD COLUMN referral_employer_name TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE service_records ADD COLUMN referral_contact TEXT NOT NULL DEFAULT ''",
        kReferralEmployerNames},
       {"ALTER TABLE service_records ADD COLUMN referral_employer_name TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE service_records ADD COLUMN referral_contact TEXT NOT NULL DEFAULT ''",
        kReferralEmployerNames}},
      {50, "ledger change feed; lists served from memory instead of six list indexes",
       Expand(kLedgerFeed, Dialect::kSqlite), Expand(kLedgerFeed, Dialect::kPostgres)},
      {51, "a new person's first status-history entry kept in the person's row",
       Expand(kFirstStatus, Dialect::kSqlite), Expand(kFirstStatus, Dialect::kPostgres)},
      {52, "persons: the unique blind index a named index that a bulk load builds after its rows; "
           "persons_updated dropped (the change feed replaces it)",
       Expand(kNamedIdIndexSqlite, Dialect::kSqlite), {"DROP INDEX persons_updated"}},
      {53, "persons: category periods in the person's row; person_categories dropped",
       Expand(kInlineCategoriesSqlite, Dialect::kSqlite), Expand(kInlineCategoriesPostgres, Dialect::kPostgres)},
      {54, "persons: the region index without the status",
       Expand(kRegionIndex, Dialect::kSqlite), Expand(kRegionIndex, Dialect::kPostgres)},
  };
  return kMigrations;
}

}  // namespace bangfu::store
