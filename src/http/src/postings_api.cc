// /api/v1/postings, employer warnings, recommendations and candidates, batch matching.
#include <fmt/format.h>

#include "api.h"
#include "json_fields.h"
#include "bangfu/domain/identity.h"
#include "bangfu/domain/org_types.h"
#include "bangfu/match/engine.h"

namespace bangfu::http {
namespace {

using nlohmann::json;
using service::EmployerWarning;
using service::JobPosting;

const std::map<std::string, std::string>& StatusLabels() {
  static const std::map<std::string, std::string> k = {
      {"pending", "待审核"}, {"published", "已发布"}, {"rejected", "已驳回"}, {"closed", "已关闭"}};
  return k;
}
const std::map<std::string, std::string>& CloseLabels() {
  static const std::map<std::string, std::string> k = {
      {"filled", "已招满"}, {"expired", "已过期"}, {"withdrawn", "已撤回"}};
  return k;
}
std::string Label(const std::map<std::string, std::string>& m, const std::string& id) {
  auto it = m.find(id);
  return it == m.end() ? id : it->second;
}

json WarningJson(const EmployerWarning& w, Date today) {
  return {{"id", w.id},
          {"employer_id", w.employer_id},
          {"kind", w.kind},
          {"kind_label", service::WarningLabel(w.kind)},
          {"evidence", w.evidence},
          {"from", w.from.ToString()},
          {"to", w.to ? json(w.to->ToString()) : json(nullptr)},
          {"active", w.ActiveAt(today)},
          {"recorded_by_name", w.recorded_by_name},
          {"recorded_at", w.recorded_at.ToString()}};
}

// Active warnings of the employers of `postings`, by employer (read once per response).
std::map<int64_t, json> ActiveWarnings(service::App& app, const std::vector<int64_t>& employer_ids) {
  std::map<int64_t, json> out;
  for (int64_t id : employer_ids) out[id] = json::array();
  if (employer_ids.empty()) return out;
  auto ws = app.store().jobs().Warnings(employer_ids);
  if (!ws.ok()) return out;
  const Date today = app.clock().Today();
  for (const auto& w : *ws)
    if (w.ActiveAt(today)) out[w.employer_id].push_back(WarningJson(w, today));
  return out;
}

}  // namespace

std::string WorkKindLabelOf(const std::string& work_kind) {
  auto kind = match::ParseWorkKind(work_kind);
  return kind ? std::string(match::WorkKindLabel(*kind)) : work_kind;
}

namespace {

json PostingJson(service::App& app, const JobPosting& p, RegionNames& names, const json& warnings) {
  json checks = json::array();
  for (const auto& c : p.checks) checks.push_back({{"code", c.code}, {"message", c.message}});
  auto edu = domain::ParseEducation(p.education);
  return {{"id", p.id},
          {"employer_id", p.employer_id},
          {"employer_name", p.employer_name},
          {"employer_warnings", warnings},
          {"title", p.title},
          {"occupation_code", p.occupation_code},
          {"occupation_name", app.matches().OccupationName(p.occupation_code)},
          {"occupation_from_title", p.occupation_from_title},
          {"openings", p.openings},
          {"education", p.education},
          {"education_label", edu ? std::string(domain::Label(*edu)) : "不限"},
          {"majors", p.majors},
          {"skills", p.skills},
          {"salary_min", p.salary_min},
          {"salary_max", p.salary_max},
          {"region_code", p.region_code},
          {"region_name", names(p.region_code)},
          {"address", p.address},
          {"work_kind", p.work_kind},
          {"work_kind_label", WorkKindLabelOf(p.work_kind)},
          {"description", p.description},
          {"valid_until", p.valid_until ? json(p.valid_until->ToString()) : json(nullptr)},
          {"status", p.status},
          {"status_label", Label(StatusLabels(), p.status)},
          {"reject_reason", p.reject_reason},
          {"close_reason", p.close_reason},
          {"close_reason_label", p.close_reason.empty() ? "" : Label(CloseLabels(), p.close_reason)},
          {"checks", checks},
          {"source", p.source},
          {"created_at", p.created_at.ToString()},
          {"updated_at", p.updated_at.ToString()},
          {"reviewed_at", p.reviewed_at.micros ? json(p.reviewed_at.ToString()) : json(nullptr)},
          {"version", p.version}};
}

Result<std::vector<std::string>> StrList(const json& j, const char* key) {
  std::vector<std::string> out;
  if (!j.contains(key) || j[key].is_null()) return out;
  if (j[key].is_string()) return service::SplitList(j[key].get<std::string>());
  if (!j[key].is_array()) return Error::InvalidArgument(std::string(key) + " 应为字符串数组", key);
  for (const auto& x : j[key]) {
    if (!x.is_string()) return Error::InvalidArgument(std::string(key) + " 应为字符串数组", key);
    out.push_back(x.get<std::string>());
  }
  return out;
}

Result<service::PostingInput> ParsePosting(const json& b) {
  service::PostingInput in;
  if (b.contains("employer_id") && !b["employer_id"].is_null()) {
    BANGFU_ASSIGN_OR_RETURN(int64_t e, Int(b, "employer_id", 0));
    in.employer_id = e;
  }
  BANGFU_ASSIGN_OR_RETURN(in.title, Str(b, "title"));
  BANGFU_ASSIGN_OR_RETURN(in.occupation_code, Str(b, "occupation_code"));
  BANGFU_ASSIGN_OR_RETURN(int64_t openings, Int(b, "openings", 1));
  if (openings < 1 || openings > 10000) return Error::InvalidArgument("招聘人数应为 1 至 10000", "openings");
  in.openings = static_cast<int32_t>(openings);
  BANGFU_ASSIGN_OR_RETURN(in.education, Str(b, "education"));
  BANGFU_ASSIGN_OR_RETURN(in.majors, StrList(b, "majors"));
  BANGFU_ASSIGN_OR_RETURN(in.skills, StrList(b, "skills"));
  BANGFU_ASSIGN_OR_RETURN(in.salary_min, Int(b, "salary_min", 0));
  BANGFU_ASSIGN_OR_RETURN(in.salary_max, Int(b, "salary_max", 0));
  BANGFU_ASSIGN_OR_RETURN(in.region_code, Str(b, "region_code"));
  BANGFU_ASSIGN_OR_RETURN(in.address, Str(b, "address"));
  BANGFU_ASSIGN_OR_RETURN(in.work_kind, Str(b, "work_kind"));
  BANGFU_ASSIGN_OR_RETURN(in.description, Str(b, "description"));
  BANGFU_ASSIGN_OR_RETURN(in.valid_until, OptDate(b, "valid_until"));
  return in;
}

Result<EmployerWarning> ParseWarning(const json& b) {
  EmployerWarning w;
  BANGFU_ASSIGN_OR_RETURN(w.kind, Str(b, "kind"));
  BANGFU_ASSIGN_OR_RETURN(w.evidence, Str(b, "evidence"));
  BANGFU_ASSIGN_OR_RETURN(auto from, OptDate(b, "from"));
  if (!from) return Error::InvalidArgument("请填写开始日期", "from");
  w.from = *from;
  BANGFU_ASSIGN_OR_RETURN(w.to, OptDate(b, "to"));
  return w;
}

Result<service::EmployerInput> ParseEmployer(const json& b) {
  service::EmployerInput in;
  BANGFU_ASSIGN_OR_RETURN(in.credit_code, Str(b, "credit_code"));
  BANGFU_ASSIGN_OR_RETURN(in.name, Str(b, "name"));
  BANGFU_ASSIGN_OR_RETURN(in.size_class, Str(b, "size_class"));
  BANGFU_ASSIGN_OR_RETURN(in.kind, Str(b, "kind"));
  BANGFU_ASSIGN_OR_RETURN(in.industry, Str(b, "industry"));
  BANGFU_ASSIGN_OR_RETURN(in.region_code, Str(b, "region_code"));
  BANGFU_ASSIGN_OR_RETURN(in.address, Str(b, "address"));
  BANGFU_ASSIGN_OR_RETURN(in.contact_name, Str(b, "contact_name"));
  BANGFU_ASSIGN_OR_RETURN(in.contact_phone, Str(b, "contact_phone"));
  return in;
}

template <typename E>
std::string EnumLabel(const std::vector<domain::EnumInfo<E>>& all, const std::string& id) {
  for (const auto& i : all)
    if (i.id == id) return std::string(i.label);
  return "";
}

json EmployerJson(const service::Employer& e, RegionNames& names, const json& warnings) {
  return {{"id", e.id},
          {"name", e.name},
          {"credit_code", e.credit_code},
          {"size_class", e.size_class},
          {"size_class_label", EnumLabel(domain::EmployerSizes(), e.size_class)},
          {"kind", e.kind},
          {"kind_label", EnumLabel(domain::OrgKinds(), e.kind)},
          {"industry", e.industry},
          {"region_code", e.region_code},
          {"region_name", names(e.region_code)},
          {"address", e.address},
          {"contact_name", e.contact_name},
          {"contact_phone", e.contact_phone},
          {"warnings", warnings}};
}

json ReasonsJson(const std::vector<match::Reason>& reasons) {
  json out = json::array();
  for (const auto& r : reasons) out.push_back({{"contribution", r.contribution}, {"text", r.text}});
  return out;
}

Response One(service::App& app, const JobPosting& p, unsigned status = 200) {
  RegionNames names(app);
  auto w = ActiveWarnings(app, {p.employer_id});
  return Response::Json(PostingJson(app, p, names, w[p.employer_id]), status);
}

}  // namespace

void AddPostingRoutes(Router& router, service::App& app) {
  router.Add("GET", "/api/v1/postings/options", Access::kSignedIn, [](Request&) -> Result<Response> {
    json kinds = json::array(), warnings = json::array();
    for (auto k : {match::WorkKind::kFullTime, match::WorkKind::kPartTime, match::WorkKind::kGig,
                   match::WorkKind::kInternship, match::WorkKind::kPublicWelfare, match::WorkKind::kGrassroots})
      kinds.push_back({{"id", std::string(match::WorkKindId(k))}, {"label", std::string(match::WorkKindLabel(k))}});
    for (const auto& [id, label] : service::WarningKinds()) warnings.push_back({{"id", id}, {"label", label}});
    json statuses = json::array();
    for (const char* s : {"pending", "published", "rejected", "closed"})
      statuses.push_back({{"id", s}, {"label", Label(StatusLabels(), s)}});
    return Response::Json({{"work_kinds", kinds},
                           {"warning_kinds", warnings},
                           {"statuses", statuses},
                           {"educations", Options(domain::Educations())}});
  });

  router.Add("GET", "/api/v1/postings", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    service::PostingFilter f;
    f.status = req.Query("status");
    f.query = req.Query("q");
    f.region_prefix = req.Query("region");
    BANGFU_ASSIGN_OR_RETURN(int64_t employer, IntParam(req, "employer_id", 0));
    if (employer > 0) f.employer_id = employer;
    BANGFU_ASSIGN_OR_RETURN(int64_t page, IntParam(req, "page", 1));
    BANGFU_ASSIGN_OR_RETURN(int64_t size, IntParam(req, "size", 20));
    if (page < 1 || size < 1 || size > 200) return Error::InvalidArgument("分页参数超出范围", "size");
    f.page = static_cast<int>(page);
    f.size = static_cast<int>(size);
    BANGFU_ASSIGN_OR_RETURN(auto result, app.postings().List(req.Context(), f));
    std::vector<int64_t> employers;
    for (const auto& p : result.items) employers.push_back(p.employer_id);
    auto warnings = ActiveWarnings(app, employers);
    RegionNames names(app);
    json items = json::array();
    for (const auto& p : result.items) items.push_back(PostingJson(app, p, names, warnings[p.employer_id]));
    return Response::Json({{"items", items}, {"total", result.total}, {"page", f.page}, {"size", f.size}});
  });

  router.Add("POST", "/api/v1/postings", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(json body, req.JsonBody());
    BANGFU_ASSIGN_OR_RETURN(auto in, ParsePosting(body));
    BANGFU_ASSIGN_OR_RETURN(JobPosting p, app.postings().Create(req.Context(), in));
    return One(app, p, 201);
  });

  router.Add("POST", "/api/v1/postings/import", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(service::ImportOptions o, ParseImportOptions(req));
    BANGFU_ASSIGN_OR_RETURN(auto report, app.postings().Import(req.Context(), req.raw.body(), o));
    return Response::Json(ReportJson(report));
  });

  router.Add("POST", "/api/v1/postings/expire", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t n, app.postings().ExpireDue(req.Context()));
    return Response::Json({{"closed", n}, {"as_of", app.clock().Today().ToString()}});
  });

  router.Add("GET", "/api/v1/postings/{id}", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "岗位"));
    BANGFU_ASSIGN_OR_RETURN(JobPosting p, app.postings().Get(req.Context(), id));
    return One(app, p);
  });

  router.Add("PUT", "/api/v1/postings/{id}", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "岗位"));
    BANGFU_ASSIGN_OR_RETURN(json body, req.JsonBody());
    BANGFU_ASSIGN_OR_RETURN(auto in, ParsePosting(body));
    if (!body.contains("version") || !body["version"].is_number_integer())
      return Error::InvalidArgument("请提供读取时的 version", "version");
    BANGFU_ASSIGN_OR_RETURN(JobPosting p, app.postings().Update(req.Context(), id, in, body["version"].get<int64_t>()));
    return One(app, p);
  });

  router.Add("POST", "/api/v1/postings/{id}/review", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "岗位"));
    BANGFU_ASSIGN_OR_RETURN(json body, req.JsonBody());
    BANGFU_ASSIGN_OR_RETURN(std::string decision, Str(body, "decision"));
    if (decision != "publish" && decision != "reject")
      return Error::InvalidArgument("decision 应为 publish 或 reject", "decision");
    BANGFU_ASSIGN_OR_RETURN(std::string reason, Str(body, "reason"));
    BANGFU_ASSIGN_OR_RETURN(JobPosting p, app.postings().Review(req.Context(), id, decision == "publish", reason));
    return One(app, p);
  });

  router.Add("POST", "/api/v1/postings/{id}/close", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "岗位"));
    BANGFU_ASSIGN_OR_RETURN(json body, req.JsonBody());
    BANGFU_ASSIGN_OR_RETURN(std::string reason, Str(body, "reason"));
    BANGFU_ASSIGN_OR_RETURN(JobPosting p, app.postings().Close(req.Context(), id, reason));
    return One(app, p);
  });

  router.Add("GET", "/api/v1/postings/{id}/candidates", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "岗位"));
    BANGFU_ASSIGN_OR_RETURN(int64_t k, IntParam(req, "k", 20));
    BANGFU_ASSIGN_OR_RETURN(auto matches, app.matches().Candidates(req.Context(), id, static_cast<int>(k)));
    RegionNames names(app);
    json items = json::array();
    for (const auto& m : matches) {
      auto p = app.persons().Get(req.Context(), m.id);
      if (!p.ok()) continue;
      auto edu = domain::ParseEducation(p->education);
      items.push_back({{"person_id", m.id},
                       {"name", p->name},
                       {"age", domain::AgeBetween(p->birth_date, app.clock().Today())},
                       {"education_label", edu ? std::string(domain::Label(*edu)) : ""},
                       {"major", p->major},
                       {"region_name", names(p->region_code)},
                       {"desired_occupation", p->desired_occupation},
                       {"score", m.score},
                       {"reasons", ReasonsJson(m.reasons)}});
    }
    return Response::Json({{"items", items}});
  });

  router.Add("GET", "/api/v1/persons/{id}/recommendations", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "人员"));
    BANGFU_ASSIGN_OR_RETURN(int64_t k, IntParam(req, "k", 20));
    BANGFU_ASSIGN_OR_RETURN(auto matches, app.matches().Recommendations(req.Context(), id, static_cast<int>(k)));
    std::vector<JobPosting> postings;
    std::vector<int64_t> employers;
    json items = json::array();
    for (const auto& m : matches) {
      auto p = app.store().jobs().GetPosting(m.id);
      if (p.ok()) employers.push_back(p->employer_id);
      postings.push_back(p.ok() ? *p : JobPosting{});
    }
    auto warnings = ActiveWarnings(app, employers);
    RegionNames names(app);
    for (size_t i = 0; i < matches.size(); ++i) {
      if (postings[i].id == 0) continue;
      items.push_back({{"posting", PostingJson(app, postings[i], names, warnings[postings[i].employer_id])},
                       {"score", matches[i].score},
                       {"reasons", ReasonsJson(matches[i].reasons)}});
    }
    return Response::Json({{"items", items}});
  });

  router.Add("GET", "/api/v1/employers", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t limit, IntParam(req, "size", 50));
    if (limit < 1 || limit > 200) return Error::InvalidArgument("size 应为 1 至 200", "size");
    BANGFU_ASSIGN_OR_RETURN(auto es, app.postings().FindEmployers(req.Context(), req.Query("q"), static_cast<int>(limit)));
    std::vector<int64_t> ids;
    for (const auto& e : es) ids.push_back(e.id);
    auto warnings = ActiveWarnings(app, ids);
    RegionNames names(app);
    json items = json::array();
    for (const auto& e : es) items.push_back(EmployerJson(e, names, warnings[e.id]));
    return Response::Json({{"items", items}});
  });

  router.Add("GET", "/api/v1/employers/options", Access::kSignedIn, [](Request&) -> Result<Response> {
    return Response::Json({{"size_classes", Options(domain::EmployerSizes())}, {"kinds", Options(domain::OrgKinds())}});
  });

  router.Add("POST", "/api/v1/employers", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(json body, req.JsonBody());
    BANGFU_ASSIGN_OR_RETURN(auto in, ParseEmployer(body));
    BANGFU_ASSIGN_OR_RETURN(auto e, app.postings().SaveEmployer(req.Context(), std::nullopt, in));
    RegionNames names(app);
    return Response::Json(EmployerJson(e, names, json::array()), 201);
  });

  router.Add("GET", "/api/v1/employers/{id}", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "用人单位"));
    BANGFU_ASSIGN_OR_RETURN(auto e, app.postings().GetEmployer(req.Context(), id));
    RegionNames names(app);
    auto w = ActiveWarnings(app, {id});
    return Response::Json(EmployerJson(e, names, w[id]));
  });

  router.Add("PUT", "/api/v1/employers/{id}", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "用人单位"));
    BANGFU_ASSIGN_OR_RETURN(json body, req.JsonBody());
    BANGFU_ASSIGN_OR_RETURN(auto in, ParseEmployer(body));
    BANGFU_ASSIGN_OR_RETURN(auto e, app.postings().SaveEmployer(req.Context(), id, in));
    RegionNames names(app);
    auto w = ActiveWarnings(app, {id});
    return Response::Json(EmployerJson(e, names, w[id]));
  });

  router.Add("GET", "/api/v1/employers/{id}/warnings", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "用人单位"));
    BANGFU_ASSIGN_OR_RETURN(auto ws, app.postings().Warnings(req.Context(), id));
    json items = json::array();
    for (const auto& w : ws) items.push_back(WarningJson(w, app.clock().Today()));
    return Response::Json({{"items", items}});
  });

  router.Add("POST", "/api/v1/employers/{id}/warnings", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "用人单位"));
    BANGFU_ASSIGN_OR_RETURN(json body, req.JsonBody());
    BANGFU_ASSIGN_OR_RETURN(EmployerWarning w, ParseWarning(body));
    w.employer_id = id;
    BANGFU_ASSIGN_OR_RETURN(w, app.postings().AddWarning(req.Context(), w));
    return Response::Json(WarningJson(w, app.clock().Today()), 201);
  });

  router.Add("PUT", "/api/v1/warnings/{id}", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "警示记录"));
    BANGFU_ASSIGN_OR_RETURN(json body, req.JsonBody());
    BANGFU_ASSIGN_OR_RETURN(EmployerWarning w, ParseWarning(body));
    w.id = id;
    BANGFU_ASSIGN_OR_RETURN(w, app.postings().UpdateWarning(req.Context(), w));
    return Response::Json(WarningJson(w, app.clock().Today()));
  });

  router.Add("DELETE", "/api/v1/warnings/{id}", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "警示记录"));
    BANGFU_RETURN_IF_ERROR(app.postings().DeleteWarning(req.Context(), id));
    return Response::NoContent();
  });

  router.Add("POST", "/api/v1/match/runs", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(json body, req.JsonBody());
    BANGFU_ASSIGN_OR_RETURN(std::string scope, Str(body, "scope"));
    BANGFU_ASSIGN_OR_RETURN(auto r, app.matches().Run(req.Context(), scope));
    return Response::Json({{"id", r.run.id},
                           {"scope", r.run.scope},
                           {"persons", r.run.persons},
                           {"postings", r.run.postings},
                           {"results", r.results},
                           {"started_at", r.run.started_at.ToString()},
                           {"finished_at", r.run.finished_at.ToString()}},
                          201);
  });
}

}  // namespace bangfu::http
