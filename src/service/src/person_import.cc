#include "bangfu/service/person_import.h"

#include <fmt/format.h>

#include <map>
#include <set>
#include <unordered_map>

#include "bangfu/domain/identity.h"
#include "bangfu/domain/person_types.h"

namespace bangfu::service {
namespace {

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
  auto cell = [&](const csv::Row& row, const char* f) -> std::string {
    auto it = col.find(f);
    if (it == col.end() || it->second >= static_cast<int>(row.fields.size())) return {};
    return row.fields[it->second];
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

  struct Planned {
    int64_t line;
    Person person;
    std::string household_key;
    bool is_new;
    std::optional<Person> old;
  };
  std::vector<Planned> plan;
  std::unordered_map<std::string, int64_t> seen;  // Hash → line, within this file.

  for (const auto& row : table.rows) {
    auto reject = [&](std::string field, std::string message) {
      report.errors.push_back({row.line, column_for(field), field, std::move(message)});
      ++report.rejected;
    };
    PersonInput in;
    in.name = cell(row, "name");
    in.id_number = cell(row, "id_number");
    in.mobile = cell(row, "mobile");
    in.hukou_region = cell(row, "hukou_region");
    in.residence_region = cell(row, "residence_region");
    in.education = cell(row, "education");
    in.school = cell(row, "school");
    in.major = cell(row, "major");
    in.status = cell(row, "status");
    in.household_key = cell(row, "household_key");
    in.desired_occupation = cell(row, "desired_occupation");
    in.skills = SplitList(cell(row, "skills"));
    bool bad = false;
    if (auto g = cell(row, "graduation_date"); !g.empty()) {
      auto d = Date::Parse(g, "graduation_date");
      if (!d.ok()) { reject("graduation_date", d.error().message); bad = true; }
      else in.graduation_date = *d;
    }
    if (auto s = cell(row, "expected_salary"); !s.empty()) {
      auto dash = s.find('-');
      try {
        size_t used = 0;
        in.expected_salary_min = std::stoll(s.substr(0, dash), &used);
        in.expected_salary_max = dash == std::string::npos ? in.expected_salary_min : std::stoll(s.substr(dash + 1));
      } catch (...) {
        reject("expected_salary", "期望月薪应为数字或范围（如 4000-6000）: " + s);
        bad = true;
      }
    }
    std::optional<Date> cat_from, cat_to;
    for (auto [f, out] : {std::pair{"category_from", &cat_from}, std::pair{"category_to", &cat_to}}) {
      if (auto v = cell(row, f); !v.empty()) {
        auto d = Date::Parse(v, f);
        if (!d.ok()) { reject(f, d.error().message); bad = true; }
        else *out = *d;
      }
    }
    if (bad) continue;
    const std::string source = cell(row, "category_source").empty()
                                   ? (options.source.empty() ? "导入" : options.source)
                                   : cell(row, "category_source");
    for (const auto& c : SplitList(cell(row, "categories"))) {
      auto cat = domain::ParseCategory(c);
      // A graduate's category starts at graduation; others at the given date or today.
      Date from = cat_from.value_or(cat && *cat == domain::Category::kGraduate && in.graduation_date
                                        ? std::min(*in.graduation_date, today)
                                        : today);
      in.categories.push_back({c, from, cat_to, source});
    }

    // The stored person, found by the blind index of the ID number (valid IDs only).
    std::string blind;
    {
      auto probe = persons_.BlindIndexOf(in.id_number, today);
      if (!probe.ok()) { reject("id_number", probe.error().message); continue; }
      blind = *probe;
    }
    if (auto dup = seen.find(blind); dup != seen.end()) {
      reject("id_number", fmt::format("身份证号与第 {} 行重复", dup->second));
      continue;
    }
    seen[blind] = row.line;
    // An existing person: columns the file lacks keep their stored values.
    std::optional<Person> old;
    if (auto ex = existing.find(blind); ex != existing.end()) {
      auto stored = store_.persons().Get(ex->second);
      if (!stored.ok()) return stored.error();
      if (!InScope(ctx.principal.scope, stored->region_code)) {
        reject("id_number", "该人员已在台账中，但不在您的管辖范围内");
        continue;
      }
      old = *stored;
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
    }
    auto p = persons_.Build(ctx, in, today);
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
            {row.line, column_for("id_number"), "id_number",
             fmt::format("台账中已有同名同出生日期、身份证号不同的人员（编号 {}），请人工核实", twin->second)});
      }
    }
    plan.push_back({row.line, std::move(person), in.household_key, !old.has_value(), std::move(old)});
  }

  const bool write = !options.dry_run && (report.errors.empty() || options.mode == ImportMode::kKeepGoodRows);
  for (const auto& p : plan) p.is_new ? ++report.created : ++report.updated;
  if (!write) return report;

  const Timestamp now = clock_.Now();
  Status s = store_.InTransaction([&]() -> Status {
    std::vector<Person> fresh;
    std::set<int64_t> households;
    for (auto& p : plan) {
      if (!p.household_key.empty()) {
        BANGFU_ASSIGN_OR_RETURN(int64_t hid, persons_.HouseholdForKey(p.household_key, p.person.region_code));
        p.person.household_id = hid;
        households.insert(hid);
      }
      p.person.updated_at = now;
      if (p.is_new) {
        p.person.created_at = now;
        fresh.push_back(p.person);
      } else {
        if (p.old->household_id) households.insert(*p.old->household_id);
        if (!p.household_key.empty() && p.old->household_id == p.person.household_id &&
            SamePerson(p.person, *p.old)) {
          --report.updated;
          ++report.unchanged;
          continue;
        }
        BANGFU_RETURN_IF_ERROR(store_.persons().Update(p.person));
        if (p.person.status != p.old->status) {
          BANGFU_RETURN_IF_ERROR(store_.persons().AppendStatus(
              {0, p.person.id, p.person.status, "", p.person.status_since, now, ctx.principal.user_id,
               ctx.principal.display_name, "导入更新: " + options.source}));
        }
      }
    }
    BANGFU_RETURN_IF_ERROR(store_.persons().InsertMany(fresh));
    std::vector<StatusChange> firsts;
    firsts.reserve(fresh.size());
    for (const auto& p : fresh)
      firsts.push_back({0, p.id, p.status, "", p.status_since, now, ctx.principal.user_id,
                        ctx.principal.display_name, "导入建档: " + options.source});
    BANGFU_RETURN_IF_ERROR(store_.persons().AppendStatuses(firsts));
    for (int64_t h : households) BANGFU_RETURN_IF_ERROR(persons_.RecomputeHousehold(h, today));
    return audit_.Record(ctx, "person.import", "import", options.source, ctx.principal.scope,
                         fmt::format(R"({{"rows":{},"created":{},"updated":{},"unchanged":{},"rejected":{}}})",
                                     report.rows, report.created, report.updated, report.unchanged,
                                     report.rejected));
  });
  if (!s.ok()) return s.error();
  report.written = true;
  return report;
}

}  // namespace bangfu::service
