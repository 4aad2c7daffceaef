// 政策找人: runs the policy packs over the population in a caller's scope and turns eligible
// decisions into candidate entitlements (EntitlementService), or — for a what-if — compares
// two runs without writing anything.
//
// Packs are loaded once (LoadPacks, at start-up) from a directory of *.yaml files; a pack with
// errors is refused with its diagnostics and nothing is loaded. Thread-safety: runs may go on
// concurrently; LoadPacks must not race with them.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bangfu/base/clock.h"
#include "bangfu/policy/pack.h"
#include "bangfu/service/audit_service.h"
#include "bangfu/service/entitlement_service.h"
#include "bangfu/service/policy_param.h"
#include "bangfu/service/ports.h"

namespace bangfu::service {

struct PackSummary {
  std::string id, name, file;
  std::vector<policy::RuleInfo> rules;
};

// One parameter override of a what-if: NAME=VALUE, or NAME[KEY]=VALUE for keyed parameters.
struct WhatIfSet {
  std::string name, key, value;
};
// "intern_monthly=1400" / "train_course[SKILL-01]=1200"; kInvalidArgument naming the text.
Result<WhatIfSet> ParseWhatIfSet(const std::string& text);

struct WhatIfRule {
  std::string pack_id, rule_id, rule_name;
  int64_t base_eligible = 0, new_eligible = 0;
  int64_t gained = 0, lost = 0;          // Subjects newly eligible / no longer eligible.
  int64_t base_fen = 0, new_fen = 0;     // Total amounts; delta = new - base.
  // Subjects the rule could not judge for want of a parameter value (未配置).
  int64_t base_not_configured = 0, new_not_configured = 0;
};
struct WhatIfReport {
  Date as_of;
  std::vector<WhatIfRule> rules;         // Rules whose result changed, and the rest unchanged.
  int64_t gained = 0, lost = 0, delta_fen = 0;
};

// One administrator-set parameter value (参数设置). `effective_from` is required; `source`
// names the document that fixes the value.
struct ParamSetRequest {
  std::string pack_id, param, key, value, source;
  std::optional<Date> effective_from;
};

// A pack's parameters with their whole timelines: the pack's own values and those set by
// administrators, merged.
struct PackParams {
  std::string pack_id, pack_name;
  std::vector<policy::ParamInfo> params;
};

// A pack as the policy catalogue (政策目录) shows it.
struct PackCatalogue {
  std::string id, name, file, source;
  std::vector<policy::RuleDetail> rules;
  std::vector<policy::ParamInfo> params;
};

// A rule a job seeker (or an employer) does not get yet, with what is still short: the
// engine's note for each condition that failed or lacked data ("社保连续缴费月数: 11，需 ≥ 12个月").
struct NearMiss {
  std::string pack_id, rule_id, rule_name, clause;
  policy::Outcome outcome = policy::Outcome::kNotEligible;  // not eligible or undecidable
  int met = 0, total = 0;             // conditions met out of all
  std::vector<std::string> needs;     // one line per condition not met
  std::string amount_text;            // how the amount is reckoned
};

struct PolicyRunOptions {
  Date as_of;
  std::string pack_id;  // Empty: every loaded pack.
  // Called (on the caller's thread) as each phase of Run ends: "load" (facts read), "evaluate"
  // (packs run), "explain" (candidates and explanations built), "write" (recorded). For the
  // end-to-end benchmark, which times the phases; the service itself reads no clock for it.
  std::function<void(std::string_view phase)> on_phase;
};

class PolicyService {
 public:
  PolicyService(Store& store, EntitlementService& entitlements, AuditService& audit,
                const Clock& clock)
      : store_(store), entitlements_(entitlements), audit_(audit), clock_(clock) {}

  // Loads every *.yaml pack under `dir` (replacing what was loaded). kInvalidArgument with
  // the diagnostics ("file:line:column: …", one per line) when any pack has errors.
  Status LoadPacks(const std::string& dir);
  std::vector<PackSummary> Packs() const;

  // Evaluates the packs over everyone in the caller's scope at `as_of` and records the
  // eligible decisions as candidate entitlements (re-running changes nothing). Administrators
  // and district staff only.
  Result<PolicyRun> Run(const RequestContext& ctx, const PolicyRunOptions& options);

  // The same evaluation twice — as configured and with `sets` — compared per rule. Writes
  // nothing but an audit entry.
  Result<WhatIfReport> WhatIf(const RequestContext& ctx, const PolicyRunOptions& options,
                              const std::vector<WhatIfSet>& sets);

  // Records a parameter value (history kept) in one transaction with its audit entry.
  // Administrators and district staff only (kPermissionDenied). kInvalidArgument naming the
  // field: pack (kNotFound when not loaded), param (not in the pack), key (keyed parameters
  // need one, others take none), value (does not fit the parameter's type: money, count,
  // ratio, date, months, days), effective_from (missing), source (empty).
  Result<PolicyParamValue> SetParam(const RequestContext& ctx, const ParamSetRequest& request);
  // 我的政策 · 还需要什么: the rules that would pay a job seeker (or, for an employer, the
  // rules about the organisation itself) that are missed on at most two conditions at
  // `as_of`. Only the caller's own records are read into the explanation: rules paying an
  // employer for a person are left out for job seekers, and rules about employees are left
  // out for employers (their categories are not the employer's to see). kPermissionDenied
  // for staff roles.
  Result<std::vector<NearMiss>> NearMisses(const RequestContext& ctx, Date as_of);
  // Every parameter of every loaded pack with its timeline. Every staff role.
  Result<std::vector<PackParams>> Params(const RequestContext& ctx);
  // Every rule of every loaded pack in words, beside its clause. Every signed-in role: the
  // policies are public.
  Result<std::vector<PackCatalogue>> Catalogue(const RequestContext& ctx);

 private:
  struct Loaded {
    std::shared_ptr<const policy::Pack> pack;
    PackSummary summary;
  };
  Result<std::vector<const Loaded*>> Chosen(const std::string& pack_id) const;
  // The pack with the administrator-set values merged in: what runs, what-ifs and
  // explanations evaluate.
  Result<std::shared_ptr<const policy::Pack>> Effective(const Loaded& loaded);

  Store& store_;
  EntitlementService& entitlements_;
  AuditService& audit_;
  const Clock& clock_;
  std::vector<Loaded> packs_;
};

}  // namespace bangfu::service
