// The entitlement workflow of 政策找人: record what a policy run found, review it, pay it, tell
// the people concerned. States and actions are in entitlement.h.
//
// Who may do what: administrators and district staff record runs, decide and pay
// (DESIGN.md: district staff own approvals and payments); town and community staff and
// leadership read the entitlements in their scope; a job seeker sees those about themself and
// an employer those paid to their organisation (我的政策). Everything outside a caller's scope
// is kNotFound.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "bangfu/base/clock.h"
#include "bangfu/service/audit_service.h"
#include "bangfu/service/entitlement.h"
#include "bangfu/service/person_export.h"
#include "bangfu/service/ports.h"

namespace bangfu::service {

enum class Decision { kApprove, kReject, kReopen };

// The default sender: writes one log line per notice; the notice itself stays readable on
// the recipient's page (MyNotices).
class LogNoticeSender final : public NoticeSender {
 public:
  std::string Channel() const override { return "log"; }
  Status Send(const Notice& notice) override;
};

class EntitlementService {
 public:
  EntitlementService(Store& store, AuditService& audit, NoticeSender& sender, const Clock& clock)
      : store_(store), audit_(audit), sender_(sender), clock_(clock) {}

  static bool CanDecide(Role role);
  static bool CanRead(Role role);

  // Records a finished run and its eligible candidates in one transaction: candidates whose
  // key is not stored yet become pending entitlements, each with a notice in the outbox to
  // its payee (and to the person when the payee is someone else); known keys are left alone.
  // Fills run.id and run.new_candidates/new_amount_fen. kInvalidArgument (field names the
  // candidate index) for a candidate without rule, subject, payee or a positive amount, or
  // with a region outside the caller's scope.
  Result<PolicyRun> RecordRun(const RequestContext& ctx, PolicyRun run,
                              std::vector<Entitlement> candidates);
  Result<std::vector<PolicyRun>> Runs(const RequestContext& ctx, int limit = 50);
  Result<PolicyRun> GetRun(const RequestContext& ctx, int64_t id);

  Result<EntitlementPage> List(const RequestContext& ctx, EntitlementFilter filter);
  Result<Entitlement> Get(const RequestContext& ctx, int64_t id);

  // Applies one decision to every id, all or nothing: kNotFound (field "ids", naming the id)
  // for an id outside scope, kFailedPrecondition for one whose state does not allow it
  // (approve: pending; reject: pending or approved; reopen: rejected). Rejecting needs a
  // reason. Returns how many changed.
  Result<int64_t> Decide(const RequestContext& ctx, const std::vector<int64_t>& ids,
                         Decision decision, const std::string& reason);

  // Puts approved entitlements into a new open batch: the given ids, or when `ids` is empty
  // every approved one in scope not yet in a batch. kFailedPrecondition when there is none.
  Result<PaymentBatch> CreateBatch(const RequestContext& ctx, const std::string& name,
                                   const std::vector<int64_t>& ids);
  Result<std::vector<PaymentBatch>> Batches(const RequestContext& ctx);
  Result<PaymentBatch> GetBatch(const RequestContext& ctx, int64_t id);
  // The batch as an XLSX sheet for the finance system (one row per payment: payee, account
  // holder, amount in yuan, rule, clause, entitlement id); audited as an export.
  Result<ExportResult> ExportBatch(const RequestContext& ctx, int64_t id);
  // Finance confirmed payment: the batch and its entitlements become paid.
  Result<PaymentBatch> MarkBatchPaid(const RequestContext& ctx, int64_t id);

  // 我的政策: for a job seeker the entitlements about them, for an employer those paid to it.
  Result<std::vector<Entitlement>> Mine(const RequestContext& ctx);
  Result<std::vector<Notice>> MyNotices(const RequestContext& ctx);

  // Hands unsent notices to the sender, oldest first; returns how many were delivered.
  // Failed deliveries stay unsent for the next call.
  Result<int64_t> DeliverNotices(int limit = 500);

 private:
  Status RequireRead(const RequestContext& ctx) const;
  Status RequireDecide(const RequestContext& ctx) const;
  Result<Entitlement> Visible(const RequestContext& ctx, int64_t id);
  Result<PaymentBatch> VisibleBatch(const RequestContext& ctx, int64_t id);
  std::vector<Notice> NoticesFor(const Entitlement& e) const;
  // Every entitlement matching `f`, all pages.
  Result<std::vector<Entitlement>> AllMatching(EntitlementFilter f);
  Result<std::vector<Entitlement>> InBatch(const PaymentBatch& b);

  Store& store_;
  AuditService& audit_;
  NoticeSender& sender_;
  const Clock& clock_;
  std::mutex deliver_mu_;
};

}  // namespace bangfu::service
