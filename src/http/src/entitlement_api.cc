// /api/v1/policy/runs, /api/v1/entitlements, /api/v1/payment-batches, /api/v1/me/policies:
// the entitlement workflow of 政策找人.
#include <fmt/format.h>

#include "api.h"
#include "json_fields.h"

namespace bangfu::http {
namespace {

using nlohmann::json;
using service::Entitlement;
using service::EntitlementStatus;
using service::PaymentBatch;
using service::PolicyRun;

// The label of a machine name (policy::Label of what Parse reads), or the name itself when it
// is none the policy module knows (an old or foreign row: shown, never dropped).
template <typename Parse>
std::string LabelOf(const std::string& name, Parse parse) {
  const auto e = parse(name);
  return e ? std::string(policy::Label(*e)) : name;
}

// A stored explanation (service::ExplanationJson) with the words people read added beside the
// machine names programs use: decision_label, and limit_texts parallel to limits. Computed here,
// on the way out, so that explanations stored before the words existed read the same.
json ExplanationJson(const std::string& text) {
  if (text.empty()) return nullptr;
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return json(text);
  if (!j.is_object()) return j;
  if (j.contains("decision") && j["decision"].is_string())
    j["decision_label"] = LabelOf(j["decision"].get<std::string>(), policy::ParseOutcome);
  if (j.contains("limits") && j["limits"].is_array()) {
    const int64_t amount = j.value("amount_fen", int64_t{0});
    // Explanations stored before limit_group existed say the top-up without naming the grant.
    const std::string group = j.contains("limit_group") && j["limit_group"].is_string()
                                  ? j["limit_group"].get<std::string>() : std::string();
    json texts = json::array();
    for (const auto& l : j["limits"]) {
      const std::string name = l.is_string() ? l.get<std::string>() : l.dump();
      const auto limit = policy::ParseLimitApplied(name);
      texts.push_back(limit ? policy::LimitText(*limit, amount, group) : name);
    }
    j["limit_texts"] = std::move(texts);
  }
  return j;
}

json EntitlementJson(const Entitlement& e, bool with_explanation) {
  json j = {{"id", e.id},
            {"run_id", e.run_id},
            {"pack_id", e.pack_id},
            {"rule_id", e.rule_id},
            {"rule_name", e.rule_name},
            {"clause", e.clause},
            {"subject_kind", e.subject_kind},
            {"subject_kind_label", LabelOf(e.subject_kind, policy::ParseSubjectKind)},
            {"subject_id", e.subject_id},
            {"period", e.period},
            {"person_id", e.person_id ? json(e.person_id) : json(nullptr)},
            {"person_name", e.person_name},
            {"payee_kind", e.payee_kind},
            {"payee_kind_label", LabelOf(e.payee_kind, policy::ParsePayeeKind)},
            {"payee_id", e.payee_id},
            {"payee_name", e.payee_name},
            {"amount_fen", e.amount_fen},
            {"kind", e.kind},
            {"kind_label", std::string(service::EntitlementKindLabel(e.kind))},
            {"region_code", e.region_code},
            {"as_of", e.as_of.ToString()},
            {"status", service::EntitlementStatusName(e.status)},
            {"status_label", service::EntitlementStatusLabel(e.status)},
            {"reason", e.reason},
            {"decided_by_name", e.decided_by_name},
            {"decided_at", e.decided_at ? json(e.decided_at->ToString()) : json(nullptr)},
            {"batch_id", e.batch_id ? json(e.batch_id) : json(nullptr)},
            {"created_at", e.created_at.ToString()}};
  if (with_explanation) j["explanation"] = ExplanationJson(e.explanation);
  return j;
}

json RunJson(const PolicyRun& r) {
  return {{"id", r.id},
          {"pack_id", r.pack_id},
          {"as_of", r.as_of.ToString()},
          {"scope", r.scope},
          {"started_by_name", r.started_by_name},
          {"started_at", r.started_at.ToString()},
          {"finished_at", r.finished_at.ToString()},
          {"subjects", r.subjects},
          {"eligible", r.eligible},
          {"undecidable", r.undecidable},
          {"not_configured", r.not_configured},
          {"new_candidates", r.new_candidates},
          {"new_amount_fen", r.new_amount_fen},
          {"summary", ExplanationJson(r.summary)}};
}

json BatchJson(const PaymentBatch& b) {
  return {{"id", b.id},
          {"name", b.name},
          {"scope", b.scope},
          {"status", b.status == service::BatchStatus::kPaid ? "paid" : "open"},
          {"status_label", b.status == service::BatchStatus::kPaid ? "已发放" : "待发放"},
          {"created_by_name", b.created_by_name},
          {"created_at", b.created_at.ToString()},
          {"paid_at", b.paid_at ? json(b.paid_at->ToString()) : json(nullptr)},
          {"count", b.count},
          {"total_fen", b.total_fen}};
}

// "ids": [1, 2, 3] → vector; anything else names the member.
Result<std::vector<int64_t>> Ids(const json& body) {
  std::vector<int64_t> ids;
  if (!body.contains("ids") || body["ids"].is_null()) return ids;
  if (!body["ids"].is_array()) return Error::InvalidArgument("ids 应为编号数组", "ids");
  for (const auto& v : body["ids"]) {
    if (!v.is_number_integer() || v.get<int64_t>() <= 0)
      return Error::InvalidArgument("ids 中的每一项应为正整数", "ids");
    ids.push_back(v.get<int64_t>());
  }
  return ids;
}

Result<service::EntitlementFilter> ParseFilter(const Request& req) {
  service::EntitlementFilter f;
  f.region_prefix = req.Query("region");
  for (char c : f.region_prefix)
    if (c < '0' || c > '9' || f.region_prefix.size() > 12)
      return Error::InvalidArgument("region 应为行政区划代码的前缀（数字）", "region");
  if (const std::string s = req.Query("status"); !s.empty()) {
    f.status = service::ParseEntitlementStatus(s);
    if (!f.status) return Error::InvalidArgument("未知的状态: " + s, "status");
  }
  f.rule_id = req.Query("rule_id");
  BANGFU_ASSIGN_OR_RETURN(f.run_id, IntParam(req, "run_id", 0));
  BANGFU_ASSIGN_OR_RETURN(f.batch_id, IntParam(req, "batch_id", 0));
  BANGFU_ASSIGN_OR_RETURN(f.person_id, IntParam(req, "person_id", 0));
  BANGFU_ASSIGN_OR_RETURN(int64_t page, IntParam(req, "page", 1));
  BANGFU_ASSIGN_OR_RETURN(int64_t size, IntParam(req, "size", 20));
  if (page < 1 || page > 1'000'000) return Error::InvalidArgument("页码从 1 开始", "page");
  if (size < 1 || size > 500) return Error::InvalidArgument("每页条数应在 1 到 500 之间", "size");
  f.page = static_cast<int>(page);
  f.size = static_cast<int>(size);
  return f;
}

json ParamJson(const policy::ParamInfo& p, Date today) {
  json values = json::array();
  for (const auto& v : p.values)
    values.push_back({{"from", v.from.ToString()}, {"key", v.key}, {"value", v.value},
                      {"text", v.text}, {"source", v.source}, {"stored", v.stored}});
  // The value in force today, in the pack's syntax (what the what-if page starts from).
  json current = nullptr, current_value = nullptr;
  for (const auto& v : p.values)
    if (v.from <= today && v.key.empty()) current = v.text, current_value = v.value;
  return {{"name", p.name},       {"type", p.type},       {"type_label", p.type_label},
          {"source", p.source},   {"keyed", p.keyed},     {"values", values},
          {"rules", p.rules},     {"current", current},   {"current_value", current_value},
          {"configured", p.ConfiguredAt(today)}};
}

}  // namespace

void AddEntitlementRoutes(Router& router, service::App& app) {
  router.Add("GET", "/api/v1/policy/runs", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t limit, IntParam(req, "limit", 50));
    BANGFU_ASSIGN_OR_RETURN(auto runs, app.entitlements().Runs(req.Context(), static_cast<int>(limit)));
    json items = json::array();
    for (const auto& r : runs) items.push_back(RunJson(r));
    return Response::Json({{"items", items}});
  });

  router.Add("POST", "/api/v1/policy/runs", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(json body, req.JsonBody());
    service::PolicyRunOptions o;
    BANGFU_ASSIGN_OR_RETURN(auto as_of, OptDate(body, "as_of"));
    o.as_of = as_of.value_or(app.clock().Today());
    BANGFU_ASSIGN_OR_RETURN(o.pack_id, Str(body, "pack"));
    BANGFU_ASSIGN_OR_RETURN(auto run, app.policies().Run(req.Context(), o));
    return Response::Json(RunJson(run), 201);
  });

  // What-if: {"as_of", "pack", "set": ["intern_monthly=1400", …]} → per-rule gains, losses, money.
  router.Add("POST", "/api/v1/policy/what-if", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(json body, req.JsonBody());
    service::PolicyRunOptions o;
    BANGFU_ASSIGN_OR_RETURN(auto as_of, OptDate(body, "as_of"));
    o.as_of = as_of.value_or(app.clock().Today());
    BANGFU_ASSIGN_OR_RETURN(o.pack_id, Str(body, "pack"));
    if (!body.contains("set") || !body["set"].is_array())
      return Error::InvalidArgument("set 应为参数数组，如 [\"intern_monthly=1400\"]", "set");
    std::vector<service::WhatIfSet> sets;
    for (const auto& s : body["set"]) {
      if (!s.is_string()) return Error::InvalidArgument("set 中的每一项应为字符串 名称=值", "set");
      BANGFU_ASSIGN_OR_RETURN(auto w, service::ParseWhatIfSet(s.get<std::string>()));
      sets.push_back(std::move(w));
    }
    BANGFU_ASSIGN_OR_RETURN(auto r, app.policies().WhatIf(req.Context(), o, sets));
    json rules = json::array();
    for (const auto& w : r.rules)
      rules.push_back({{"pack_id", w.pack_id}, {"rule_id", w.rule_id}, {"rule_name", w.rule_name},
                       {"base_eligible", w.base_eligible}, {"new_eligible", w.new_eligible},
                       {"gained", w.gained}, {"lost", w.lost}, {"base_fen", w.base_fen},
                       {"new_fen", w.new_fen}, {"base_not_configured", w.base_not_configured},
                       {"new_not_configured", w.new_not_configured}});
    return Response::Json({{"as_of", r.as_of.ToString()}, {"rules", rules}, {"gained", r.gained},
                           {"lost", r.lost}, {"delta_fen", r.delta_fen}});
  });

  router.Add("GET", "/api/v1/policy/packs", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    if (!service::EntitlementService::CanRead(req.Context().principal.role))
      return Error::PermissionDenied("当前角色不能查看政策包");
    json packs = json::array();
    for (const auto& p : app.policies().Packs()) {
      json rules = json::array();
      for (const auto& r : p.rules)
        rules.push_back({{"id", r.id}, {"name", r.name}, {"clause", r.clause},
                         {"subject", std::string(policy::Name(r.subject))},
                         {"subject_label", std::string(policy::Label(r.subject))},
                         {"payee", std::string(policy::Name(r.payee))},
                         {"payee_label", std::string(policy::Label(r.payee))}, {"payment", r.payment}});
      packs.push_back({{"id", p.id}, {"file", p.file}, {"rules", rules}});
    }
    return Response::Json({{"items", packs}});
  });

  // 参数设置: every pack parameter with its timeline and the rules reading it.
  router.Add("GET", "/api/v1/policy/parameters", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(auto packs, app.policies().Params(req.Context()));
    const Date today = app.clock().Today();
    json items = json::array();
    for (const auto& p : packs) {
      json params = json::array();
      for (const auto& x : p.params) params.push_back(ParamJson(x, today));
      items.push_back({{"pack_id", p.pack_id}, {"pack_name", p.pack_name}, {"parameters", params}});
    }
    return Response::Json({{"as_of", today.ToString()}, {"items", items}});
  });

  // {"pack", "param", "key"?, "value", "effective_from", "source"} → the stored value.
  router.Add("POST", "/api/v1/policy/parameters", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(json body, req.JsonBody());
    service::ParamSetRequest r;
    BANGFU_ASSIGN_OR_RETURN(r.pack_id, Str(body, "pack"));
    BANGFU_ASSIGN_OR_RETURN(r.param, Str(body, "param"));
    BANGFU_ASSIGN_OR_RETURN(r.key, Str(body, "key"));
    BANGFU_ASSIGN_OR_RETURN(r.value, Str(body, "value"));
    BANGFU_ASSIGN_OR_RETURN(r.effective_from, OptDate(body, "effective_from"));
    BANGFU_ASSIGN_OR_RETURN(r.source, Str(body, "source"));
    BANGFU_ASSIGN_OR_RETURN(auto v, app.policies().SetParam(req.Context(), r));
    return Response::Json({{"id", v.id}, {"pack", v.pack_id}, {"param", v.param}, {"key", v.key},
                           {"value", v.value}, {"effective_from", v.effective_from.ToString()},
                           {"source", v.source}, {"set_by_name", v.set_by_name},
                           {"set_at", v.set_at.ToString()}},
                          201);
  });

  // 政策目录: every rule in words beside the clause it encodes. Any signed-in user.
  router.Add("GET", "/api/v1/policy/catalogue", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(auto packs, app.policies().Catalogue(req.Context()));
    const Date today = app.clock().Today();
    json items = json::array();
    for (const auto& p : packs) {
      json rules = json::array(), params = json::array();
      for (const auto& x : p.params) params.push_back(ParamJson(x, today));
      for (const auto& r : p.rules) {
        // Not configured today: some parameter it reads has no value in force.
        json open = json::array();
        for (const auto& name : r.params)
          for (const auto& x : p.params)
            if (x.name == name && !x.ConfiguredAt(today)) open.push_back(name);
        rules.push_back({{"id", r.info.id}, {"name", r.info.name}, {"clause", r.info.clause},
                         {"subject", std::string(policy::Name(r.info.subject))},
                         {"subject_label", std::string(policy::Label(r.info.subject))},
                         {"payee", std::string(policy::Name(r.info.payee))},
                         {"payee_label", std::string(policy::Label(r.info.payee))},
                         {"payment", r.info.payment}, {"benefit", r.benefit},
                         {"quote", r.quote}, {"reading", r.reading},
                         {"conditions", r.conditions}, {"condition_code", r.condition_code},
                         {"amount", r.amount}, {"cap", r.cap}, {"limits", r.limits},
                         {"params", r.params}, {"unset_params", open},
                         {"configured", open.empty()}});
      }
      items.push_back({{"id", p.id}, {"name", p.name}, {"file", p.file}, {"source", p.source},
                       {"rules", rules}, {"parameters", params}});
    }
    return Response::Json({{"as_of", today.ToString()}, {"items", items}});
  });

  router.Add("GET", "/api/v1/policy/runs/{id}", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "政策运行记录"));
    BANGFU_ASSIGN_OR_RETURN(auto run, app.entitlements().GetRun(req.Context(), id));
    return Response::Json(RunJson(run));
  });

  router.Add("GET", "/api/v1/entitlements", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(auto f, ParseFilter(req));
    BANGFU_ASSIGN_OR_RETURN(auto page, app.entitlements().List(req.Context(), f));
    json items = json::array();
    for (const auto& e : page.items) items.push_back(EntitlementJson(e, false));
    return Response::Json({{"items", items},
                           {"total", page.total},
                           {"total_fen", page.total_fen},
                           {"page", f.page},
                           {"size", f.size}});
  });

  // Must come before /api/v1/entitlements/{id}.
  router.Add("POST", "/api/v1/entitlements/decisions", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(json body, req.JsonBody());
    BANGFU_ASSIGN_OR_RETURN(auto ids, Ids(body));
    BANGFU_ASSIGN_OR_RETURN(std::string decision, Str(body, "decision"));
    BANGFU_ASSIGN_OR_RETURN(std::string reason, Str(body, "reason"));
    service::Decision d;
    if (decision == "approve") d = service::Decision::kApprove;
    else if (decision == "reject") d = service::Decision::kReject;
    else if (decision == "reopen") d = service::Decision::kReopen;
    else return Error::InvalidArgument("decision 应为 approve、reject 或 reopen", "decision");
    BANGFU_ASSIGN_OR_RETURN(int64_t changed, app.entitlements().Decide(req.Context(), ids, d, reason));
    return Response::Json({{"changed", changed}});
  });

  router.Add("GET", "/api/v1/entitlements/{id}", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "待遇资格"));
    BANGFU_ASSIGN_OR_RETURN(auto e, app.entitlements().Get(req.Context(), id));
    return Response::Json(EntitlementJson(e, true));
  });

  router.Add("GET", "/api/v1/payment-batches", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(auto batches, app.entitlements().Batches(req.Context()));
    json items = json::array();
    for (const auto& b : batches) items.push_back(BatchJson(b));
    return Response::Json({{"items", items}});
  });

  router.Add("POST", "/api/v1/payment-batches", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(json body, req.JsonBody());
    BANGFU_ASSIGN_OR_RETURN(auto ids, Ids(body));
    BANGFU_ASSIGN_OR_RETURN(std::string name, Str(body, "name"));
    BANGFU_ASSIGN_OR_RETURN(auto b, app.entitlements().CreateBatch(req.Context(), name, ids));
    return Response::Json(BatchJson(b), 201);
  });

  router.Add("GET", "/api/v1/payment-batches/{id}", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "发放批次"));
    BANGFU_ASSIGN_OR_RETURN(auto b, app.entitlements().GetBatch(req.Context(), id));
    return Response::Json(BatchJson(b));
  });

  router.Add("GET", "/api/v1/payment-batches/{id}/export", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "发放批次"));
    BANGFU_ASSIGN_OR_RETURN(auto x, app.entitlements().ExportBatch(req.Context(), id));
    return XlsxDownload(std::move(x), fmt::format("payment-batch-{}.xlsx", id));
  });

  router.Add("POST", "/api/v1/payment-batches/{id}/paid", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(int64_t id, PathId(req, "发放批次"));
    BANGFU_ASSIGN_OR_RETURN(auto b, app.entitlements().MarkBatchPaid(req.Context(), id));
    return Response::Json(BatchJson(b));
  });

  // 我的政策: what a job seeker or employer gets, and the notices sent to them.
  router.Add("GET", "/api/v1/me/policies", Access::kSignedIn, [&app](Request& req) -> Result<Response> {
    BANGFU_ASSIGN_OR_RETURN(auto mine, app.entitlements().Mine(req.Context()));
    BANGFU_ASSIGN_OR_RETURN(auto notices, app.entitlements().MyNotices(req.Context()));
    BANGFU_ASSIGN_OR_RETURN(auto misses, app.policies().NearMisses(req.Context(), app.clock().Today()));
    json items = json::array(), msgs = json::array(), near = json::array();
    for (const auto& e : mine) items.push_back(EntitlementJson(e, true));
    for (const auto& m : misses)
      near.push_back({{"pack_id", m.pack_id}, {"rule_id", m.rule_id}, {"rule_name", m.rule_name},
                      {"clause", m.clause}, {"decision", std::string(policy::Name(m.outcome))},
                      {"decision_label", std::string(policy::Label(m.outcome))},
                      {"met", m.met}, {"total", m.total}, {"needs", m.needs},
                      {"amount_text", m.amount_text}});
    for (const auto& n : notices)
      msgs.push_back({{"id", n.id},
                      {"title", n.title},
                      {"body", n.body},
                      {"entitlement_id", n.entitlement_id},
                      {"created_at", n.created_at.ToString()}});
    return Response::Json({{"entitlements", items}, {"notices", msgs}, {"near_misses", near}});
  });
}

}  // namespace bangfu::http
