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
#include <string>
#include <string_view>
#include <vector>

#include "bangfu/base/clock.h"
#include "bangfu/policy/pack.h"
#include "bangfu/service/audit_service.h"
#include "bangfu/service/entitlement_service.h"
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
};
struct WhatIfReport {
  Date as_of;
  std::vector<WhatIfRule> rules;         // Rules whose result changed, and the rest unchanged.
  int64_t gained = 0, lost = 0, delta_fen = 0;
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

 private:
  struct Loaded {
    std::shared_ptr<const policy::Pack> pack;
    PackSummary summary;
  };
  Result<std::vector<const Loaded*>> Chosen(const std::string& pack_id) const;

  Store& store_;
  EntitlementService& entitlements_;
  AuditService& audit_;
  const Clock& clock_;
  std::vector<Loaded> packs_;
};

}  // namespace bangfu::service
