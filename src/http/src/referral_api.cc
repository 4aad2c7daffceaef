// Job referrals: one-click push from the recommendations, and 我的岗位推荐 — a job seeker's
// referrals, an employer's referred candidates. Parse, call ReferralService, map. Outcomes
// go through PUT /api/v1/services/{id}/outcome (case_api.cc).
#include <fmt/format.h>

#include "api.h"
#include "bangfu/domain/case_types.h"
#include "json_fields.h"

namespace bangfu::http {
namespace {

using nlohmann::json;

std::string OutcomeLabel(const std::string& id) {
  for (const auto& [o, label] : domain::OutcomesFor(domain::ServiceKind::kJobReferral))
    if (o == id) return std::string(label);
  return id;
}

json OutcomesJson(const std::vector<std::string>& ids) {
  json out = json::array();
  for (const auto& id : ids) out.push_back({{"id", id}, {"label", OutcomeLabel(id)}});
  return out;
}

json ReferralJson(const service::ReferralView& v, RegionNames& names) {
  json j = ServiceJson(v.record);
  j["outcome_label"] = OutcomeLabel(v.record.outcome);
  j["employer_name"] = v.employer_name;
  j["can_record"] = OutcomesJson(v.can_record);
  if (v.posting) {
    const auto& p = *v.posting;
    j["posting"] = {{"id", p.id},
                    {"title", p.title},
                    {"status", p.status},
                    {"open", p.status == "published"},
                    {"salary_min", p.salary_min},
                    {"salary_max", p.salary_max},
                    {"work_kind_label", WorkKindLabelOf(p.work_kind)},
                    {"region_name", names(p.region_code)},
                    {"address", p.address},
                    {"valid_until", p.valid_until ? json(p.valid_until->ToString()) : json(nullptr)}};
  } else {
    j["posting"] = nullptr;
  }
  if (!v.person_name.empty()) {
    auto edu = domain::ParseEducation(v.person_education);
    j["person"] = {{"id", v.record.person_id},
                   {"name", v.person_name},
                   {"education_label", edu ? std::string(domain::Label(*edu)) : ""},
                   {"major", v.person_major}};
  }
  return j;
}

}  // namespace

void AddReferralRoutes(Router& router, service::App& app) {
  // Body {posting_id, channel, notes}: 201 with the new referral, 200 with today's existing one.
  router.Add("POST", "/api/v1/persons/{id}/referrals", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "人员"));
    BANGFU_ASSIGN_OR_RETURN(json body, req.JsonBody());
    service::PushInput in;
    BANGFU_ASSIGN_OR_RETURN(in.posting_id, Int(body, "posting_id", 0));
    BANGFU_ASSIGN_OR_RETURN(std::string channel, Str(body, "channel"));
    if (!channel.empty()) in.channel = channel;
    BANGFU_ASSIGN_OR_RETURN(in.notes, Str(body, "notes"));
    BANGFU_ASSIGN_OR_RETURN(auto pushed, app.referrals().Push(req.Context(), id, in));
    json j = ServiceJson(pushed.record);
    j["created"] = pushed.created;
    return Response::Json(j, pushed.created ? 201 : 200);
  });

  router.Add("GET", "/api/v1/me/referrals", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(auto views, app.referrals().Mine(req.Context()));
    RegionNames names(app);
    json items = json::array();
    for (const auto& v : views) items.push_back(ReferralJson(v, names));
    return Response::Json({{"items", items}});
  });
}

}  // namespace bangfu::http
