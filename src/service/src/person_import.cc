#include "bangfu/service/person_import.h"

#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <functional>
#include <map>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "bangfu/domain/identity.h"
#include "bangfu/domain/person_types.h"
#include "bangfu/service/casework.h"

namespace bangfu::service {
namespace {

// Runs fn(begin, end) over [0, n) split in contiguous chunks, one per core, and waits. `fn`
// must only touch its own slots. The first exception thrown by a chunk is rethrown here.
void ParallelChunks(size_t n, const std::function<void(size_t, size_t)>& fn) {
  constexpr size_t kMinPerThread = 2000;  // Below this a thread costs more than it saves.
  const size_t cores = std::max(1u, std::thread::hardware_concurrency());
  const size_t threads = std::min<size_t>({cores, 16, std::max<size_t>(1, n / kMinPerThread)});
  if (threads <= 1) {
    fn(0, n);
    return;
  }
  std::vector<std::exception_ptr> failures(threads);
  std::vector<std::thread> pool;
  const size_t per = (n + threads - 1) / threads;
  for (size_t t = 0; t < threads; ++t) {
    const size_t begin = std::min(n, t * per), end = std::min(n, begin + per);
    pool.emplace_back([&fn, &failures, t, begin, end] {
      try {
        fn(begin, end);
      } catch (...) {
        failures[t] = std::current_exception();
      }
    });
  }
  for (auto& th : pool) th.join();
  for (auto& f : failures)
    if (f) std::rethrow_exception(f);
}

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
      {"name", {"姓名"}},
      {"id_number", {"身份证号", "公民身份号码", "身份证号码", "证件号码"}},
      {"mobile", {"手机号", "手机号码", "联系电话", "联系方式"}},
      {"hukou_region", {"户籍地区划代码", "户籍地代码", "户籍地"}},
      {"residence_region", {"居住地区划代码", "居住地代码", "现居住地", "居住地"}},
      {"education", {"学历"}},
      {"school", {"毕业院校", "院校", "学校"}},
      {"major", {"专业"}},
      {"graduation_date", {"毕业时间", "毕业日期"}},
      {"categories", {"人员类别", "类别"}},
      {"category_from", {"类别起始日期", "认定日期"}},
      {"category_to", {"类别截止日期"}},
      {"category_source", {"类别来源", "数据来源"}},
      {"status", {"就业状态"}},
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
  return report;
}

Result<ImportReport> PersonImporter::Run(const RequestContext& ctx, std::string_view bytes,
                                         const ImportOptions& options) {
  if (!PersonService::CanWrite(ctx.principal.role)) return Error::PermissionDenied("当前角色不能导入台账");
  BANGFU_ASSIGN_OR_RETURN(Table table, ReadTable(bytes, options.table));
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
      return Error::InvalidArgument("缺少必需的列: " + names.front(), names.front());
    }
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
  // Cells are moved out of the table: each is read once (the table is ours and dropped after).
  auto take = [](csv::Row& row, int c) -> std::string {
    if (c < 0 || c >= static_cast<int>(row.fields.size())) return {};
    return std::move(row.fields[c]);
  };
  auto column_for = [&](const std::string& field) {
    auto it = header_of.find(field);
    if (it != header_of.end()) return it->second;
    if (field == "expected_salary_min" || field == "expected_salary_max") return header_of["expected_salary"];
    return field;
  };

  const Date today = clock_.Today();
  BANGFU_ASSIGN_OR_RETURN(auto hashes, store_.persons().AllIdNumberHashes());
  std::unordered_map<std::string, int64_t> existing(hashes.begin(), hashes.end());
  hashes.clear();
  BANGFU_ASSIGN_OR_RETURN(auto name_birth, store_.persons().AllNameBirthKeys());
  std::unordered_map<std::string, int64_t> twins(name_birth.begin(), name_birth.end());
  name_birth.clear();
  const std::string default_source = options.source.empty() ? "导入" : options.source;

  // First pass, row by row on every core: reading the cells, the blind index, and for people
  // not yet in the ledger the whole validated, encrypted record. Nothing here depends on other
  // rows, so the pass keeps each row's outcome in its slot and the second pass below reports
  // them in file order.
  struct Analysis {
    std::vector<std::pair<std::string, std::string>> read_errors;  // (field, message)
    PersonInput in;
    std::optional<Error> id_error;
    std::string blind;
    std::optional<Result<Person>> built;  // Set for rows whose ID number is new to the ledger.
  };
  // Rows are analysed a window at a time and the window's slots reused: a million-row file
  // then touches a few hundred megabytes less memory than one slot per row would.
  constexpr size_t kWindow = 65536;
  std::vector<Analysis> window(std::min(kWindow, table.rows.size()));
  auto analyse = [&](size_t first, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      csv::Row& row = table.rows[first + i];
      Analysis& a = window[i];
      a = Analysis{};
      PersonInput& in = a.in;
      in.name = take(row, c_name);
      in.id_number = take(row, c_id);
      in.mobile = take(row, c_mobile);
      in.hukou_region = take(row, c_hukou);
      in.residence_region = take(row, c_residence);
      in.education = take(row, c_education);
      in.school = take(row, c_school);
      in.major = take(row, c_major);
      in.status = take(row, c_status);
      in.household_key = take(row, c_household);
      in.desired_occupation = take(row, c_occupation);
      in.skills = SplitList(take(row, c_skills));
      if (auto g = take(row, c_graduation); !g.empty()) {
        auto d = Date::Parse(g, "graduation_date");
        if (!d.ok())
          a.read_errors.emplace_back("graduation_date", d.error().message);
        else
          in.graduation_date = *d;
      }
      if (auto s = take(row, c_salary); !s.empty()) {
        auto dash = s.find('-');
        try {
          size_t used = 0;
          in.expected_salary_min = std::stoll(s.substr(0, dash), &used);
          in.expected_salary_max =
              dash == std::string::npos ? in.expected_salary_min : std::stoll(s.substr(dash + 1));
        } catch (...) {
          a.read_errors.emplace_back("expected_salary",
                                     "期望月薪应为数字或范围（如 4000-6000）: " + s);
        }
      }
      std::optional<Date> cat_from, cat_to;
      for (auto [f, c, out] : {std::tuple{"category_from", c_cat_from, &cat_from},
                               std::tuple{"category_to", c_cat_to, &cat_to}}) {
        if (auto v = take(row, c); !v.empty()) {
          auto d = Date::Parse(v, f);
          if (!d.ok())
            a.read_errors.emplace_back(f, d.error().message);
          else
            *out = *d;
        }
      }
      if (!a.read_errors.empty()) continue;
      std::string source = take(row, c_cat_source);
      if (source.empty()) source = default_source;
      for (auto& c : SplitList(take(row, c_categories))) {
        auto cat = domain::ParseCategory(c);
        // A graduate's category starts at graduation; others at the given date or today.
        Date from =
            cat_from.value_or(cat && *cat == domain::Category::kGraduate && in.graduation_date
                                  ? std::min(*in.graduation_date, today)
                                  : today);
        in.categories.push_back({std::move(c), from, cat_to, source});
      }
      auto probe = persons_.BlindIndexOf(in.id_number, today);
      if (!probe.ok()) {
        a.id_error = probe.error();
        continue;
      }
      a.blind = std::move(*probe);
      if (!existing.count(a.blind)) a.built = persons_.Build(ctx, in, today);
    }
  };

  // What the write will do, in file order: new people go to `fresh` (the bulk insert's input as
  // is), changed ones to `updates`.
  struct Update {
    Person person;
    Person old;
  };
  struct Planned {
    bool is_new;
    size_t index;  // Into fresh or updates.
    std::string household_key;
  };
  std::vector<Planned> plan;
  std::vector<Person> fresh;
  std::vector<Update> updates;
  plan.reserve(table.rows.size());
  fresh.reserve(table.rows.size());  // Growing by doubling would move a million Persons twice.
  std::unordered_map<std::string, int64_t> seen;  // Hash → line, within this file.
  seen.reserve(table.rows.size());

  for (size_t i = 0; i < table.rows.size(); ++i) {
    const size_t slot = i % kWindow;
    if (slot == 0) {
      const size_t n = std::min(kWindow, table.rows.size() - i);
      ParallelChunks(n, [&](size_t begin, size_t end) { analyse(i, begin, end); });
    }
    Analysis& a = window[slot];
    const int64_t line = table.rows[i].line;
    auto reject = [&](std::string field, std::string message) {
      report.errors.push_back({line, column_for(field), field, std::move(message)});
      ++report.rejected;
    };
    if (!a.read_errors.empty()) {
      for (auto& [field, message] : a.read_errors) reject(field, std::move(message));
      continue;
    }
    PersonInput& in = a.in;
    if (a.id_error) {
      reject("id_number", a.id_error->message);
      continue;
    }
    const std::string& blind = a.blind;
    if (auto dup = seen.find(blind); dup != seen.end()) {
      reject("id_number", fmt::format("身份证号与第 {} 行重复", dup->second));
      continue;
    }
    seen.emplace(blind, line);
    // An existing person: columns the file lacks keep their stored values.
    std::optional<Person> old;
    if (auto ex = existing.find(blind); ex != existing.end()) {
      auto stored = store_.persons().Get(ex->second);
      if (!stored.ok()) return stored.error();
      if (!InScope(ctx.principal.scope, stored->region_code)) {
        reject("id_number", "该人员已在台账中，但不在您的管辖范围内");
        continue;
      }
      old = std::move(*stored);
      if (!has("hukou_region")) in.hukou_region = old->hukou_region;
      if (!has("residence_region")) in.residence_region = old->residence_region;
      if (!has("education")) in.education = old->education;
      if (!has("school")) in.school = old->school;
      if (!has("major")) in.major = old->major;
      if (!has("graduation_date")) in.graduation_date = old->graduation_date;
      if (!has("status")) in.status = old->status;
      if (!has("skills")) in.skills = old->skills;
      if (!has("desired_occupation")) in.desired_occupation = old->desired_occupation;
      if (!has("expected_salary")) {
        in.expected_salary_min = old->expected_salary_min;
        in.expected_salary_max = old->expected_salary_max;
      }
      in.able_to_work = old->able_to_work;
      in.wants_work = old->wants_work;
      in.responsible_user_id = old->responsible_user_id;
      if (!has("mobile")) in.mobile.clear();
      a.built = persons_.Build(ctx, in, today);
    }
    Result<Person>& p = *a.built;
    if (!p.ok()) {
      reject(p.error().field, p.error().message);
      continue;
    }
    Person person = std::move(*p);
    if (old) {
      if (!has("mobile")) {
        person.mobile_cipher = old->mobile_cipher;
        person.mobile_hash = old->mobile_hash;
        person.mobile_masked = old->mobile_masked;
      } else if (person.mobile_hash == old->mobile_hash) {
        person.mobile_cipher = old->mobile_cipher;
      }
      person.id_number_cipher = old->id_number_cipher;
      // Categories accumulate: a new list adds periods, never removes what others recorded.
      std::vector<CategoryPeriod> merged = old->categories;
      for (const auto& c : person.categories) {
        bool known = false;
        for (const auto& o : merged) known = known || (o.category == c.category && o.valid_from == c.valid_from);
        if (!known) merged.push_back(c);
      }
      person.categories = std::move(merged);
      person.id = old->id;
      person.version = old->version;
      person.household_id = old->household_id;
      person.last_contact = old->last_contact;
      person.created_at = old->created_at;
      if (person.status == old->status) person.status_since = old->status_since;
      if (!in.household_key.empty()) {
        // The household the key names now (none yet → the person would move to a new one).
        BANGFU_ASSIGN_OR_RETURN(auto hid, store_.households().FindByKey(in.household_key));
        person.household_id = hid ? std::optional<int64_t>(*hid) : std::optional<int64_t>(-1);
      }
      if (SamePerson(person, *old)) {
        ++report.unchanged;
        continue;
      }
    } else {
      auto twin = twins.find(person.name + "|" + person.birth_date.ToString());
      if (twin != twins.end()) {
        report.possible_duplicates.push_back(
            {line, column_for("id_number"), "id_number",
             fmt::format("台账中已有同名同出生日期、身份证号不同的人员（编号 {}），请人工核实",
                         twin->second)});
      }
    }
    if (old) {
      plan.push_back({false, updates.size(), std::move(in.household_key)});
      updates.push_back({std::move(person), std::move(*old)});
    } else {
      plan.push_back({true, fresh.size(), std::move(in.household_key)});
      fresh.push_back(std::move(person));
    }
  }
  table.rows.clear();
  table.rows.shrink_to_fit();
  window.clear();
  window.shrink_to_fit();

  const bool write = !options.dry_run && (report.errors.empty() || options.mode == ImportMode::kKeepGoodRows);
  for (const auto& p : plan) p.is_new ? ++report.created : ++report.updated;
  if (!write) return report;

  const Timestamp now = clock_.Now();
  Status s = store_.InTransaction([&]() -> Status {
    std::set<int64_t> households;
    for (auto& p : plan) {
      Person& person = p.is_new ? fresh[p.index] : updates[p.index].person;
      if (!p.household_key.empty()) {
        BANGFU_ASSIGN_OR_RETURN(int64_t hid,
                                persons_.HouseholdForKey(p.household_key, person.region_code));
        person.household_id = hid;
        households.insert(hid);
      }
      person.updated_at = now;
      if (p.is_new) {
        person.created_at = now;
      } else {
        const Person& old = updates[p.index].old;
        if (old.household_id) households.insert(*old.household_id);
        if (!p.household_key.empty() && old.household_id == person.household_id &&
            SamePerson(person, old)) {
          --report.updated;
          ++report.unchanged;
          continue;
        }
        BANGFU_RETURN_IF_ERROR(store_.persons().Update(person));
        if (person.status != old.status) {
          BANGFU_RETURN_IF_ERROR(store_.persons().AppendStatus(
              {0, person.id, person.status, "", person.status_since, now, ctx.principal.user_id,
               ctx.principal.display_name, "导入更新: " + options.source}));
        }
      }
    }
    // The responsible staff member by region rule for everyone created (docs/casework.md),
    // chosen here and written with the person, so that no row is written twice.
    BANGFU_ASSIGN_OR_RETURN(auto rules, store_.cases().Rules());
    const AssignmentRuleIndex rule_index(std::move(rules));
    std::vector<const AssignmentRule*> rule_of(rule_index.empty() ? 0 : fresh.size());
    for (size_t i = 0; i < rule_of.size(); ++i) {
      rule_of[i] = rule_index.Find(fresh[i].region_code);
      if (rule_of[i]) fresh[i].responsible_user_id = rule_of[i]->staff_user_id;
    }
    StatusChange created{0, 0, "", "", Date(), now, ctx.principal.user_id, ctx.principal.display_name,
                         "导入建档: " + options.source};
    BANGFU_RETURN_IF_ERROR(store_.persons().InsertMany(fresh, &created));
    std::vector<CaseAssignment> assignments;
    for (size_t i = 0; i < rule_of.size(); ++i) {
      if (!rule_of[i]) continue;
      CaseAssignment a;
      a.person_id = fresh[i].id;
      a.staff_user_id = rule_of[i]->staff_user_id;
      a.assigned_on = today;
      a.rule = rule_of[i]->region_code;
      a.written_at = now;
      assignments.push_back(std::move(a));
    }
    BANGFU_RETURN_IF_ERROR(store_.cases().InsertAssignments(assignments));
    const auto assigned = static_cast<int64_t>(assignments.size());
    for (int64_t h : households) BANGFU_RETURN_IF_ERROR(persons_.RecomputeHousehold(h, today));
    return audit_.Record(ctx, "person.import", "import", options.source, ctx.principal.scope,
                         fmt::format(R"({{"rows":{},"created":{},"updated":{},"unchanged":{},"rejected":{},"assigned":{}}})",
                                     report.rows, report.created, report.updated, report.unchanged,
                                     report.rejected, assigned));
  });
  if (!s.ok()) return s.error();
  report.written = true;
  persons_.BulkChanged();
  return report;
}

}  // namespace bangfu::service
