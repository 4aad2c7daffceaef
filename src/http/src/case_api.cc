// Case work (帮扶): service records, the assistance plan, responsible staff and the rules that
// assign them. Parse, call CaseService, map.
#include <fmt/format.h>

#include "api.h"
#include "json_fields.h"

namespace bangfu::http {
namespace {

using nlohmann::json;

}  // namespace

json ServiceJson(const service::ServiceRecord& r) {
  auto opt = [](const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); };
  return {{"id", r.id},
          {"person_id", r.person_id},
          {"kind", r.kind},
          {"service_date", r.service_date.ToString()},
          {"staff_user_id", r.staff_user_id},
          {"staff_name", r.staff_name},
          {"channel", r.channel},
          {"notes", r.notes},
          {"outcome", r.outcome},
          {"plan_id", opt(r.plan_id)},
          {"referral_employer_id", opt(r.referral_employer_id)},
          {"referral_employer_name", r.referral_employer_name},
          {"referral_job_title", r.referral_job_title},
          {"referral_contact", r.referral_contact},
          {"referral_posting_id", opt(r.referral_posting_id)},
          {"follow_up_of", opt(r.follow_up_of)},
          {"created_at", r.created_at.ToString()}};
}

namespace {

json PlanJson(const service::AssistancePlan& p) { return json::parse(service::PlanSnapshot(p)); }

json AssignmentJson(const std::optional<service::CaseAssignment>& a) {
  if (!a) return nullptr;
  return {{"staff_user_id", a->staff_user_id},
          {"staff_name", a->staff_name},
          {"assigned_on", a->assigned_on.ToString()},
          {"assigned_by", a->assigned_by},
          {"rule", a->rule}};
}

json NeedsJson(const std::optional<service::PersonNeeds>& n) {
  if (!n) return nullptr;
  return {{"training_need", n->training_need},
          {"training_wish", n->training_wish},
          {"startup_intention", n->startup_intention},
          {"channel", n->channel},
          {"recorded_on", n->recorded_on.ToString()},
          {"recorded_by", n->recorded_by},
          {"recorded_by_name", n->recorded_by_name},
          {"updated_at", n->updated_at.ToString()}};
}

Result<std::optional<int64_t>> OptId(const json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return std::optional<int64_t>();
  BANGFU_ASSIGN_OR_RETURN(int64_t v, Int(j, key, 0));
  return std::optional<int64_t>(v);
}

Result<service::PlanInput> ParsePlan(const json& body) {
  service::PlanInput in;
  if (body.contains("causes") && !body["causes"].is_null()) {
    if (!body["causes"].is_array()) return Error::InvalidArgument("causes 应为数组", "causes");
    for (const auto& c : body["causes"]) {
      if (!c.is_string()) return Error::InvalidArgument("causes 的每一项应为字符串", "causes");
      in.causes.push_back(c.get<std::string>());
    }
  }
  BANGFU_ASSIGN_OR_RETURN(in.cause_notes, Str(body, "cause_notes"));
  BANGFU_ASSIGN_OR_RETURN(in.goals, Str(body, "goals"));
  BANGFU_ASSIGN_OR_RETURN(in.reason, Str(body, "reason"));
  if (body.contains("steps") && !body["steps"].is_null()) {
    if (!body["steps"].is_array()) return Error::InvalidArgument("steps 应为数组", "steps");
    for (size_t i = 0; i < body["steps"].size(); ++i) {
      const json& s = body["steps"][i];
      const std::string field = fmt::format("steps[{}]", i);
      if (!s.is_object()) return Error::InvalidArgument(field + " 应为对象", field);
      auto named = [&](Error e) {
        e.field = field + "." + e.field;
        return e;
      };
      service::StepInput step;
      auto id = Int(s, "id", 0);
      if (!id.ok()) return named(id.error());
      step.id = *id;
      auto title = Str(s, "title");
      if (!title.ok()) return named(title.error());
      step.title = *title;
      auto kind = Str(s, "service_kind");
      if (!kind.ok()) return named(kind.error());
      step.service_kind = *kind;
      auto owner = Int(s, "owner_user_id", 0);
      if (!owner.ok()) return named(owner.error());
      step.owner_user_id = *owner;
      auto due = OptDate(s, "due_date");
      if (!due.ok()) return named(due.error());
      if (!*due) return Error::InvalidArgument(fmt::format("第 {} 步缺少完成期限", i + 1), field + ".due_date");
      step.due_date = **due;
      auto status = Str(s, "status");
      if (!status.ok()) return named(status.error());
      if (!status->empty()) step.status = *status;
      in.steps.push_back(std::move(step));
    }
  }
  return in;
}

}  // namespace

void AddCaseRoutes(Router& router, service::App& app) {
  router.Add("GET", "/api/v1/persons/{id}/services", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "人员"));
    BANGFU_ASSIGN_OR_RETURN(auto records, app.cases().Services(req.Context(), id));
    json items = json::array();
    for (const auto& r : records) items.push_back(ServiceJson(r));
    return Response::Json({{"items", items}});
  });

  router.Add("POST", "/api/v1/persons/{id}/services", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "人员"));
    BANGFU_ASSIGN_OR_RETURN(json body, req.JsonBody());
    service::ServiceInput in;
    BANGFU_ASSIGN_OR_RETURN(in.kind, Str(body, "kind"));
    BANGFU_ASSIGN_OR_RETURN(auto date, OptDate(body, "service_date"));
    in.service_date = date.value_or(app.clock().Today());
    BANGFU_ASSIGN_OR_RETURN(in.channel, Str(body, "channel"));
    BANGFU_ASSIGN_OR_RETURN(in.notes, Str(body, "notes"));
    BANGFU_ASSIGN_OR_RETURN(in.outcome, Str(body, "outcome"));
    BANGFU_ASSIGN_OR_RETURN(in.referral_posting_id, OptId(body, "referral_posting_id"));
    BANGFU_ASSIGN_OR_RETURN(in.referral_employer_id, OptId(body, "referral_employer_id"));
    BANGFU_ASSIGN_OR_RETURN(in.referral_employer_name, Str(body, "referral_employer_name"));
    BANGFU_ASSIGN_OR_RETURN(in.referral_job_title, Str(body, "referral_job_title"));
    BANGFU_ASSIGN_OR_RETURN(in.referral_contact, Str(body, "referral_contact"));
    BANGFU_ASSIGN_OR_RETURN(in.follow_up_of, OptId(body, "follow_up_of"));
    BANGFU_ASSIGN_OR_RETURN(auto r, app.cases().RecordService(req.Context(), id, in));
    return Response::Json(ServiceJson(r), 201);
  });

  router.Add("PUT", "/api/v1/services/{id}/outcome", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "服务记录"));
    BANGFU_ASSIGN_OR_RETURN(json body, req.JsonBody());
    service::OutcomeInput in;
    BANGFU_ASSIGN_OR_RETURN(in.outcome, Str(body, "outcome"));
    BANGFU_ASSIGN_OR_RETURN(in.start_date, OptDate(body, "start_date"));
    BANGFU_ASSIGN_OR_RETURN(int64_t months, Int(body, "contract_months", -1));
    if (months < -1 || months > service::kOpenEndedContractMonths)
      return Error::InvalidArgument("合同期限应为 0 到 600 个月（-1 表示未知）", "contract_months");
    in.contract_months = static_cast<int32_t>(months);
    BANGFU_ASSIGN_OR_RETURN(in.employment_kind, Str(body, "employment_kind"));
    BANGFU_ASSIGN_OR_RETURN(auto r, app.referrals().SetOutcome(req.Context(), id, in));
    return Response::Json(ServiceJson(r));
  });

  router.Add("GET", "/api/v1/persons/{id}/plan", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "人员"));
    BANGFU_ASSIGN_OR_RETURN(auto v, app.cases().Case(req.Context(), id));
    json revisions = json::array();
    for (const auto& r : v.revisions)
      revisions.push_back({{"revision", r.revision},
                           {"changed_by", r.changed_by},
                           {"changed_by_name", r.changed_by_name},
                           {"changed_at", r.changed_at.ToString()},
                           {"reason", r.reason},
                           {"snapshot", json::parse(r.snapshot, nullptr, false)}});
    json staff = json::array();
    for (const auto& s : v.staff)
      staff.push_back({{"id", s.id}, {"name", s.name}, {"role_label", s.role}, {"scope", s.scope}});
    return Response::Json({{"plan", v.plan ? PlanJson(*v.plan) : json(nullptr)},
                           {"revisions", revisions},
                           {"assignment", AssignmentJson(v.assignment)},
                           {"needs", NeedsJson(v.needs)},
                           {"staff", staff}});
  });

  router.Add("PUT", "/api/v1/persons/{id}/needs", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "人员"));
    BANGFU_ASSIGN_OR_RETURN(json body, req.JsonBody());
    service::NeedsInput in;
    BANGFU_ASSIGN_OR_RETURN(in.training_need, Bool(body, "training_need", false));
    BANGFU_ASSIGN_OR_RETURN(in.training_wish, Str(body, "training_wish"));
    BANGFU_ASSIGN_OR_RETURN(in.startup_intention, Bool(body, "startup_intention", false));
    BANGFU_ASSIGN_OR_RETURN(in.channel, Str(body, "channel"));
    BANGFU_ASSIGN_OR_RETURN(auto on, OptDate(body, "recorded_on"));
    in.recorded_on = on.value_or(app.clock().Today());
    BANGFU_ASSIGN_OR_RETURN(auto n, app.cases().SetNeeds(req.Context(), id, in));
    return Response::Json(NeedsJson(n));
  });

  router.Add("PUT", "/api/v1/persons/{id}/plan", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "人员"));
    BANGFU_ASSIGN_OR_RETURN(json body, req.JsonBody());
    BANGFU_ASSIGN_OR_RETURN(auto in, ParsePlan(body));
    BANGFU_ASSIGN_OR_RETURN(auto plan, app.cases().SavePlan(req.Context(), id, in));
    return Response::Json(PlanJson(plan));
  });

  router.Add("POST", "/api/v1/persons/{id}/plan/close", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "人员"));
    BANGFU_ASSIGN_OR_RETURN(json body, req.JsonBody());
    service::CloseInput in;
    BANGFU_ASSIGN_OR_RETURN(in.outcome, Str(body, "outcome"));
    BANGFU_ASSIGN_OR_RETURN(auto closed_on, OptDate(body, "closed_on"));
    in.closed_on = closed_on.value_or(app.clock().Today());
    BANGFU_ASSIGN_OR_RETURN(in.job_start, OptDate(body, "job_start"));
    BANGFU_ASSIGN_OR_RETURN(in.note, Str(body, "note"));
    BANGFU_ASSIGN_OR_RETURN(in.employer_id, OptId(body, "employer_id"));
    BANGFU_ASSIGN_OR_RETURN(in.employment_kind, Str(body, "employment_kind"));
    BANGFU_ASSIGN_OR_RETURN(int64_t months, Int(body, "contract_months", -1));
    if (months < -1 || months > service::kOpenEndedContractMonths)
      return Error::InvalidArgument("合同期限应为 0 到 600 个月（-1 表示未知）", "contract_months");
    in.contract_months = static_cast<int32_t>(months);
    BANGFU_ASSIGN_OR_RETURN(auto plan, app.cases().ClosePlan(req.Context(), id, in));
    return Response::Json(PlanJson(plan));
  });

  router.Add("PUT", "/api/v1/persons/{id}/assignment", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "人员"));
    BANGFU_ASSIGN_OR_RETURN(json body, req.JsonBody());
    // {"by_rule": true}: the explicit action that applies the assignment rules to this person.
    BANGFU_ASSIGN_OR_RETURN(bool by_rule, Bool(body, "by_rule", false));
    if (by_rule) {
      if (body.contains("staff_user_id") && !body["staff_user_id"].is_null())
        return Error::InvalidArgument("按规则分配时不能同时指定 staff_user_id", "staff_user_id");
      BANGFU_ASSIGN_OR_RETURN(auto a, app.cases().AssignByRule(req.Context(), id));
      return Response::Json(AssignmentJson(a));
    }
    BANGFU_ASSIGN_OR_RETURN(int64_t staff, Int(body, "staff_user_id", 0));
    BANGFU_ASSIGN_OR_RETURN(auto a, app.cases().Assign(req.Context(), id, staff));
    return Response::Json(AssignmentJson(a));
  });

  router.Add("GET", "/api/v1/assignment-rules", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(auto rules, app.cases().Rules(req.Context()));
    json items = json::array();
    for (const auto& r : rules)
      items.push_back({{"region_code", r.region_code}, {"staff_user_id", r.staff_user_id}, {"staff_name", r.staff_name}});
    return Response::Json({{"items", items}});
  });

  // Body {region_code, staff_user_id}; staff_user_id null removes the rule.
  router.Add("PUT", "/api/v1/assignment-rules", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(json body, req.JsonBody());
    BANGFU_ASSIGN_OR_RETURN(std::string region, Str(body, "region_code"));
    BANGFU_ASSIGN_OR_RETURN(auto staff, OptId(body, "staff_user_id"));
    BANGFU_ASSIGN_OR_RETURN(int64_t assigned, app.cases().SetRule(req.Context(), region, staff));
    return Response::Json({{"assigned", assigned}});
  });
}

}  // namespace bangfu::http
