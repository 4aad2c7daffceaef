// The service standards over HTTP: the signed-in user's worklist (工作台), compliance by town
// and community (达标情况), zero-employment households and one person's compliance. Parse,
// call WorklistService, map.
#include <fmt/format.h>

#include "api.h"
#include "bangfu/domain/case_types.h"
#include "json_fields.h"

namespace bangfu::http {
namespace {

using nlohmann::json;
namespace cw = casework;

json DateJson(Date d) { return d == policy::kNoDate ? json(nullptr) : json(d.ToString()); }

json CountsJson(const cw::StatusCounts& c) {
  json j = {{"covered", c.covered()}};
  for (int i = 0; i < cw::kStatusCount; ++i) j[std::string(cw::Name(static_cast<cw::Status>(i)))] = c.n[i];
  return j;
}

json RollupJson(const service::NamedRollup& r, bool staff) {
  json kinds = json::object();
  for (int i = 0; i < cw::kItemKindCount; ++i) kinds[std::string(cw::Name(static_cast<cw::ItemKind>(i)))] = r.counts.n[i];
  json j = {{"name", r.name}, {"people", r.counts.people}, {"total", r.counts.total()}, {"counts", kinds}};
  if (staff) j["staff_user_id"] = r.key;
  else j["code"] = r.code;
  return j;
}

json ItemJson(const cw::WorkItem& it) {
  return {{"kind", cw::Name(it.kind)},
          {"person_id", it.person_id},
          {"person_name", it.person_name},
          {"region", it.region ? fmt::format("{:012d}", it.region) : ""},
          {"staff_user_id", it.staff},
          {"ref_id", it.ref_id},
          {"due", DateJson(it.due)},
          {"days", it.days},
          {"detail", it.detail}};
}

}  // namespace

void AddWorklistRoutes(Router& router, service::App& app) {
  router.Add("GET", "/api/v1/worklist", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(auto v, app.worklist().Worklist(req.Context()));
    json sections = json::array();
    for (int k = 0; k < cw::kItemKindCount; ++k) {
      const auto kind = static_cast<cw::ItemKind>(k);
      json items = json::array();
      for (const auto& it : v.items)
        if (it.kind == kind) items.push_back(ItemJson(it));
      sections.push_back({{"kind", cw::Name(kind)}, {"label", cw::Label(kind)}, {"count", v.counts[k]}, {"items", items}});
    }
    json out = {{"as_of", v.as_of.ToString()}, {"standards_loaded", v.standards_loaded}, {"sections", sections},
                {"rollups", nullptr}};
    if (v.rollups) {
      json by_community = json::array(), by_staff = json::array();
      for (const auto& r : v.by_community) by_community.push_back(RollupJson(r, false));
      for (const auto& r : v.by_staff) by_staff.push_back(RollupJson(r, true));
      out["rollups"] = {{"by_community", by_community}, {"by_staff", by_staff}};
    }
    return Response::Json(out);
  });

  router.Add("GET", "/api/v1/compliance", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(auto v, app.worklist().Compliance(req.Context(), req.Query("region")));
    auto rows = [](const std::vector<service::ComplianceRow>& rs) {
      json a = json::array();
      for (const auto& r : rs) a.push_back({{"code", r.code}, {"name", r.name}, {"counts", CountsJson(r.counts)}});
      return a;
    };
    json standards = json::array();
    for (const auto& s : v.standards) standards.push_back({{"id", s.id}, {"name", s.name}, {"counts", CountsJson(s.counts)}});
    return Response::Json({{"as_of", v.as_of.ToString()},
                           {"region", v.region},
                           {"region_name", v.region_name},
                           {"total", CountsJson(v.total)},
                           {"standards", standards},
                           {"by_town", rows(v.by_town)},
                           {"by_community", rows(v.by_community)}});
  });

  router.Add("GET", "/api/v1/zero-employment-households", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(auto list, app.worklist().ZeroEmployment(req.Context()));
    json items = json::array();
    for (const auto& z : list) {
      json members = json::array();
      for (const auto& m : z.members)
        members.push_back({{"person_id", m.person_id},
                           {"name", m.name},
                           {"employed", m.employed},
                           {"able_to_work", m.able_to_work},
                           {"open_plan", m.open_plan},
                           {"public_welfare_offered", DateJson(m.public_welfare_offered)}});
      items.push_back({{"household_id", z.item.household_id},
                       {"region_code", z.region_code},
                       {"region_name", z.region_name},
                       {"zero_since", DateJson(z.item.zero_since)},
                       {"days", z.item.days},
                       {"members", members},
                       {"able_to_work", z.item.able_to_work},
                       {"with_open_plan", z.item.with_open_plan},
                       {"action", cw::Name(z.item.action)},
                       {"action_label", cw::Label(z.item.action)}});
    }
    return Response::Json({{"as_of", app.clock().Today().ToString()}, {"items", items}});
  });

  router.Add("GET", "/api/v1/persons/{id}/compliance", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "人员"));
    BANGFU_ASSIGN_OR_RETURN(auto v, app.worklist().PersonCompliance(req.Context(), id));
    json reqs = json::array();
    json standard = nullptr;
    if (v.standard) {
      standard = {{"id", v.standard->id}, {"name", v.standard->name}, {"source", v.standard->source}};
      for (const auto& r : v.detail.requirements) {
        const auto& q = v.standard->requirements[r.requirement];
        json services = json::array();
        for (const auto& k : domain::ServiceKinds())
          if (q.Counts(k.value)) services.push_back({{"id", k.id}, {"label", k.label}});
        reqs.push_back({{"id", q.id},
                        {"name", q.name},
                        {"clause", q.clause},
                        {"services", services},
                        {"need", cw::Label(q.need)},
                        {"anchor", cw::Label(q.anchor)},
                        {"within_days", q.within_days},
                        {"applies", r.applies},
                        {"done", r.done},
                        {"required", r.required},
                        {"missing", r.missing()},
                        {"deadline", DateJson(r.deadline)},
                        {"completed_on", DateJson(r.completed_on)},
                        {"overdue", r.overdue}});
      }
    }
    return Response::Json({{"as_of", v.as_of.ToString()},
                           {"person_id", id},
                           {"standard", standard},
                           {"status", cw::Name(v.detail.status)},
                           {"status_label", cw::Label(v.detail.status)},
                           {"requirements", reqs}});
  });
}

}  // namespace bangfu::http
