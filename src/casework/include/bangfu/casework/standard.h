// Service standards as data (docs/service-standards.md): a standard is a YAML file that says
// which people it covers — a list of conditions in the rules language (policy/condition.h) —
// and the services each of them must receive, how many and by when.
//
// Usage:
//   auto loaded = LoadStandards({"standards/cq-rongchang-2022.yaml", "standards/hb-2023.yaml"});
//   for (auto& d : loaded.diagnostics) std::cerr << d.ToString() << "\n";
//   if (!loaded.ok()) return;
//   auto run = ComplianceRun::Compute(*loaded.set, facts, cases, records, as_of);  // compliance.h
//
// Thread-safety: a StandardSet is immutable after loading.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bangfu/domain/case_types.h"
#include "bangfu/policy/condition.h"
#include "bangfu/policy/pack.h"

namespace bangfu::casework {

// The kinds of service record (service_records.kind), as case work defines them; a
// requirement keeps the kinds that count as a bit set indexed by the enum value.
using ServiceKind = domain::ServiceKind;
// By id ("career_guidance") or label ("职业指导").
std::optional<ServiceKind> ParseServiceKind(std::string_view name);

// The date a requirement's deadline counts from.
enum class Anchor : uint8_t {
  kRegistration,  // 登记: the person entered the ledger / registered unemployed
  kGraduation,    // 毕业 (离校) date
  kPlanOpened,    // the assistance plan (援助计划) was opened
};
std::string_view Name(Anchor a);
std::string_view Label(Anchor a);

// Whom of the covered people a requirement is for, by what their latest contact found.
enum class Need : uint8_t {
  kEveryone,          // every covered person still not employed
  kWantsWork,         // 有就业意愿 (also a person not yet classified: see compliance.h)
  kTrainingNeed,      // 有培训需求
  kStartupIntention,  // 有创业意向
  kNoIntention,       // 暂无就业意愿
};
std::string_view Name(Need n);
std::string_view Label(Need n);

inline constexpr int kMaxAtLeast = 100;  // the largest `at_least` a standard may ask

struct Requirement {
  std::string id, name, clause;
  uint32_t services = 0;  // bit set of ServiceKind: a record of any of them counts
  int at_least = 1;
  int within_days = 0;  // deadline = anchor + within_days calendar days
  Anchor anchor = Anchor::kRegistration;
  Need need = Need::kWantsWork;
  policy::SourcePos pos;
  bool Counts(ServiceKind k) const { return (services >> static_cast<int>(k)) & 1u; }
};

struct Standard {
  std::string id, name, source, file;
  // When several standards cover a person, the highest priority applies (docs/service-
  // standards.md, "Precedence"); LoadStandards refuses two standards with the same priority.
  int priority = 0;
  std::vector<std::string> covers;  // the conditions as written
  std::vector<Requirement> requirements;
  policy::SourcePos pos;
};

class StandardSet {
 public:
  // In priority order, highest first.
  const std::vector<Standard>& standards() const { return standards_; }
  // Coverage list i belongs to standards()[i].
  const policy::PersonConditionSet& coverage() const { return coverage_; }
  int Find(std::string_view id) const;  // index or -1

 private:
  friend class StandardLoader;
  std::vector<Standard> standards_;
  policy::PersonConditionSet coverage_{"standards"};
};

struct LoadedStandards {
  std::shared_ptr<const StandardSet> set;        // null when there are errors
  std::vector<policy::Diagnostic> diagnostics;  // errors and warnings, file:line:column
  bool ok() const { return set != nullptr; }
};

// Parses and checks standard files (YAML) into one set. Never throws. `texts` pairs a file
// name with its text; LoadStandards reads the files.
LoadedStandards LoadStandardTexts(const std::vector<std::pair<std::string, std::string>>& texts);
LoadedStandards LoadStandards(const std::vector<std::string>& files);

// The standard files under directories: the *.yaml files with a top-level `standard:` key,
// recursively, sorted (case files have `standards:` and are not returned). A file path is
// returned as is.
std::vector<std::string> FindStandardFiles(const std::vector<std::string>& paths,
                                           std::vector<std::string>* errors);

}  // namespace bangfu::casework
