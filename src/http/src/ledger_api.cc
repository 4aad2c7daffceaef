// /api/v1/persons and friends: the real-name ledger.
#include <fmt/format.h>

#include <map>

#include "api.h"
#include "json_fields.h"
#include "bangfu/domain/case_types.h"
#include "bangfu/domain/identity.h"
#include "bangfu/domain/org_types.h"
#include "bangfu/domain/person_types.h"

namespace bangfu::http {
namespace {

using nlohmann::json;
using service::Person;
using service::PersonInput;

// The outcomes each kind of service may record: {kind: [{id, label}]}, kinds without one absent.
json ServiceOutcomes() {
  json out = json::object();
  for (const auto& k : domain::ServiceKinds()) {
    const auto& outcomes = domain::OutcomesFor(k.value);
    if (outcomes.empty()) continue;
    json list = json::array();
    for (const auto& [id, label] : outcomes) list.push_back({{"id", std::string(id)}, {"label", std::string(label)}});
    out[std::string(k.id)] = list;
  }
  return out;
}

std::string StatusLabel(const std::string& id) {
  auto s = domain::ParseEmploymentStatus(id);
  return s ? std::string(domain::Label(*s)) : id;
}

json PersonJson(const Person& p, RegionNames& names, Date today) {
  json cats = json::array();
  for (const auto& c : p.categories) {
    auto cat = domain::ParseCategory(c.category);
    cats.push_back({{"category", c.category},
                    {"label", cat ? std::string(domain::Label(*cat)) : c.category},
                    {"valid_from", c.valid_from.ToString()},
                    {"valid_to", c.valid_to ? json(c.valid_to->ToString()) : json(nullptr)},
                    {"source", c.source},
                    {"active", c.ActiveAt(today)}});
  }
  auto edu = domain::ParseEducation(p.education);
  json j = {{"id", p.id},
            {"name", p.name},
            {"sex", p.sex == 'M' ? "male" : "female"},
            {"sex_label", p.sex == 'M' ? "男" : "女"},
            {"birth_date", p.birth_date.ToString()},
            {"age", domain::AgeBetween(p.birth_date, today)},
            {"id_number", p.id_number_masked},
            {"mobile", p.mobile_masked},
            {"hukou_region", p.hukou_region},
            {"hukou_region_name", names(p.hukou_region)},
            {"residence_region", p.residence_region},
            {"residence_region_name", names(p.residence_region)},
            {"region_code", p.region_code},
            {"region_name", names(p.region_code)},
            {"education", p.education},
            {"education_label", edu ? std::string(domain::Label(*edu)) : ""},
            {"school", p.school},
            {"major", p.major},
            {"graduation_date", p.graduation_date ? json(p.graduation_date->ToString()) : json(nullptr)},
            {"categories", cats},
            {"skills", p.skills},
            {"desired_occupation", p.desired_occupation},
            {"desired_region", p.desired_region},
            {"expected_salary_min", p.expected_salary_min},
            {"expected_salary_max", p.expected_salary_max},
            {"able_to_work", p.able_to_work},
            {"wants_work", p.wants_work},
            {"status", p.status},
            {"status_label", StatusLabel(p.status)},
            {"status_since", p.status_since.ToString()},
            {"household_id", p.household_id ? json(*p.household_id) : json(nullptr)},
            {"responsible_user_id", p.responsible_user_id ? json(*p.responsible_user_id) : json(nullptr)},
            {"last_contact", p.last_contact ? json(p.last_contact->ToString()) : json(nullptr)},
            {"version", p.version},
            {"created_at", p.created_at.ToString()},
            {"updated_at", p.updated_at.ToString()}};
  return j;
}

Result<PersonInput> ParseInput(const json& j) {
  PersonInput in;
  BANGFU_ASSIGN_OR_RETURN(in.id_number, Str(j, "id_number"));
  BANGFU_ASSIGN_OR_RETURN(in.name, Str(j, "name"));
  BANGFU_ASSIGN_OR_RETURN(in.mobile, Str(j, "mobile"));
  BANGFU_ASSIGN_OR_RETURN(in.hukou_region, Str(j, "hukou_region"));
  BANGFU_ASSIGN_OR_RETURN(in.residence_region, Str(j, "residence_region"));
  BANGFU_ASSIGN_OR_RETURN(in.education, Str(j, "education"));
  BANGFU_ASSIGN_OR_RETURN(in.school, Str(j, "school"));
  BANGFU_ASSIGN_OR_RETURN(in.major, Str(j, "major"));
  BANGFU_ASSIGN_OR_RETURN(in.graduation_date, OptDate(j, "graduation_date"));
  BANGFU_ASSIGN_OR_RETURN(in.desired_occupation, Str(j, "desired_occupation"));
  BANGFU_ASSIGN_OR_RETURN(in.desired_region, Str(j, "desired_region"));
  BANGFU_ASSIGN_OR_RETURN(in.expected_salary_min, Int(j, "expected_salary_min", 0));
  BANGFU_ASSIGN_OR_RETURN(in.expected_salary_max, Int(j, "expected_salary_max", 0));
  BANGFU_ASSIGN_OR_RETURN(in.able_to_work, Bool(j, "able_to_work", true));
  BANGFU_ASSIGN_OR_RETURN(in.wants_work, Bool(j, "wants_work", true));
  BANGFU_ASSIGN_OR_RETURN(in.status, Str(j, "status"));
  BANGFU_ASSIGN_OR_RETURN(in.status_since, OptDate(j, "status_since"));
  BANGFU_ASSIGN_OR_RETURN(in.household_key, Str(j, "household_key"));
  // responsible_user_id is not input here: it is the case assignment's copy, set through
  // PUT /persons/{id}/assignment or an assignment rule (docs/casework.md).
  if (j.contains("skills") && !j["skills"].is_null()) {
    if (!j["skills"].is_array()) return Error::InvalidArgument("skills 应为字符串数组", "skills");
    for (const auto& s : j["skills"]) {
      if (!s.is_string()) return Error::InvalidArgument("skills 应为字符串数组", "skills");
      in.skills.push_back(s.get<std::string>());
    }
  }
  if (j.contains("categories") && !j["categories"].is_null()) {
    if (!j["categories"].is_array()) return Error::InvalidArgument("categories 应为数组", "categories");
    for (const auto& c : j["categories"]) {
      if (!c.is_object()) return Error::InvalidArgument("categories 的每一项应为对象", "categories");
      service::CategoryPeriod period;
      BANGFU_ASSIGN_OR_RETURN(period.category, Str(c, "category"));
      BANGFU_ASSIGN_OR_RETURN(auto from, OptDate(c, "valid_from"));
      if (!from) return Error::InvalidArgument("人员类别需要起始日期 valid_from", "categories");
      period.valid_from = *from;
      BANGFU_ASSIGN_OR_RETURN(period.valid_to, OptDate(c, "valid_to"));
      BANGFU_ASSIGN_OR_RETURN(period.source, Str(c, "source"));
      in.categories.push_back(std::move(period));
    }
  }
  return in;
}

}  // namespace

// dry_run (default true), mode and filename of an upload whose body is the file.
Result<service::ImportOptions> ParseImportOptions(Request& req) {
  service::ImportOptions o;
  const std::string dry = req.Query("dry_run");
  if (dry != "" && dry != "true" && dry != "false") return Error::InvalidArgument("dry_run 应为 true 或 false", "dry_run");
  o.dry_run = dry != "false";
  const std::string mode = req.Query("mode");
  if (mode == "keep-good-rows") o.mode = service::ImportMode::kKeepGoodRows;
  else if (mode.empty() || mode == "all-or-nothing") o.mode = service::ImportMode::kAllOrNothing;
  else return Error::InvalidArgument("mode 应为 all-or-nothing 或 keep-good-rows", "mode");
  o.source = req.Query("filename").empty() ? "网页上传" : req.Query("filename");
  if (req.raw.body().empty()) return Error::InvalidArgument("请上传文件", "file");
  return o;
}

namespace {



Result<std::optional<bool>> BoolQuery(const Request& req, const std::string& name) {
  std::string v = req.Query(name);
  if (v.empty()) return std::optional<bool>();
  if (v == "true" || v == "1") return std::optional<bool>(true);
  if (v == "false" || v == "0") return std::optional<bool>(false);
  return Error::InvalidArgument(name + " 应为 true 或 false", name);
}

Result<std::optional<int64_t>> IntQuery(const Request& req, const std::string& name) {
  std::string v = req.Query(name);
  if (v.empty()) return std::optional<int64_t>();
  try {
    size_t used = 0;
    long long n = std::stoll(v, &used);
    if (used != v.size()) throw std::invalid_argument(v);
    return std::optional<int64_t>(n);
  } catch (...) {
    return Error::InvalidArgument(name + " 应为整数", name);
  }
}

Result<service::PersonFilter> ParseFilter(const Request& req) {
  service::PersonFilter f;
  f.region_prefix = req.Query("region");
  f.category = req.Query("category");
  f.status = req.Query("status");
  f.name_prefix = req.Query("name");
  f.sort = req.Query("sort").empty() ? "id" : req.Query("sort");
  f.descending = req.Query("order") == "desc";
  BANGFU_ASSIGN_OR_RETURN(auto year, IntQuery(req, "graduation_year"));
  if (year) f.graduation_year = static_cast<int>(*year);
  BANGFU_ASSIGN_OR_RETURN(f.responsible_user_id, IntQuery(req, "responsible_user_id"));
  BANGFU_ASSIGN_OR_RETURN(f.registered_unemployed, BoolQuery(req, "registered_unemployed"));
  BANGFU_ASSIGN_OR_RETURN(f.zero_employment_household, BoolQuery(req, "zero_employment_household"));
  BANGFU_ASSIGN_OR_RETURN(auto days, IntQuery(req, "not_contacted_days"));
  if (days) f.not_contacted_days = static_cast<int>(*days);
  BANGFU_ASSIGN_OR_RETURN(auto page, IntQuery(req, "page"));
  BANGFU_ASSIGN_OR_RETURN(auto size, IntQuery(req, "size"));
  f.page = static_cast<int>(page.value_or(1));
  f.size = static_cast<int>(size.value_or(20));
  return f;
}

}  // namespace

json ReportJson(const service::ImportReport& r) {
  auto issues = [](const std::vector<service::ImportIssue>& v) {
    json out = json::array();
    for (const auto& i : v)
      out.push_back({{"line", i.line}, {"column", i.column}, {"field", i.field}, {"message", i.message}});
    return out;
  };
  return {{"dry_run", r.dry_run},
          {"mode", r.mode == service::ImportMode::kAllOrNothing ? "all-or-nothing" : "keep-good-rows"},
          {"format", r.format}, {"encoding", r.encoding}, {"rows", r.rows}, {"created", r.created},
          {"updated", r.updated}, {"unchanged", r.unchanged}, {"rejected", r.rejected},
          {"written", r.written}, {"errors", issues(r.errors)},
          {"possible_duplicates", issues(r.possible_duplicates)},
          {"title_lines", r.title_lines}, {"ignored_columns", r.ignored_columns}};
}

namespace {

json RegistrationJson(const service::UnemploymentRegistration& r, RegionNames& names) {
  static const std::map<std::string, std::string> kLabels = {
      {"pending", "办理中"}, {"completed", "已登记"}, {"rejected", "不予登记"}};
  auto label = kLabels.find(r.status);
  return {{"id", r.id},
          {"person_id", r.person_id},
          {"office_region", r.office_region},
          {"office_name", names(r.office_region)},
          {"applied_on", r.applied_on.ToString()},
          {"due_on", r.due_on.ToString()},
          {"completed_on", r.completed_on ? json(r.completed_on->ToString()) : json(nullptr)},
          {"status", r.status},
          {"status_label", label == kLabels.end() ? r.status : label->second},
          {"note", r.note}};
}

}  // namespace

void AddRegistrationRoutes(Router& router, service::App& app) {
  router.Add("GET", "/api/v1/registrations", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    const std::string status = req.Query("status");
    if (!status.empty() && status != "pending" && status != "all")
      return Error::InvalidArgument("status 应为 pending 或 all", "status");
    BANGFU_ASSIGN_OR_RETURN(auto items, app.registrations().List(req.Context(), status != "all"));
    RegionNames names(app);
    json out = json::array();
    for (const auto& i : items) {
      json j = RegistrationJson(i.view.registration, names);
      j["person_name"] = i.view.person_name;
      j["person_region_name"] = names(i.view.person_region);
      j["working_days_left"] = i.working_days_left;
      j["overdue"] = i.overdue;
      j["due_soon"] = i.due_soon;
      out.push_back(j);
    }
    return Response::Json({{"items", out}});
  });

  router.Add("POST", "/api/v1/registrations/{id}/complete", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "人员"));
    BANGFU_ASSIGN_OR_RETURN(json body, req.JsonBody());
    BANGFU_ASSIGN_OR_RETURN(bool approved, Bool(body, "approved", true));
    BANGFU_ASSIGN_OR_RETURN(auto on, OptDate(body, "completed_on"));
    BANGFU_ASSIGN_OR_RETURN(std::string note, Str(body, "note"));
    BANGFU_RETURN_IF_ERROR(app.registrations().Complete(req.Context(), id, approved, on.value_or(app.clock().Today()), note));
    return Response::NoContent();
  });

  router.Add("GET", "/api/v1/persons/{id}/registrations", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "人员"));
    BANGFU_ASSIGN_OR_RETURN(auto regs, app.registrations().ForPerson(req.Context(), id));
    RegionNames names(app);
    json out = json::array();
    for (const auto& r : regs) out.push_back(RegistrationJson(r, names));
    return Response::Json({{"items", out}});
  });

  router.Add("POST", "/api/v1/persons/{id}/registrations", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "人员"));
    BANGFU_ASSIGN_OR_RETURN(json body, req.JsonBody());
    BANGFU_ASSIGN_OR_RETURN(std::string office, Str(body, "office_region"));
    BANGFU_ASSIGN_OR_RETURN(auto applied, OptDate(body, "applied_on"));
    BANGFU_ASSIGN_OR_RETURN(std::string note, Str(body, "note"));
    BANGFU_ASSIGN_OR_RETURN(auto r, app.registrations().Register(req.Context(), id, office,
                                                                applied.value_or(app.clock().Today()), note));
    RegionNames names(app);
    return Response::Json(RegistrationJson(r, names), 201);
  });
}

void AddLedgerRoutes(Router& router, service::App& app) {
  // Must come before /api/v1/persons/{id}.
  router.Add("GET", "/api/v1/persons/export", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(service::PersonFilter f, ParseFilter(req));
    const bool unmasked = req.Query("unmasked") == "true";
    std::string filter_text;
    for (const auto& [k, v] : req.query) filter_text += (filter_text.empty() ? "" : "&") + k + "=" + v;
    if (!req.Query("id_number").empty() || !req.Query("mobile").empty())
      return Error::InvalidArgument("导出不支持按证件号或手机号查找", "id_number");
    BANGFU_ASSIGN_OR_RETURN(auto x, app.persons().ExportXlsx(req.Context(), f, unmasked, filter_text));
    return XlsxDownload(std::move(x), "persons.xlsx");
  });

  // The file is the request body (CSV or XLSX); options in the query string.
  router.Add("POST", "/api/v1/persons/import", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(service::ImportOptions o, ParseImportOptions(req));
    BANGFU_ASSIGN_OR_RETURN(auto report, app.person_importer().Run(req.Context(), req.raw.body(), o));
    return Response::Json(ReportJson(report));
  });
  // The records the policy rules read (docs/import-data.md), same options.
  router.Add("POST", "/api/v1/imports/{kind}", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    auto kind = service::ParseDataKind(req.params["kind"]);
    if (!kind) return Error::NotFound("没有这种导入: " + req.params["kind"]);
    BANGFU_ASSIGN_OR_RETURN(service::ImportOptions o, ParseImportOptions(req));
    BANGFU_ASSIGN_OR_RETURN(auto report, app.data_importer().Run(req.Context(), *kind, req.raw.body(), o));
    return Response::Json(ReportJson(report));
  });

  router.Add("GET", "/api/v1/ledger/options", Access::kSignedIn, [](Request&) -> Result<Response> {
    return Response::Json({{"categories", Options(domain::Categories())},
                           {"statuses", Options(domain::EmploymentStatuses())},
                           {"educations", Options(domain::Educations())},
                           {"contact_channels", Options(domain::ContactChannels())},
                           {"contact_results", Options(domain::ContactResults())},
                           {"service_kinds", Options(domain::ServiceKinds())},
                           {"service_outcomes", ServiceOutcomes()},
                           {"unemployment_causes", Options(domain::UnemploymentCauses())},
                           {"close_outcomes", Options(domain::CloseOutcomes())},
                           {"employment_kinds", Options(domain::EmploymentKinds())}});
  });

  router.Add("GET", "/api/v1/persons", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(service::PersonFilter f, ParseFilter(req));
    BANGFU_ASSIGN_OR_RETURN(auto result, app.persons().List(req.Context(), f, req.Query("id_number"),
                                                           req.Query("mobile")));
    RegionNames names(app);
    const Date today = app.clock().Today();
    json items = json::array();
    for (const auto& p : result.items) items.push_back(PersonJson(p, names, today));
    return Response::Json({{"items", items}, {"total", result.total}, {"page", f.page}, {"size", f.size}});
  });

  router.Add("POST", "/api/v1/persons", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(json body, req.JsonBody());
    BANGFU_ASSIGN_OR_RETURN(PersonInput in, ParseInput(body));
    BANGFU_ASSIGN_OR_RETURN(Person p, app.persons().Create(req.Context(), in));
    RegionNames names(app);
    return Response::Json(PersonJson(p, names, app.clock().Today()), 201);
  });

  router.Add("GET", "/api/v1/persons/{id}", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "人员"));
    BANGFU_ASSIGN_OR_RETURN(Person p, app.persons().Get(req.Context(), id));
    RegionNames names(app);
    json j = PersonJson(p, names, app.clock().Today());
    if (p.household_id) {
      auto h = app.persons().GetHousehold(req.Context(), *p.household_id);
      if (h.ok()) {
        json members = json::array();
        for (int64_t m : h->member_ids) {
          auto mp = app.persons().Get(req.Context(), m);
          if (mp.ok())
            members.push_back({{"id", mp->id}, {"name", mp->name}, {"status", mp->status},
                               {"status_label", StatusLabel(mp->status)},
                               {"age", domain::AgeBetween(mp->birth_date, app.clock().Today())}});
        }
        j["household"] = {{"id", h->id},
                          {"zero_employment", h->zero_employment},
                          {"zero_employment_since", h->zero_employment_since ? json(h->zero_employment_since->ToString()) : json(nullptr)},
                          {"members", members}};
      }
    }
    return Response::Json(j);
  });

  router.Add("PUT", "/api/v1/persons/{id}", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "人员"));
    BANGFU_ASSIGN_OR_RETURN(json body, req.JsonBody());
    BANGFU_ASSIGN_OR_RETURN(PersonInput in, ParseInput(body));
    if (!body.contains("version") || !body["version"].is_number_integer())
      return Error::InvalidArgument("请提供读取时的 version", "version");
    BANGFU_ASSIGN_OR_RETURN(std::string reason, Str(body, "reason"));
    BANGFU_ASSIGN_OR_RETURN(Person p, app.persons().Update(req.Context(), id, in, body["version"].get<int64_t>(), reason));
    RegionNames names(app);
    return Response::Json(PersonJson(p, names, app.clock().Today()));
  });

  router.Add("POST", "/api/v1/persons/{id}/reveal", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "人员"));
    BANGFU_ASSIGN_OR_RETURN(json body, req.JsonBody());
    BANGFU_ASSIGN_OR_RETURN(std::string field, Str(body, "field"));
    BANGFU_ASSIGN_OR_RETURN(std::string value, app.persons().Reveal(req.Context(), id, field));
    return Response::Json({{"field", field}, {"value", value}});
  });

  router.Add("POST", "/api/v1/persons/{id}/status", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "人员"));
    BANGFU_ASSIGN_OR_RETURN(json body, req.JsonBody());
    BANGFU_ASSIGN_OR_RETURN(std::string status, Str(body, "status"));
    BANGFU_ASSIGN_OR_RETURN(auto effective, OptDate(body, "effective"));
    BANGFU_ASSIGN_OR_RETURN(std::string detail, Str(body, "detail"));
    BANGFU_ASSIGN_OR_RETURN(std::string reason, Str(body, "reason"));
    BANGFU_RETURN_IF_ERROR(app.persons().ChangeStatus(req.Context(), id, status,
                                                      effective.value_or(app.clock().Today()), detail, reason));
    return Response::NoContent();
  });

  router.Add("POST", "/api/v1/persons/{id}/contacts", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "人员"));
    BANGFU_ASSIGN_OR_RETURN(json body, req.JsonBody());
    service::ContactInput in;
    BANGFU_ASSIGN_OR_RETURN(auto date, OptDate(body, "date"));
    in.date = date.value_or(app.clock().Today());
    BANGFU_ASSIGN_OR_RETURN(in.channel, Str(body, "channel"));
    BANGFU_ASSIGN_OR_RETURN(in.classification, Str(body, "classification"));
    BANGFU_ASSIGN_OR_RETURN(in.notes, Str(body, "notes"));
    BANGFU_RETURN_IF_ERROR(app.persons().RecordContact(req.Context(), id, in));
    return Response::NoContent();
  });

  router.Add("GET", "/api/v1/persons/{id}/timeline", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "人员"));
    BANGFU_ASSIGN_OR_RETURN(int64_t page, IntParam(req, "page", 1));
    BANGFU_ASSIGN_OR_RETURN(int64_t size, IntParam(req, "size", 50));
    BANGFU_ASSIGN_OR_RETURN(auto t, app.persons().Timeline(req.Context(), id, page, size));
    json items = json::array();
    for (const auto& e : t.items)
      items.push_back({{"kind", e.kind}, {"code", e.code}, {"kind_label", e.kind_label}, {"date", e.date.ToString()},
                       {"recorded_at", e.recorded_at.micros ? json(e.recorded_at.ToString()) : json(nullptr)},
                       {"title", e.title}, {"detail", e.detail},
                       {"by_user_id", e.by_user_id ? json(e.by_user_id) : json(nullptr)},
                       {"by_name", e.by_name}, {"ref_id", e.ref_id ? json(e.ref_id) : json(nullptr)}});
    return Response::Json({{"items", items}, {"total", t.total}, {"page", page}, {"size", size}});
  });
}

}  // namespace bangfu::http
