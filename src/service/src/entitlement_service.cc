#include "bangfu/service/entitlement_service.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "bangfu/base/log.h"
#include "bangfu/domain/org_types.h"
#include "bangfu/policy/pack.h"
#include "xlsx_file.h"

namespace bangfu::service {

namespace {

struct StatusInfo {
  EntitlementStatus status;
  const char* name;
  const char* label;
};
constexpr StatusInfo kStatuses[] = {
    {EntitlementStatus::kPending, "pending", "待审核"},
    {EntitlementStatus::kApproved, "approved", "已审核"},
    {EntitlementStatus::kRejected, "rejected", "不予认定"},
    {EntitlementStatus::kBatched, "batched", "待发放"},
    {EntitlementStatus::kPaid, "paid", "已发放"},
};

const char* DecisionAction(Decision d) {
  switch (d) {
    case Decision::kApprove: return "entitlement.approve";
    case Decision::kReject: return "entitlement.reject";
    case Decision::kReopen: return "entitlement.reopen";
  }
  return "entitlement.decide";
}

}  // namespace

const char* EntitlementStatusName(EntitlementStatus s) {
  for (const auto& i : kStatuses)
    if (i.status == s) return i.name;
  return "pending";
}
const char* EntitlementStatusLabel(EntitlementStatus s) {
  for (const auto& i : kStatuses)
    if (i.status == s) return i.label;
  return "";
}
std::string_view EntitlementKindLabel(std::string_view kind) {
  if (kind == kPaymentKind) return "补贴";
  if (kind == kLoanLimitKind) return "贷款额度";
  return kind;
}
std::optional<EntitlementStatus> ParseEntitlementStatus(std::string_view name) {
  for (const auto& i : kStatuses)
    if (name == i.name || name == i.label) return i.status;
  return std::nullopt;
}

Status LogNoticeSender::Send(const Notice& n) {
  log::Info("notice to {} {}: {} — {}", n.recipient_kind, n.recipient_id, n.title, n.body);
  return OkStatus();
}

bool EntitlementService::CanDecide(Role role) {
  return role == Role::kAdmin || role == Role::kDistrictStaff;
}
bool EntitlementService::CanRead(Role role) {
  return CanDecide(role) || role == Role::kTownStaff || role == Role::kCommunityStaff ||
         role == Role::kLeader;
}

Status EntitlementService::RequireRead(const RequestContext& ctx) const {
  if (!CanRead(ctx.principal.role)) return Error::PermissionDenied("当前角色不能查看待遇资格");
  return OkStatus();
}
Status EntitlementService::RequireDecide(const RequestContext& ctx) const {
  if (!CanDecide(ctx.principal.role))
    return Error::PermissionDenied("只有区级工作人员和管理员可以审核和发放");
  return OkStatus();
}

Result<Entitlement> EntitlementService::Visible(const RequestContext& ctx, int64_t id) {
  auto e = store_.entitlements().Get(id);
  if (!e.ok()) return e.error().IsNotFound() ? Error::NotFound("待遇资格不存在") : e.error();
  if (!InScope(ctx.principal.scope, e->region_code)) return Error::NotFound("待遇资格不存在");
  return e;
}

Result<PaymentBatch> EntitlementService::VisibleBatch(const RequestContext& ctx, int64_t id) {
  auto b = store_.payment_batches().Get(id);
  if (!b.ok()) return b.error().IsNotFound() ? Error::NotFound("发放批次不存在") : b.error();
  if (!InScope(ctx.principal.scope, b->scope)) return Error::NotFound("发放批次不存在");
  return b;
}

std::vector<Notice> EntitlementService::NoticesFor(const Entitlement& e) const {
  std::vector<Notice> out;
  const std::string amount = domain::FormatYuan(e.amount_fen);
  const Timestamp now = clock_.Now();
  if (e.kind == kLoanLimitKind) {
    // A loan the person may apply for, not money on its way: one notice, to the person it is
    // about (the founder), else to a payee that can sign in.
    Notice n;
    n.recipient_kind = e.person_id != 0 ? "person" : e.payee_kind;
    n.recipient_id = e.person_id != 0 ? e.person_id : e.payee_id;
    if (n.recipient_kind != "person" && n.recipient_kind != "employer") return out;
    n.entitlement_id = e.id;
    n.title = fmt::format("您可申请{}", e.rule_name.empty() ? "贷款" : e.rule_name);
    n.body = fmt::format(
        "经比对，{}符合{}（{}）的条件，您可申请创业担保贷款，额度最高 {} 元，并按规定享受财政贴息。"
        "这是可申请的贷款额度，不是发放的补贴。",
        e.payee_kind == "business" ? "您创办的经营主体" : "您", e.rule_name, e.clause, amount);
    n.created_at = now;
    out.push_back(std::move(n));
    return out;
  }
  if (e.payee_kind == "person" || e.payee_kind == "employer") {
    Notice n;
    n.recipient_kind = e.payee_kind;
    n.recipient_id = e.payee_id;
    n.entitlement_id = e.id;
    n.title = fmt::format("您可享受{}", e.rule_name);
    n.body = e.payee_kind == "person"
                 ? fmt::format("经比对，您符合{}（{}）的条件，金额 {} 元，无需申请，审核通过后发放。",
                               e.rule_name, e.clause, amount)
                 : fmt::format("经比对，贵单位因吸纳{}符合{}（{}）的条件，金额 {} 元，无需申请，审核通过后发放。",
                               e.person_name.empty() ? "相关人员" : e.person_name, e.rule_name,
                               e.clause, amount);
    n.created_at = now;
    out.push_back(std::move(n));
  }
  if (e.person_id != 0 && !(e.payee_kind == "person" && e.payee_id == e.person_id)) {
    Notice n;
    n.recipient_kind = "person";
    n.recipient_id = e.person_id;
    n.entitlement_id = e.id;
    n.title = fmt::format("与您有关的政策：{}", e.rule_name);
    n.body = fmt::format("{}因您符合条件可享受{}（{}），金额 {} 元。", e.payee_name, e.rule_name,
                         e.clause, amount);
    n.created_at = now;
    out.push_back(std::move(n));
  }
  return out;
}

Result<PolicyRun> EntitlementService::RecordRun(const RequestContext& ctx, PolicyRun run,
                                                std::vector<Entitlement> candidates) {
  BANGFU_RETURN_IF_ERROR(RequireDecide(ctx));
  for (size_t i = 0; i < candidates.size(); ++i) {
    const auto& c = candidates[i];
    const std::string field = fmt::format("candidates[{}]", i);
    if (c.rule_id.empty() || c.subject_kind.empty() || c.subject_id == 0)
      return Error::InvalidArgument("候选资格缺少政策编号或对象", field);
    if (c.payee_kind.empty() || c.payee_id == 0)
      return Error::InvalidArgument(fmt::format("{} 的候选资格缺少收款方", c.rule_id), field);
    if (c.amount_fen <= 0)
      return Error::InvalidArgument(fmt::format("{} 的候选资格金额应为正数", c.rule_id), field);
    if (c.region_code.size() != 12 || !InScope(ctx.principal.scope, c.region_code))
      return Error::InvalidArgument(fmt::format("{} 的候选资格不在本账号的管辖范围内", c.rule_id), field);
  }
  const Timestamp now = clock_.Now();
  run.scope = ctx.principal.scope;
  run.started_by = ctx.principal.user_id;
  run.started_by_name = ctx.principal.display_name;
  if (run.finished_at.micros == 0) run.finished_at = now;
  if (run.started_at.micros == 0) run.started_at = now;
  run.new_candidates = 0;
  run.new_amount_fen = 0;
  BANGFU_RETURN_IF_ERROR(store_.InTransaction([&]() -> Status {
    BANGFU_ASSIGN_OR_RETURN(run.id, store_.policy_runs().Insert(run));
    for (auto& c : candidates) {
      c.run_id = run.id;
      c.as_of = run.as_of;
      c.pack_id = c.pack_id.empty() ? run.pack_id : c.pack_id;
      c.status = EntitlementStatus::kPending;
      c.created_at = now;
    }
    BANGFU_ASSIGN_OR_RETURN(auto fresh, store_.entitlements().InsertNew(candidates));
    std::vector<Notice> notices;
    for (size_t i : fresh) {
      ++run.new_candidates;
      if (candidates[i].kind != kLoanLimitKind) run.new_amount_fen += candidates[i].amount_fen;
      for (auto& n : NoticesFor(candidates[i])) notices.push_back(std::move(n));
    }
    BANGFU_RETURN_IF_ERROR(store_.outbox().InsertMany(notices));
    BANGFU_RETURN_IF_ERROR(store_.policy_runs().Update(run));
    return audit_.Record(
        ctx, "policy.run", "policy_run", std::to_string(run.id), run.scope,
        fmt::format(R"({{"pack":"{}","as_of":"{}","eligible":{},"new":{},"new_amount_fen":{}}})",
                    run.pack_id, run.as_of.ToString(), run.eligible, run.new_candidates,
                    run.new_amount_fen));
  }));
  return run;
}

Result<std::vector<PolicyRun>> EntitlementService::Runs(const RequestContext& ctx, int limit) {
  BANGFU_RETURN_IF_ERROR(RequireRead(ctx));
  return store_.policy_runs().List(ctx.principal.scope, std::clamp(limit, 1, 500));
}

Result<PolicyRun> EntitlementService::GetRun(const RequestContext& ctx, int64_t id) {
  BANGFU_RETURN_IF_ERROR(RequireRead(ctx));
  auto r = store_.policy_runs().Get(id);
  if (!r.ok()) return r.error().IsNotFound() ? Error::NotFound("政策运行记录不存在") : r.error();
  if (!InScope(ctx.principal.scope, r->scope)) return Error::NotFound("政策运行记录不存在");
  return r;
}

Result<std::vector<Entitlement>> EntitlementService::AllMatching(EntitlementFilter f) {
  std::vector<Entitlement> out;
  f.size = 500;
  for (f.page = 1;; ++f.page) {
    BANGFU_ASSIGN_OR_RETURN(auto page, store_.entitlements().List(f));
    for (auto& e : page.items) out.push_back(std::move(e));
    if (page.items.size() < static_cast<size_t>(f.size)) break;
  }
  return out;
}

Result<std::vector<Entitlement>> EntitlementService::InBatch(const PaymentBatch& b) {
  EntitlementFilter f;
  f.region_prefix = b.scope;
  f.batch_id = b.id;
  return AllMatching(f);
}

Result<EntitlementPage> EntitlementService::List(const RequestContext& ctx, EntitlementFilter f) {
  BANGFU_RETURN_IF_ERROR(RequireRead(ctx));
  if (!InScope(ctx.principal.scope, f.region_prefix)) f.region_prefix = ctx.principal.scope;
  if (f.region_prefix.size() < ctx.principal.scope.size()) f.region_prefix = ctx.principal.scope;
  if (f.page < 1) return Error::InvalidArgument("页码从 1 开始", "page");
  if (f.size < 1 || f.size > 500) return Error::InvalidArgument("每页条数应在 1 到 500 之间", "size");
  return store_.entitlements().List(f);
}

Result<Entitlement> EntitlementService::Get(const RequestContext& ctx, int64_t id) {
  BANGFU_RETURN_IF_ERROR(RequireRead(ctx));
  return Visible(ctx, id);
}

Result<int64_t> EntitlementService::Decide(const RequestContext& ctx, const std::vector<int64_t>& ids,
                                           Decision decision, const std::string& reason) {
  BANGFU_RETURN_IF_ERROR(RequireDecide(ctx));
  if (ids.empty()) return Error::InvalidArgument("请选择要处理的待遇资格", "ids");
  if (ids.size() > 5000) return Error::InvalidArgument("一次最多处理 5000 条", "ids");
  if (decision == Decision::kReject && reason.find_first_not_of(" \t\r\n") == std::string::npos)
    return Error::InvalidArgument("不予认定时请填写原因", "reason");
  const std::set<int64_t> unique(ids.begin(), ids.end());
  int64_t changed = 0;
  BANGFU_RETURN_IF_ERROR(store_.InTransaction([&]() -> Status {
    const Timestamp now = clock_.Now();
    for (int64_t id : unique) {
      auto e = Visible(ctx, id);
      if (!e.ok()) return Error::NotFound(fmt::format("待遇资格 {} 不存在", id), "ids");
      const EntitlementStatus from = e->status;
      EntitlementStatus to = from;
      switch (decision) {
        case Decision::kApprove:
          if (from != EntitlementStatus::kPending)
            return Error::FailedPrecondition(
                fmt::format("待遇资格 {} 当前为{}，不能审核通过", id, EntitlementStatusLabel(from)), "ids");
          to = EntitlementStatus::kApproved;
          break;
        case Decision::kReject:
          if (from != EntitlementStatus::kPending && from != EntitlementStatus::kApproved)
            return Error::FailedPrecondition(
                fmt::format("待遇资格 {} 当前为{}，不能不予认定", id, EntitlementStatusLabel(from)), "ids");
          to = EntitlementStatus::kRejected;
          break;
        case Decision::kReopen:
          if (from != EntitlementStatus::kRejected)
            return Error::FailedPrecondition(
                fmt::format("待遇资格 {} 当前为{}，只有不予认定的可以重新审核", id,
                            EntitlementStatusLabel(from)),
                "ids");
          to = EntitlementStatus::kPending;
          break;
      }
      e->status = to;
      e->reason = reason;
      e->decided_by = ctx.principal.user_id;
      e->decided_by_name = ctx.principal.display_name;
      e->decided_at = now;
      BANGFU_RETURN_IF_ERROR(store_.entitlements().UpdateState(*e));
      BANGFU_RETURN_IF_ERROR(audit_.Record(
          ctx, DecisionAction(decision), "entitlement", std::to_string(id), e->region_code,
          fmt::format(R"({{"rule":"{}","amount_fen":{},"from":"{}","to":"{}"}})", e->rule_id,
                      e->amount_fen, EntitlementStatusName(from), EntitlementStatusName(to))));
      ++changed;
    }
    return OkStatus();
  }));
  return changed;
}

Result<PaymentBatch> EntitlementService::CreateBatch(const RequestContext& ctx, const std::string& name,
                                                     const std::vector<int64_t>& ids) {
  BANGFU_RETURN_IF_ERROR(RequireDecide(ctx));
  std::vector<Entitlement> chosen;
  if (ids.empty()) {
    EntitlementFilter f;
    f.region_prefix = ctx.principal.scope;
    f.status = EntitlementStatus::kApproved;
    BANGFU_ASSIGN_OR_RETURN(chosen, AllMatching(f));
    std::erase_if(chosen, [](const Entitlement& e) { return e.kind == kLoanLimitKind; });
  } else {
    for (int64_t id : std::set<int64_t>(ids.begin(), ids.end())) {
      auto e = Visible(ctx, id);
      if (!e.ok()) return Error::NotFound(fmt::format("待遇资格 {} 不存在", id), "ids");
      if (e->kind == kLoanLimitKind)
        return Error::FailedPrecondition(
            fmt::format("待遇资格 {}（{}）是可申请的贷款额度，不是补贴，不能放入发放批次", id,
                        e->rule_name),
            "ids");
      if (e->status != EntitlementStatus::kApproved)
        return Error::FailedPrecondition(
            fmt::format("待遇资格 {} 当前为{}，只有已审核的可以发放", id, EntitlementStatusLabel(e->status)),
            "ids");
      chosen.push_back(std::move(*e));
    }
  }
  if (chosen.empty()) return Error::FailedPrecondition("没有已审核、待发放的待遇资格", "ids");
  PaymentBatch b;
  b.name = name.empty() ? fmt::format("{} 发放批次", clock_.Today().ToString()) : name;
  if (b.name.size() > 200) return Error::InvalidArgument("批次名称过长", "name");
  b.scope = ctx.principal.scope;
  b.created_by = ctx.principal.user_id;
  b.created_by_name = ctx.principal.display_name;
  b.created_at = clock_.Now();
  for (const auto& e : chosen) {
    ++b.count;
    b.total_fen += e.amount_fen;
  }
  BANGFU_RETURN_IF_ERROR(store_.InTransaction([&]() -> Status {
    BANGFU_ASSIGN_OR_RETURN(b.id, store_.payment_batches().Insert(b));
    for (auto& e : chosen) {
      e.status = EntitlementStatus::kBatched;
      e.batch_id = b.id;
      BANGFU_RETURN_IF_ERROR(store_.entitlements().UpdateState(e));
    }
    return audit_.Record(ctx, "payment_batch.create", "payment_batch", std::to_string(b.id), b.scope,
                         fmt::format(R"({{"count":{},"total_fen":{}}})", b.count, b.total_fen));
  }));
  return b;
}

Result<std::vector<PaymentBatch>> EntitlementService::Batches(const RequestContext& ctx) {
  BANGFU_RETURN_IF_ERROR(RequireRead(ctx));
  return store_.payment_batches().List(ctx.principal.scope);
}

Result<PaymentBatch> EntitlementService::GetBatch(const RequestContext& ctx, int64_t id) {
  BANGFU_RETURN_IF_ERROR(RequireRead(ctx));
  return VisibleBatch(ctx, id);
}

Result<ExportResult> EntitlementService::ExportBatch(const RequestContext& ctx, int64_t id) {
  BANGFU_RETURN_IF_ERROR(RequireDecide(ctx));
  BANGFU_ASSIGN_OR_RETURN(PaymentBatch b, VisibleBatch(ctx, id));
  BANGFU_ASSIGN_OR_RETURN(auto rows, InBatch(b));
  const auto path = TempXlsxPath("batch", clock_.Now());
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) return Error::Unavailable("无法创建导出文件");
  lxw_worksheet* ws = workbook_add_worksheet(wb, "发放明细");
  lxw_format* head = workbook_add_format(wb);
  format_set_bold(head);
  format_set_bg_color(head, 0xE5ECF7);
  format_set_border(head, LXW_BORDER_THIN);
  lxw_format* money = workbook_add_format(wb);
  format_set_num_format(money, "#,##0.00");
  lxw_format* bold_money = workbook_add_format(wb);
  format_set_num_format(bold_money, "#,##0.00");
  format_set_bold(bold_money);
  const char* headers[] = {"序号", "资格编号", "政策编号", "政策名称", "条款", "收款方类型",
                           "收款方编号", "收款方", "对象人员", "金额（元）", "认定日期", "审核人"};
  const int widths[] = {6, 10, 18, 36, 10, 10, 10, 28, 10, 14, 12, 10};
  constexpr int kCols = 12;
  worksheet_write_string(ws, 0, 0, fmt::format("{}（批次 {}）", b.name, b.id).c_str(), head);
  for (int c = 0; c < kCols; ++c) {
    worksheet_write_string(ws, 1, c, headers[c], head);
    worksheet_set_column(ws, c, c, widths[c], nullptr);
  }
  worksheet_freeze_panes(ws, 2, 0);
  const auto payee_label = [](const std::string& k) {
    const auto payee = policy::ParsePayeeKind(k);
    return std::string(payee ? policy::Label(*payee) : "其他");
  };
  int64_t total = 0;
  lxw_row_t r = 2;
  for (const auto& e : rows) {
    worksheet_write_number(ws, r, 0, static_cast<double>(r - 1), nullptr);
    worksheet_write_number(ws, r, 1, static_cast<double>(e.id), nullptr);
    worksheet_write_string(ws, r, 2, e.rule_id.c_str(), nullptr);
    worksheet_write_string(ws, r, 3, e.rule_name.c_str(), nullptr);
    worksheet_write_string(ws, r, 4, e.clause.c_str(), nullptr);
    worksheet_write_string(ws, r, 5, payee_label(e.payee_kind).c_str(), nullptr);
    worksheet_write_number(ws, r, 6, static_cast<double>(e.payee_id), nullptr);
    worksheet_write_string(ws, r, 7, e.payee_name.c_str(), nullptr);
    worksheet_write_string(ws, r, 8, e.person_name.c_str(), nullptr);
    worksheet_write_number(ws, r, 9, static_cast<double>(e.amount_fen) / 100.0, money);
    worksheet_write_string(ws, r, 10, e.as_of.ToString().c_str(), nullptr);
    worksheet_write_string(ws, r, 11, e.decided_by_name.c_str(), nullptr);
    total += e.amount_fen;
    ++r;
  }
  worksheet_write_string(ws, r, 8, "合计", head);
  worksheet_write_number(ws, r, 9, static_cast<double>(total) / 100.0, bold_money);
  BANGFU_ASSIGN_OR_RETURN(std::string bytes, FinishWorkbook(wb, path));
  if (total != b.total_fen)
    return Error::Internal(fmt::format("批次 {} 的明细合计与批次金额不一致", b.id));
  BANGFU_RETURN_IF_ERROR(audit_.Record(ctx, "payment_batch.export", "payment_batch", std::to_string(b.id),
                                       b.scope, fmt::format(R"({{"rows":{},"total_fen":{}}})", rows.size(), total)));
  return ExportResult{std::move(bytes), static_cast<int64_t>(rows.size()), fmt::format("发放批次{}.xlsx", b.id)};
}

Result<PaymentBatch> EntitlementService::MarkBatchPaid(const RequestContext& ctx, int64_t id) {
  BANGFU_RETURN_IF_ERROR(RequireDecide(ctx));
  BANGFU_ASSIGN_OR_RETURN(PaymentBatch b, VisibleBatch(ctx, id));
  if (b.status == BatchStatus::kPaid) return Error::FailedPrecondition("该批次已确认发放", "status");
  BANGFU_ASSIGN_OR_RETURN(auto rows, InBatch(b));
  b.status = BatchStatus::kPaid;
  b.paid_at = clock_.Now();
  // What was paid goes into the ledger of paid subsidies, so that "only once" holds in every
  // later run and across systems (the rules engine reads it as Facts::paid).
  std::vector<PaidSubsidy> paid;
  for (const auto& e : rows) {
    PaidSubsidy p;
    p.rule = e.rule_id;
    if (e.person_id) p.person_id = e.person_id;
    if (e.payee_kind == "employer" || e.payee_kind == "base" || e.payee_kind == "institution")
      p.employer_id = e.payee_id;
    if (e.payee_kind == "business") p.business_id = e.payee_id;
    p.paid_on = clock_.Today();
    p.amount = e.amount_fen;
    p.source_system = "bangfu";
    p.external_ref = fmt::format("entitlement:{}", e.id);
    p.subject_id = e.subject_id;
    paid.push_back(std::move(p));
  }
  BANGFU_RETURN_IF_ERROR(store_.InTransaction([&]() -> Status {
    for (auto& e : rows) {
      e.status = EntitlementStatus::kPaid;
      BANGFU_RETURN_IF_ERROR(store_.entitlements().UpdateState(e));
    }
    BANGFU_RETURN_IF_ERROR(store_.policy_data().UpsertPaidSubsidies(paid));
    BANGFU_RETURN_IF_ERROR(store_.payment_batches().Update(b));
    return audit_.Record(ctx, "payment_batch.paid", "payment_batch", std::to_string(b.id), b.scope,
                         fmt::format(R"({{"count":{},"total_fen":{}}})", rows.size(), b.total_fen));
  }));
  return b;
}

Result<std::vector<Entitlement>> EntitlementService::Mine(const RequestContext& ctx) {
  EntitlementFilter f;
  f.size = 500;
  if (ctx.principal.role == Role::kJobSeeker) {
    if (!ctx.principal.person_id) return std::vector<Entitlement>{};
    f.person_id = *ctx.principal.person_id;
  } else if (ctx.principal.role == Role::kEmployer) {
    if (!ctx.principal.org_id) return std::vector<Entitlement>{};
    f.payee_kind = "employer";
    f.payee_id = *ctx.principal.org_id;
  } else {
    return Error::PermissionDenied("我的政策只面向求职者和用人单位");
  }
  BANGFU_ASSIGN_OR_RETURN(auto page, store_.entitlements().List(f));
  return std::move(page.items);
}

Result<std::vector<Notice>> EntitlementService::MyNotices(const RequestContext& ctx) {
  if (ctx.principal.role == Role::kJobSeeker) {
    if (!ctx.principal.person_id) return std::vector<Notice>{};
    return store_.outbox().ForRecipient("person", *ctx.principal.person_id, 100);
  }
  if (ctx.principal.role == Role::kEmployer) {
    if (!ctx.principal.org_id) return std::vector<Notice>{};
    return store_.outbox().ForRecipient("employer", *ctx.principal.org_id, 100);
  }
  return Error::PermissionDenied("消息只面向求职者和用人单位");
}

Result<int64_t> EntitlementService::DeliverNotices(int limit) {
  std::lock_guard lock(deliver_mu_);
  BANGFU_ASSIGN_OR_RETURN(auto pending, store_.outbox().Unsent(std::clamp(limit, 1, 5000)));
  int64_t sent = 0;
  for (const auto& n : pending) {
    if (!sender_.Send(n).ok()) continue;
    BANGFU_RETURN_IF_ERROR(store_.outbox().MarkSent(n.id, clock_.Now(), sender_.Channel()));
    ++sent;
  }
  return sent;
}

}  // namespace bangfu::service
