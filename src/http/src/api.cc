#include "api.h"
#include "json_fields.h"

#include <fmt/format.h>

#include <cctype>

namespace bangfu::http {
namespace {

using nlohmann::json;
using service::Role;

std::string CookieFor(const std::string& token, const ApiOptions& o, bool clear) {
  std::string c = "bangfu_session=" + (clear ? std::string() : token) +
                  "; Path=/; HttpOnly; SameSite=Strict";
  c += clear ? "; Max-Age=0" : fmt::format("; Max-Age={}", o.session_max_age_seconds);
  if (o.secure_cookie) c += "; Secure";
  return c;
}

// What each role may use; the UI shows its menu from this list, the handlers check roles.
std::vector<std::string> Permissions(Role role) {
  switch (role) {
    case Role::kAdmin:
      return {"workbench",     "audit.read",      "users.manage",  "regions.read",
              "persons.read",  "persons.write",   "policy.read",   "policy.decide",
              "policy.catalogue", "cases.read",   "cases.write",   "cases.rules",
              "postings.read", "postings.review", "worklist.read", "compliance.read"};
    case Role::kDistrictStaff:
      return {"workbench",     "regions.read",  "persons.read",     "persons.write",
              "policy.read",   "policy.decide", "policy.catalogue", "cases.read",
              "cases.write",   "cases.rules",   "postings.read",    "postings.review",
              "worklist.read", "compliance.read"};
    case Role::kTownStaff:
      return {"workbench",   "regions.read",     "persons.read", "persons.write",
              "policy.read", "policy.catalogue", "cases.read",   "cases.write",
              "cases.rules", "postings.read",    "postings.review", "worklist.read",
              "compliance.read"};
    case Role::kCommunityStaff:
      return {"workbench",   "regions.read",     "persons.read", "persons.write",
              "policy.read", "policy.catalogue", "cases.read",   "cases.write",
              "postings.read", "worklist.read"};
    case Role::kLeader:
      return {"workbench",   "regions.read",     "persons.read",
              "policy.read", "policy.catalogue", "cases.read", "postings.read",
              "worklist.read", "compliance.read"};
    case Role::kEmployer: return {"workbench", "me.policies", "policy.catalogue", "postings.own", "referrals.own"};
    case Role::kJobSeeker: return {"workbench", "me.policies", "policy.catalogue", "referrals.own"};
    case Role::kTrainer: return {"workbench", "policy.catalogue"};
  }
  return {"workbench"};
}

std::string ScopeName(service::App& app, const std::string& scope) {
  if (scope.empty()) return "";
  auto r = app.regions().Get(scope);
  return r.ok() ? r->name : scope;
}

json RegionJson(const service::Region& r) {
  return {{"code", r.code}, {"name", r.name}, {"level", r.level}, {"parent_code", r.parent_code}};
}

Result<std::optional<Timestamp>> TimeParam(const Request& req, const std::string& name) {
  std::string v = req.Query(name);
  if (v.empty()) return std::optional<Timestamp>();
  BANGFU_ASSIGN_OR_RETURN(Timestamp t, Timestamp::Parse(v, name));
  return std::optional<Timestamp>(t);
}


json AccountJson(const service::User& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"role", service::RoleName(u.role)},
          {"role_label", service::RoleLabel(u.role)},
          {"scope", u.scope},
          {"disabled", u.disabled},
          {"created_at", u.created_at.ToString()}};
}

}  // namespace

json UserJson(service::App& app, const service::Principal& p) {
  json j = {{"id", p.user_id},
            {"username", p.username},
            {"display_name", p.display_name},
            {"role", service::RoleName(p.role)},
            {"role_label", service::RoleLabel(p.role)},
            {"scope", p.scope},
            {"scope_name", ScopeName(app, p.scope)},
            {"permissions", Permissions(p.role)}};
  j["org_id"] = p.org_id ? json(*p.org_id) : json(nullptr);
  return j;
}

void AddApiRoutes(Router& router, service::App& app, const ApiOptions& options) {
  router.Add("GET", "/healthz", Access::kPublic, [](Request&) -> Result<Response> {
    return Response::Json({{"status", "ok"}});
  });

  router.Add("POST", "/api/v1/session", Access::kPublic, [&app, options](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(json body, req.JsonBody());
    if (!body.contains("username") || !body["username"].is_string() || body["username"].get<std::string>().empty())
      return Error::InvalidArgument("请输入用户名", "username");
    if (!body.contains("password") || !body["password"].is_string() || body["password"].get<std::string>().empty())
      return Error::InvalidArgument("请输入密码", "password");
    BANGFU_ASSIGN_OR_RETURN(auto signed_in,
                            app.auth().SignIn(body["username"].get<std::string>(),
                                              body["password"].get<std::string>(), req.remote_addr,
                                              req.request_id));
    Response r = Response::Json({{"csrf", signed_in.csrf}, {"user", UserJson(app, signed_in.principal)}});
    r.headers.emplace_back("Set-Cookie", CookieFor(signed_in.token, options, false));
    return r;
  });

  router.Add("DELETE", "/api/v1/session", Access::kSignedIn, [&app, options](Request& req) -> Result<Response> {
    BANGFU_RETURN_IF_ERROR(app.auth().SignOut(req.session_token, req.Context()));
    Response r = Response::NoContent();
    r.headers.emplace_back("Set-Cookie", CookieFor("", options, true));
    return r;
  });

  router.Add("GET", "/api/v1/me", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    return Response::Json({{"csrf", req.session->csrf}, {"user", UserJson(app, req.session->principal)}});
  });

  router.Add("GET", "/api/v1/audit", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    service::AuditFilter f;
    BANGFU_ASSIGN_OR_RETURN(f.from, TimeParam(req, "from"));
    BANGFU_ASSIGN_OR_RETURN(f.to, TimeParam(req, "to"));
    f.username = req.Query("username");
    f.action = req.Query("action");
    f.object_type = req.Query("object_type");
    f.object_id = req.Query("object_id");
    BANGFU_ASSIGN_OR_RETURN(f.before_id, IntParam(req, "before_id", 0));
    BANGFU_ASSIGN_OR_RETURN(int64_t limit, IntParam(req, "limit", 50));
    if (limit < 1 || limit > 500) return Error::InvalidArgument("limit 应在 1 到 500 之间", "limit");
    f.limit = static_cast<int>(limit);
    BANGFU_ASSIGN_OR_RETURN(auto entries, app.audit().List(req.Context(), f));
    json items = json::array();
    for (const auto& e : entries) {
      items.push_back({{"id", e.id},
                       {"at", e.at.ToString()},
                       {"user_id", e.user_id},
                       {"username", e.username},
                       {"remote_addr", e.remote_addr},
                       {"request_id", e.request_id},
                       {"action", e.action},
                       {"object_type", e.object_type},
                       {"object_id", e.object_id},
                       {"region_code", e.region_code},
                       {"detail", e.detail}});
    }
    json next = static_cast<int64_t>(entries.size()) == limit ? json(entries.back().id) : json(nullptr);
    return Response::Json({{"items", items}, {"next_before_id", next}});
  });

  router.Add("GET", "/api/v1/regions", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(auto kids, app.regions().Children(req.Query("parent")));
    json items = json::array();
    for (const auto& r : kids) items.push_back(RegionJson(r));
    return Response::Json({{"items", items}});
  });

  router.Add("GET", "/api/v1/regions/{code}", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(auto region, app.regions().Get(req.params["code"]));
    json j = RegionJson(region);
    json path = json::array();
    std::vector<service::Region> chain{region};
    while (!chain.back().parent_code.empty()) {
      auto parent = app.regions().Get(chain.back().parent_code);
      if (!parent.ok()) break;
      chain.push_back(*parent);
    }
    for (auto it = chain.rbegin(); it != chain.rend(); ++it)
      path.push_back({{"code", it->code}, {"name", it->name}});
    j["path"] = path;
    return Response::Json(j);
  });

  router.Add("GET", "/api/v1/users", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(auto users, app.users().List(req.Context()));
    json items = json::array();
    for (const auto& u : users) items.push_back(AccountJson(u));
    return Response::Json({{"items", items}, {"total", items.size()}});
  });

  router.Add("GET", "/api/v1/users/{id}", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    int64_t id = 0;
    try {
      id = std::stoll(req.params["id"]);
    } catch (...) {
      return Error::NotFound("用户不存在");
    }
    BANGFU_ASSIGN_OR_RETURN(auto u, app.users().Get(req.Context(), id));
    return Response::Json(AccountJson(u));
  });
}

Response XlsxDownload(service::ExportResult x, const std::string& ascii_name) {
  Response r;
  r.body = std::move(x.bytes);
  r.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  std::string encoded;
  for (unsigned char c : x.filename) {
    if (std::isalnum(c) || c == '.' || c == '_' || c == '-') encoded.push_back(static_cast<char>(c));
    else encoded += fmt::format("%{:02X}", c);
  }
  r.headers.emplace_back("Content-Disposition",
                         "attachment; filename=\"" + ascii_name + "\"; filename*=UTF-8''" + encoded);
  r.headers.emplace_back("X-Row-Count", std::to_string(x.rows));
  return r;
}

}  // namespace bangfu::http
