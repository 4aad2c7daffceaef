#include "bangfu/service/person_import.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "bangfu/base/huge_pages.h"
#include "bangfu/domain/identity.h"
#include "bangfu/domain/person_types.h"
#include "bangfu/service/casework.h"
#include "bangfu/service/region_service.h"
#include "transaction_thread.h"

namespace bangfu::service {
namespace {

// Runs fn(begin, end) over [0, n) on every core and waits: each thread takes the next block
// of rows until none is left, so a core slowed by other work does fewer of them. `fn` must only
// touch its own slots. The first exception thrown by a block is rethrown here.
// `spare`: cores left to other work (an import's writer thread).
void ParallelChunks(size_t n, const std::function<void(size_t, size_t)>& fn, size_t spare = 0) {
  constexpr size_t kBlock = 4096;  // Rows per turn: a thread costs more than a few thousand rows.
  const size_t all = std::max(1u, std::thread::hardware_concurrency());
  const size_t cores = all > spare ? all - spare : 1;
  const size_t threads = std::min<size_t>({cores, 16, (n + kBlock - 1) / kBlock});
  if (threads <= 1) {
    fn(0, n);
    return;
  }
  std::atomic<size_t> next{0};
  std::vector<std::exception_ptr> failures(threads);
  std::vector<std::thread> pool;
  for (size_t t = 0; t < threads; ++t) {
    pool.emplace_back([&fn, &failures, &next, n, t] {
      try {
        for (size_t begin; (begin = next.fetch_add(kBlock)) < n;) fn(begin, std::min(n, begin + kBlock));
      } catch (...) {
        failures[t] = std::current_exception();
        next = n;
      }
    });
  }
  for (auto& th : pool) th.join();
  for (auto& f : failures)
    if (f) std::rethrow_exception(f);
}

// A blind index: the 32-byte keyed BLAKE2b digest of an ID number (PersonalDataCipher).
using Blind = std::array<unsigned char, 32>;

// Where each of a set of blind indexes sits in an array the caller keeps (open addressing, a
// position and a tag per slot, no allocation per key). The digest is a keyed hash already, so
// its first bytes serve as the hash value and the next ones as the tag.
class BlindTable {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  explicit BlindTable(size_t n) {
    size_t capacity = 16;
    while (capacity < n + n / 2) capacity <<= 1;
    ReserveHuge(slots_, capacity);
    slots_.assign(capacity, Slot{kNone, 0});
    mask_ = capacity - 1;
  }
  // The position stored under `key` (key_of(position) is the key at a position), else kNone.
  template <typename KeyOf>
  uint32_t Find(const Blind& key, const KeyOf& key_of) const {
    const uint32_t tag = Tag(key);
    for (size_t i = Start(key);; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.pos == kNone) return kNone;
      if (s.tag == tag && key_of(s.pos) == key) return s.pos;
    }
  }
  // Stores `pos` under `key` and returns kNone; when the key is there already, returns its
  // position and stores nothing.
  template <typename KeyOf>
  uint32_t Insert(const Blind& key, uint32_t pos, const KeyOf& key_of) {
    const uint32_t tag = Tag(key);
    for (size_t i = Start(key);; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.pos == kNone) {
        s = {pos, tag};
        return kNone;
      }
      if (s.tag == tag && key_of(s.pos) == key) return s.pos;
    }
  }

 private:
  struct Slot {
    uint32_t pos;
    uint32_t tag;
  };
  size_t Start(const Blind& key) const {
    uint64_t h;
    std::memcpy(&h, key.data(), sizeof h);
    return static_cast<size_t>(h) & mask_;
  }
  static uint32_t Tag(const Blind& key) {
    uint32_t t;
    std::memcpy(&t, key.data() + 8, sizeof t);
    return t;
  }
  std::vector<Slot> slots_;
  size_t mask_ = 0;
};

// Hash for string keys looked up by string_view.
struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

bool SameCategories(const std::vector<CategoryPeriod>& a, const std::vector<CategoryPeriod>& b) {
  auto key = [](const std::vector<CategoryPeriod>& v) {
    std::set<std::string> k;
    for (const auto& c : v)
      k.insert(c.category + "|" + c.valid_from.ToString() + "|" + (c.valid_to ? c.valid_to->ToString() : ""));
    return k;
  };
  return key(a) == key(b);
}

bool SamePerson(const Person& a, const Person& b) {
  return a.name == b.name && a.mobile_hash == b.mobile_hash && a.hukou_region == b.hukou_region &&
         a.residence_region == b.residence_region && a.education == b.education &&
         a.school == b.school && a.major == b.major && a.graduation_date == b.graduation_date &&
         a.status == b.status && a.skills == b.skills && a.desired_occupation == b.desired_occupation &&
         a.expected_salary_min == b.expected_salary_min && a.expected_salary_max == b.expected_salary_max &&
         SameCategories(a.categories, b.categories) && a.household_id == b.household_id;
}

}  // namespace

const std::vector<std::pair<std::string, std::vector<std::string>>>& PersonImportColumns() {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> kColumns = {
      {"name", {"姓名", "学生姓名"}},
      {"id_number", {"身份证号", "公民身份号码", "身份证号码", "证件号码", "身份证件号码", "身份证"}},
      {"mobile", {"手机号", "手机号码", "联系电话", "联系方式", "手机", "移动电话", "联系手机", "本人手机号"}},
      {"hukou_region", {"户籍地区划代码", "户籍地代码", "户籍地", "户籍所在地", "生源地"}},
      {"residence_region", {"居住地区划代码", "居住地代码", "现居住地", "居住地", "常住地"}},
      {"education", {"学历", "学历层次", "最高学历", "文化程度"}},
      {"school", {"毕业院校", "院校", "学校", "毕业学校", "院校名称"}},
      {"major", {"专业", "所学专业", "专业名称"}},
      {"graduation_date", {"毕业时间", "毕业日期", "毕业年月"}},
      {"categories", {"人员类别", "类别"}},
      {"category_from", {"类别起始日期", "认定日期"}},
      {"category_to", {"类别截止日期"}},
      {"category_source", {"类别来源", "数据来源"}},
      {"status", {"就业状态", "就业情况"}},
      {"household_key", {"家庭编号", "户编号"}},
      {"skills", {"技能", "职业技能"}},
      {"desired_occupation", {"求职意向", "意向职业", "意向岗位"}},
      {"expected_salary", {"期望月薪", "期望薪资"}},
  };
  return kColumns;
}

ImportReport NewReport(const Table& table, const ImportOptions& options) {
  ImportReport report;
  report.dry_run = options.dry_run;
  report.mode = options.mode;
  report.format = table.format;
  report.encoding = table.encoding;
  report.rows = static_cast<int64_t>(table.rows.size());
  report.title_lines = table.title_lines;
  return report;
}

Result<ImportReport> PersonImporter::Run(const RequestContext& ctx, std::string_view bytes,
                                         const ImportOptions& options) {
  if (!PersonService::CanWrite(ctx.principal.role)) return Error::PermissionDenied("当前角色不能导入台账");
  ReadTableOptions read = options.table;
  for (const auto& [field, names] : PersonImportColumns()) read.header_names.insert(read.header_names.end(), names.begin(), names.end());
  BANGFU_ASSIGN_OR_RETURN(Table table, ReadTable(bytes, read));
  ImportReport report = NewReport(table, options);

  // Column positions and the header each field came from.
  std::map<std::string, int> col;
  std::map<std::string, std::string> header_of;
  for (const auto& [field, names] : PersonImportColumns()) {
    for (const auto& n : names) {
      int i = FindColumn(table, {n});
      if (i >= 0) {
        col[field] = i;
        header_of[field] = n;
        break;
      }
    }
  }
  for (const char* required : {"name", "id_number"}) {
    if (!col.count(required)) {
      const auto& names = std::find_if(PersonImportColumns().begin(), PersonImportColumns().end(),
                                       [&](const auto& c) { return c.first == required; })->second;
      return Error::InvalidArgument(MissingColumn(table, names.front()), names.front());
    }
  }
  {
    std::vector<int> used;
    for (const auto& [field, i] : col) used.push_back(i);
    report.ignored_columns = UnusedColumns(table, used);
  }
  auto has = [&](const char* f) { return col.count(f) > 0; };
  auto index_of = [&](const char* f) {
    auto it = col.find(f);
    return it == col.end() ? -1 : it->second;
  };
  const int c_name = index_of("name"), c_id = index_of("id_number"), c_mobile = index_of("mobile"),
            c_hukou = index_of("hukou_region"), c_residence = index_of("residence_region"),
            c_education = index_of("education"), c_school = index_of("school"),
            c_major = index_of("major"), c_graduation = index_of("graduation_date"),
            c_categories = index_of("categories"), c_cat_from = index_of("category_from"),
            c_cat_to = index_of("category_to"), c_cat_source = index_of("category_source"),
            c_status = index_of("status"), c_household = index_of("household_key"),
            c_skills = index_of("skills"), c_occupation = index_of("desired_occupation"),
            c_salary = index_of("expected_salary");
  auto cell = [](const TableRow& row, int c) -> std::string_view {
    return c < 0 || c >= static_cast<int>(row.fields.size()) ? std::string_view() : row.fields[c];
  };
  auto column_for = [&](const std::string& field) {
    auto it = header_of.find(field);
    if (it != header_of.end()) return it->second;
    if (field == "expected_salary_min" || field == "expected_salary_max") return header_of["expected_salary"];
    return field;
  };

  const Date today = clock_.Today();
  const size_t n = table.rows.size();
  // People already in the ledger by blind index, and by name and birth date ("name|YYYY-MM-DD").
  std::vector<Blind> existing_keys;
  std::vector<int64_t> existing_ids;
  {
    BANGFU_ASSIGN_OR_RETURN(auto hashes, store_.persons().AllIdNumberHashes());
    existing_keys.reserve(hashes.size());
    existing_ids.reserve(hashes.size());
    for (const auto& [hash, id] : hashes) {
      if (hash.size() != sizeof(Blind)) continue;  // Could never equal a blind index.
      existing_keys.emplace_back();
      std::memcpy(existing_keys.back().data(), hash.data(), sizeof(Blind));
      existing_ids.push_back(id);
    }
  }
  auto existing_key = [&](uint32_t pos) -> const Blind& { return existing_keys[pos]; };
  BlindTable existing(existing_keys.size());
  for (size_t k = 0; k < existing_keys.size(); ++k)
    existing.Insert(existing_keys[k], static_cast<uint32_t>(k), existing_key);
  std::unordered_map<std::string, int64_t, TextHash, std::equal_to<>> twins;
  {
    BANGFU_ASSIGN_OR_RETURN(auto name_birth, store_.persons().AllNameBirthKeys());
    twins.reserve(name_birth.size());
    for (auto& [key, id] : name_birth) twins.emplace(std::move(key), id);  // The first one stays.
  }
  const std::string default_source = options.source.empty() ? "导入" : options.source;
  // Region columns may give names instead of codes (生源地: 重庆市荣昌区昌元街道); the names
  // of the country's divisions are loaded only when some cell needs them.
  auto is_code = [](std::string_view v) {
    return std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  std::optional<RegionNameIndex> region_names;
  for (const auto& row : table.rows) {
    if (!is_code(cell(row, c_hukou)) || !is_code(cell(row, c_residence))) {
      BANGFU_ASSIGN_OR_RETURN(auto loaded, RegionNameIndex::Load(store_.regions(), ctx.principal.scope));
      region_names.emplace(std::move(loaded));
      break;
    }
  }

  // The person input of a row, as the columns give it; false (and `errors`) when a cell cannot
  // be read. Every field the import sets is set, so one PersonInput serves row after row.
  auto read_row = [&](const TableRow& row, PersonInput& in,
                      std::vector<std::pair<std::string, std::string>>& errors) {
    in.name = cell(row, c_name);
    in.id_number = cell(row, c_id);
    // Excel shows an 18-digit number typed into a General cell as 5.00153E+17 and keeps only
    // 15 digits of it: the number cannot be recovered from the file.
    if (in.id_number.find("E+") != std::string::npos || in.id_number.find("e+") != std::string::npos)
      errors.emplace_back("id_number", "身份证号被 Excel 存成了数字（" + in.id_number +
                                           "），后几位已丢失：请把该列设为“文本”格式后重新填写");
    in.mobile = cell(row, c_mobile);
    in.hukou_region = cell(row, c_hukou);
    in.residence_region = cell(row, c_residence);
    for (auto [field, region] : {std::pair{"hukou_region", &in.hukou_region},
                                 std::pair{"residence_region", &in.residence_region}}) {
      if (region_names && !is_code(*region)) {
        auto code = region_names->Resolve(*region, field);
        if (code.ok()) *region = std::move(*code);
        else errors.emplace_back(field, std::move(code.error().message));
      }
    }
    in.education = cell(row, c_education);
    in.school = cell(row, c_school);
    in.major = cell(row, c_major);
    in.status = cell(row, c_status);
    in.household_key = cell(row, c_household);
    in.desired_occupation = cell(row, c_occupation);
    in.skills = SplitList(cell(row, c_skills));
    in.graduation_date.reset();
    if (auto g = cell(row, c_graduation); !g.empty()) {
      auto d = ParseCellDate(g, "graduation_date", /*month_is_enough=*/true);
      if (!d.ok())
        errors.emplace_back("graduation_date", d.error().message);
      else
        in.graduation_date = *d;
    }
    in.expected_salary_min = in.expected_salary_max = 0;
    if (auto s = cell(row, c_salary); !s.empty()) {
      auto dash = s.find('-');
      try {
        size_t used = 0;
        in.expected_salary_min = std::stoll(std::string(s.substr(0, dash)), &used);
        in.expected_salary_max =
            dash == std::string_view::npos ? in.expected_salary_min : std::stoll(std::string(s.substr(dash + 1)));
      } catch (...) {
        errors.emplace_back("expected_salary", "期望月薪应为数字或范围（如 4000-6000）: " + std::string(s));
      }
    }
    std::optional<Date> cat_from, cat_to;
    for (auto [f, c, out] : {std::tuple{"category_from", c_cat_from, &cat_from},
                             std::tuple{"category_to", c_cat_to, &cat_to}}) {
      if (auto v = cell(row, c); !v.empty()) {
        auto d = ParseCellDate(v, f);
        if (!d.ok())
          errors.emplace_back(f, d.error().message);
        else
          *out = *d;
      }
    }
    in.categories.clear();
    if (!errors.empty()) return false;
    std::string_view source = cell(row, c_cat_source);
    if (source.empty()) source = default_source;
    for (auto& c : SplitList(cell(row, c_categories))) {
      auto cat = domain::ParseCategory(c);
      // A graduate's category starts at graduation; others at the given date or today.
      Date from =
          cat_from.value_or(cat && *cat == domain::Category::kGraduate && in.graduation_date
                                ? std::min(*in.graduation_date, today)
                                : today);
      in.categories.push_back({std::move(c), from, cat_to, std::string(source)});
    }
    return true;
  };

  // The file goes in chunks of kChunk rows. Each chunk is read and checked on every core
  // (first pass), decided in file order (second pass), and its new people handed to `writer`,
  // which stores them in the import's one transaction on a thread of its own while the next
  // chunk is read and checked (docs/operations.md §8). A dry run writes nothing; all-or-nothing
  // stops writing at the first bad row and rolls back what it wrote. Either way every row is
  // checked and reported.
  //
  // First pass: each row read, its blind index, and for people not yet in the ledger the whole
  // validated, encrypted record, built in place in `fresh` (row i in slot i - chunk start).
  // Nothing there depends on other rows.
  struct Outcome {
    enum Kind : uint8_t { kBadCells, kBadId, kNew, kBadNew, kKnown } kind = kBadCells;
    bool taken = false;  // A new person the second pass keeps.
    Blind blind{};
    int64_t ref = 0;  // kKnown: the stored person's id; kNew: a stored twin's id (0: none).
    std::vector<std::pair<std::string, std::string>> errors;  // (field, message)
  };
  std::vector<Outcome> outcomes;
  ReserveHuge(outcomes, n);
  outcomes.resize(n);
  // People already in the ledger are read a window of rows at a time (GetMany: a few
  // statements) rather than one Get per row: re-importing a list the ledger holds is the
  // common monthly case. What each of their rows makes of them is derived on every core
  // (reading, validation, encryption, merging with the stored record); the decisions stay in
  // file order below.
  constexpr size_t kKnownWindow = 16384;
  constexpr size_t kChunk = 4 * kKnownWindow;  // Windows never straddle chunks.
  // The chunk's vector of new people goes to the writer and comes back empty with its capacity
  // (spare), so that each chunk's people are built in memory touched before rather than in
  // fresh pages (page faults were a tenth of an import's time).
  std::mutex spare_mu;
  std::vector<std::vector<Person>> spare;
  std::vector<Person> fresh;
  // While the writer stores the chunk before, this one is read on the other cores.
  bool writer_busy = false;
  auto first_pass = [&](size_t chunk_begin, size_t chunk_end) {
    ParallelChunks(chunk_end - chunk_begin, [&](size_t begin, size_t end) {
      PersonInput in;
      std::string twin_key;
      for (size_t i = chunk_begin + begin; i < chunk_begin + end; ++i) {
        Outcome& o = outcomes[i];
        if (!read_row(table.rows[i], in, o.errors)) continue;
        auto identity = persons_.Identify(in.id_number, today);
        if (!identity.ok()) {
          o.kind = Outcome::kBadId;
          o.errors.emplace_back("id_number", std::move(identity.error().message));
          continue;
        }
        std::memcpy(o.blind.data(), identity->blind_index.data(), sizeof(Blind));
        if (const uint32_t k = existing.Find(o.blind, existing_key); k != BlindTable::kNone) {
          o.kind = Outcome::kKnown;
          o.ref = existing_ids[k];
          continue;
        }
        auto built = persons_.Build(ctx, in, today, std::move(*identity));
        if (!built.ok()) {
          o.kind = Outcome::kBadNew;
          o.errors.emplace_back(std::move(built.error().field), std::move(built.error().message));
          continue;
        }
        o.kind = Outcome::kNew;
        Person& person = fresh[i - chunk_begin] = std::move(*built);
        if (!twins.empty()) {
          twin_key.assign(person.name).append("|").append(person.birth_date.ToString());
          if (auto twin = twins.find(std::string_view(twin_key)); twin != twins.end()) o.ref = twin->second;
        }
      }
    }, writer_busy ? 1 : 0);
  };

  struct Update {
    Person person;
    Person old;
    std::string household_key;
  };
  std::vector<Update> updates;
  BlindTable seen(n);  // Row of the first valid ID number, within this file.
  auto seen_key = [&](uint32_t row) -> const Blind& { return outcomes[row].blind; };
  std::unordered_map<int64_t, Person> known;
  // A known row's record as the file makes it: the stored person's values where the file has
  // no column, the household key not yet resolved. Or why the row is refused.
  auto derive = [&](const TableRow& row, const Person& old) -> Result<Person> {
    PersonInput in;
    std::vector<std::pair<std::string, std::string>> unused;
    read_row(row, in, unused);  // Read without errors in the first pass.
    if (!has("hukou_region")) in.hukou_region = old.hukou_region;
    if (!has("residence_region")) in.residence_region = old.residence_region;
    if (!has("education")) in.education = old.education;
    if (!has("school")) in.school = old.school;
    if (!has("major")) in.major = old.major;
    if (!has("graduation_date")) in.graduation_date = old.graduation_date;
    if (!has("status")) in.status = old.status;
    if (!has("skills")) in.skills = old.skills;
    if (!has("desired_occupation")) in.desired_occupation = old.desired_occupation;
    if (!has("expected_salary")) {
      in.expected_salary_min = old.expected_salary_min;
      in.expected_salary_max = old.expected_salary_max;
    }
    in.able_to_work = old.able_to_work;
    in.wants_work = old.wants_work;
    in.responsible_user_id = old.responsible_user_id;
    if (!has("mobile")) in.mobile.clear();
    // The stored ciphertexts stay where the numbers are unchanged (no encryption for them).
    BANGFU_ASSIGN_OR_RETURN(Person person, persons_.Build(ctx, in, today, old));
    if (!has("mobile")) {
      person.mobile_cipher = old.mobile_cipher;
      person.mobile_hash = old.mobile_hash;
      person.mobile_masked = old.mobile_masked;
    }
    // Categories accumulate: a new list adds periods, never removes what others recorded.
    std::vector<CategoryPeriod> merged = old.categories;
    for (const auto& c : person.categories) {
      bool listed = false;
      for (const auto& m : merged) listed = listed || (m.category == c.category && m.valid_from == c.valid_from);
      if (!listed) merged.push_back(c);
    }
    person.categories = std::move(merged);
    person.id = old.id;
    person.version = old.version;
    person.household_id = old.household_id;
    person.last_contact = old.last_contact;
    person.created_at = old.created_at;
    if (person.status == old.status) person.status_since = old.status_since;
    return person;
  };
  std::vector<std::optional<Result<Person>>> derived(std::min(n, kKnownWindow));

  // The write side: whatever runs on `writer` runs there, in order, inside the transaction.
  // Only it touches these.
  const Timestamp now = clock_.Now();
  std::unique_ptr<PersonRepository::BulkLoad> bulk;
  std::optional<AssignmentRuleIndex> rule_index;
  std::set<int64_t> households;
  int64_t assigned = 0;
  const StatusChange created{0, 0, "", "", Date(), now, ctx.principal.user_id, ctx.principal.display_name,
                             "导入建档: " + options.source};
  auto begin_writing = [&]() -> Status {
    BANGFU_ASSIGN_OR_RETURN(bulk, store_.persons().BeginBulkLoad(n));
    // The responsible staff member by region rule for everyone created (docs/casework.md),
    // chosen here and written with the person, so that no row is written twice.
    BANGFU_ASSIGN_OR_RETURN(auto rules, store_.cases().Rules());
    rule_index.emplace(std::move(rules));
    return OkStatus();
  };
  // New people, in file order, with the household key of each.
  auto write_new = [&](std::vector<Person>& people, const std::vector<std::string>& household_keys) -> Status {
    std::vector<const AssignmentRule*> rule_of(rule_index->empty() ? 0 : people.size());
    for (size_t k = 0; k < people.size(); ++k) {
      Person& person = people[k];
      if (!household_keys[k].empty()) {
        BANGFU_ASSIGN_OR_RETURN(int64_t hid, persons_.HouseholdForKey(household_keys[k], person.region_code));
        person.household_id = hid;
        households.insert(hid);
      }
      person.updated_at = person.created_at = now;
      if (!rule_of.empty() && (rule_of[k] = rule_index->Find(person.region_code)))
        person.responsible_user_id = rule_of[k]->staff_user_id;
    }
    BANGFU_RETURN_IF_ERROR(store_.persons().InsertMany(people, &created));
    std::vector<CaseAssignment> assignments;
    for (size_t k = 0; k < rule_of.size(); ++k) {
      if (!rule_of[k]) continue;
      CaseAssignment a;
      a.person_id = people[k].id;
      a.staff_user_id = rule_of[k]->staff_user_id;
      a.assigned_on = today;
      a.rule = rule_of[k]->region_code;
      a.written_at = now;
      assignments.push_back(std::move(a));
    }
    assigned += static_cast<int64_t>(assignments.size());
    return store_.cases().InsertAssignments(assignments);
  };
  // After the last new person: the bulk load finished (indexes back, which the updates' reads
  // of categories use), people already in the ledger updated, households recomputed, audited.
  auto finish_writing = [&]() -> Status {
    BANGFU_RETURN_IF_ERROR(bulk->Finish());
    bulk.reset();
    for (auto& u : updates) {
      Person& person = u.person;
      if (!u.household_key.empty()) {
        BANGFU_ASSIGN_OR_RETURN(int64_t hid, persons_.HouseholdForKey(u.household_key, person.region_code));
        person.household_id = hid;
        households.insert(hid);
      }
      person.updated_at = now;
      if (u.old.household_id) households.insert(*u.old.household_id);
      if (!u.household_key.empty() && u.old.household_id == person.household_id && SamePerson(person, u.old)) {
        --report.updated;
        ++report.unchanged;
        continue;
      }
      BANGFU_RETURN_IF_ERROR(store_.persons().Update(person));
      if (person.status != u.old.status) {
        BANGFU_RETURN_IF_ERROR(store_.persons().AppendStatus(
            {0, person.id, person.status, "", person.status_since, now, ctx.principal.user_id,
             ctx.principal.display_name, "导入更新: " + options.source}));
      }
    }
    for (int64_t h : households) BANGFU_RETURN_IF_ERROR(persons_.RecomputeHousehold(h, today));
    return audit_.Record(ctx, "person.import", "import", options.source, ctx.principal.scope,
                         fmt::format(R"({{"rows":{},"created":{},"updated":{},"unchanged":{},"rejected":{},"assigned":{}}})",
                                     report.rows, report.created, report.updated, report.unchanged,
                                     report.rejected, assigned));
  };
  // Whether rows read so far may still be written.
  auto writing = [&] {
    return !options.dry_run && (report.errors.empty() || options.mode == ImportMode::kKeepGoodRows);
  };
  // Declared after everything its pieces use, so that it ends (joins) before they go.
  TransactionThread writer(store_, [&] { bulk.reset(); });
  bool began = false;

  for (size_t chunk_begin = 0; chunk_begin < n; chunk_begin += kChunk) {
    const size_t chunk_end = std::min(n, chunk_begin + kChunk);
    {
      std::lock_guard lock(spare_mu);
      if (!spare.empty()) {
        fresh = std::move(spare.back());
        spare.pop_back();
      }
    }
    fresh.resize(chunk_end - chunk_begin);
    first_pass(chunk_begin, chunk_end);
    // Second pass, in file order: duplicates within the file, scope, the decisions.
    std::vector<std::string> chunk_households;  // Of the chunk's new people, in file order.
    for (size_t i = chunk_begin; i < chunk_end; ++i) {
      if (i % kKnownWindow == 0) {
        const size_t window_end = std::min(n, i + kKnownWindow);
        known.clear();
        std::vector<int64_t> ids;
        for (size_t j = i; j < window_end; ++j)
          if (outcomes[j].kind == Outcome::kKnown) ids.push_back(outcomes[j].ref);
        // A window of new people only (a first import) has nothing to read or derive; its
        // slots of `derived` are never read.
        if (!ids.empty()) {
          BANGFU_ASSIGN_OR_RETURN(auto people, store_.persons().GetMany(ids));
          for (auto& p : people) {
            const int64_t id = p.id;
            known.emplace(id, std::move(p));
          }
          ParallelChunks(window_end - i, [&, first = i](size_t begin, size_t end) {
            for (size_t k = begin; k < end; ++k) {
              derived[k].reset();
              const Outcome& o = outcomes[first + k];
              if (o.kind != Outcome::kKnown) continue;
              if (auto stored = known.find(o.ref); stored != known.end())
                derived[k] = derive(table.rows[first + k], stored->second);
            }
          });
        }
      }
      Outcome& o = outcomes[i];
      const int64_t line = table.rows[i].line;
      auto reject = [&](std::string field, std::string message) {
        report.errors.push_back({line, column_for(field), field, std::move(message)});
        ++report.rejected;
      };
      if (o.kind == Outcome::kBadCells) {
        for (auto& [field, message] : o.errors) reject(field, std::move(message));
        continue;
      }
      if (o.kind == Outcome::kBadId) {
        reject("id_number", std::move(o.errors.front().second));
        continue;
      }
      if (const uint32_t first = seen.Insert(o.blind, static_cast<uint32_t>(i), seen_key);
          first != BlindTable::kNone) {
        reject("id_number", fmt::format("身份证号与第 {} 行重复", table.rows[first].line));
        continue;
      }
      if (o.kind == Outcome::kBadNew) {
        reject(o.errors.front().first, std::move(o.errors.front().second));
        continue;
      }
      if (o.kind == Outcome::kNew) {
        if (o.ref) {
          report.possible_duplicates.push_back(
              {line, column_for("id_number"), "id_number",
               fmt::format("台账中已有同名同出生日期、身份证号不同的人员（编号 {}），请人工核实", o.ref)});
        }
        ++report.created;
        o.taken = true;
        chunk_households.emplace_back(cell(table.rows[i], c_household));
        continue;
      }
      // A person already in the ledger: columns the file lacks keep their stored values.
      auto stored = known.find(o.ref);
      if (stored == known.end()) return Error::NotFound("人员不存在");
      Person& old = stored->second;
      if (!InScope(ctx.principal.scope, old.region_code)) {
        reject("id_number", "该人员已在台账中，但不在您的管辖范围内");
        continue;
      }
      Result<Person>& p = *derived[i % kKnownWindow];
      if (!p.ok()) {
        reject(p.error().field, p.error().message);
        continue;
      }
      Person person = std::move(*p);
      std::string household_key(cell(table.rows[i], c_household));
      if (!household_key.empty()) {
        // The household the key names now (none yet → the person would move to a new one).
        BANGFU_ASSIGN_OR_RETURN(auto hid, store_.households().FindByKey(household_key));
        person.household_id = hid ? std::optional<int64_t>(*hid) : std::optional<int64_t>(-1);
      }
      if (SamePerson(person, old)) {
        ++report.unchanged;
        continue;
      }
      ++report.updated;
      updates.push_back({std::move(person), std::move(old), std::move(household_key)});
    }
    // The chunk's messages are reported; the blind indexes stay (`seen` compares with them).
    for (size_t i = chunk_begin; i < chunk_end; ++i) outcomes[i].errors = {};
    if (!writing()) {
      writer.Abandon();
      continue;
    }
    if (!began) {
      writer.Queue(begin_writing);
      began = true;
    }
    // The new people kept, in file order, at the front of `fresh`; the other slots dropped.
    size_t kept = 0;
    for (size_t i = chunk_begin; i < chunk_end; ++i)
      if (outcomes[i].taken && kept++ != i - chunk_begin) fresh[kept - 1] = std::move(fresh[i - chunk_begin]);
    fresh.resize(kept);
    if (kept > 0) {
      writer.Queue([&, people = std::move(fresh), keys = std::move(chunk_households)]() mutable {
        Status s = write_new(people, keys);
        people.clear();
        std::lock_guard lock(spare_mu);
        spare.push_back(std::move(people));
        return s;
      });
      writer_busy = true;
    }
    fresh = {};
  }
  table = Table{};

  if (!writing()) return report;
  if (!began) writer.Queue(begin_writing);
  writer.Queue(finish_writing);
  BANGFU_RETURN_IF_ERROR(writer.Commit());
  report.written = true;
  persons_.BulkChanged();
  return report;
}

}  // namespace bangfu::service
