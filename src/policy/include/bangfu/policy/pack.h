// Policy packs: load and check a pack written in the rules language (docs/rules-language.md),
// compile it once, evaluate it over a whole population (Facts) at an as-of date in batch, and
// explain any one decision on demand.
//
// Usage:
//   auto loaded = LoadPackFile("policies/cq-rongchang-2022.yaml");
//   for (auto& d : loaded.diagnostics) std::cerr << d.ToString() << "\n";
//   if (!loaded.ok()) return;
//   auto engine = Engine::Create(*loaded.pack, facts);   // validates facts, builds indexes
//   RunResult run = engine->Run(as_of);                    // all cores
//   Explanation why = engine->Explain(run, rule, row);     // one row, recomputed
//
// Thread-safety: a Pack and an Engine are immutable after creation; Run and Explain may be
// called from any number of threads at once. An Engine keeps references to its Pack and Facts,
// which must outlive it.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bangfu/base/date.h"
#include "bangfu/base/result.h"
#include "bangfu/policy/facts.h"

namespace bangfu::policy {

// A place in a pack or case file; line and column are 1-based (0 when unknown).
struct SourcePos {
  std::string file;
  int line = 0;
  int column = 0;
};

enum class Severity : uint8_t { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  SourcePos pos;
  std::string message;
  // "file:line:column: error: message"
  std::string ToString() const;
};

// What a rule is evaluated for: one decision per row of this table.
enum class SubjectKind : uint8_t {
  kPerson,
  kEmployment,
  kBusiness,
  kInternship,
  kTraining,
  kPlacement,
  kEmployer,
};
// Who receives the money.
enum class PayeeKind : uint8_t { kPerson, kEmployer, kBusiness, kBase, kInstitution };

std::string_view Name(SubjectKind k);
std::string_view Name(PayeeKind k);

// The outcome of one rule for one subject row. Values are stored; do not renumber.
enum class Outcome : uint8_t {
  kNotEligible = 0,
  kEligible = 1,
  kUndecidable = 2,    // some condition could not be judged: data missing
  kNotConfigured = 3,  // a parameter the rule needs has no value at the as-of date
};
std::string_view Name(Outcome o);

// Why a decision that met every condition pays less than its amount, or nothing.
enum class LimitApplied : uint8_t {
  kNone = 0,
  kAlreadyPaid,  // Facts::paid holds a payment under the same rule or once-group
  kTakenInRun,   // an earlier decision of this run took the once-group for the same key
  kCapped,       // the amount was lowered to a cap or to what remains of a total
  kTopUp,        // a top_up group paid this key before: only the difference is paid
};
std::string_view Name(LimitApplied l);

// What people read for the machine names above (Name: stored, in JSON fields programs use, in
// pack files). This is the one place these enums get their Chinese words: the API adds them
// beside the names (…_label, limit_texts), the exports and the explanation text use them.
std::string_view Label(SubjectKind k);  // "就业记录"
std::string_view Label(PayeeKind k);    // "用人单位"
std::string_view Label(Outcome o);      // "数据缺失，无法判定"
std::string_view Label(LimitApplied l);  // "升级补差"
// One sentence saying what the limit did to a decision whose amount after it is `amount_fen`:
// kTopUp with `group` (Explanation::limit_group) → "升级到更高标准，补发差额 400000.00元（此前已按
// 较低标准领取「创业孵化基地一次性补贴」）"; without it the grant is not named. Empty for kNone.
std::string LimitText(LimitApplied l, int64_t amount_fen, std::string_view group = {});
// The enum a machine name stands for (as Name writes it); nullopt for any other text.
std::optional<SubjectKind> ParseSubjectKind(std::string_view name);
std::optional<PayeeKind> ParsePayeeKind(std::string_view name);
std::optional<Outcome> ParseOutcome(std::string_view name);
std::optional<LimitApplied> ParseLimitApplied(std::string_view name);

class Pack;  // a checked, compiled pack (opaque)
struct RuleDecl;

struct LoadResult {
  std::shared_ptr<const Pack> pack;     // null when there are errors
  std::vector<Diagnostic> diagnostics;  // errors and warnings, in file order
  bool ok() const { return pack != nullptr; }
};

// Parses, type-checks and compiles a pack. Never throws; every problem is a diagnostic naming
// file, line and column.
LoadResult LoadPackText(std::string_view text, std::string_view file_name);
LoadResult LoadPackFile(const std::string& path);

// How often a rule may pay the same subject: once ever, once per calendar year or month of
// the as-of date (the finest of the rule's own limit and its once-groups').
enum class PayPeriod : uint8_t { kEver, kYear, kMonth };

struct RuleInfo {
  std::string id, name, clause;
  SubjectKind subject;
  PayeeKind payee;
  SourcePos pos;
  PayPeriod period = PayPeriod::kEver;
  // False for `kind: loan-limit`: the amount is a ceiling the person may borrow, not money paid.
  bool payment = true;
};
std::vector<RuleInfo> Rules(const Pack& pack);

// A what-if value for a parameter, in force for a whole run whatever the dates.
struct ParamOverride {
  int param = -1;   // index into the pack's parameters
  std::string key;  // for keyed parameters (per course); empty otherwise
  int64_t value = 0, den = 1;
};
// Parses `text` ("2000", "13.50", "50%", "30") as a value of parameter `name`;
// kInvalidArgument naming the parameter when it does not exist or the value does not fit.
Result<ParamOverride> MakeOverride(const Pack& pack, std::string_view name, std::string_view key,
                                   std::string_view text);
std::string_view PackId(const Pack& pack);
std::string_view PackName(const Pack& pack);
std::string_view PackSource(const Pack& pack);  // the source document, as the pack cites it

// A parameter value set by an administrator (kept in the store), added to the pack's own
// dated values: from `from` on it is the parameter's value, until a later one.
struct ParamSetting {
  std::string param, key;  // key only for keyed parameters (per course)
  std::string value;       // as in the pack: "2000", "13.50", "50%", "30", "2024-01-01"
  Date from;
  std::string source;  // the document that fixes the value
};
// The pack with `settings` merged into its parameter timelines (a setting dated the same day
// as a pack value, or as an earlier setting, wins over it). kInvalidArgument with field
// "settings[i]" and the parameter's name in the message when a setting names no parameter of
// the pack, has no effective date, or a value that does not fit the parameter's type.
Result<std::shared_ptr<const Pack>> WithValues(const Pack& pack,
                                               const std::vector<ParamSetting>& settings);

// A parameter as the settings page shows it: its declared type, the source that leaves it
// open or fixes it, its dated values and the rules that read it.
struct ParamValueInfo {
  Date from;
  std::string key, value, source;  // value formatted for display ("2,000.00元", "50.00%")
  std::string text;                // value as written in the pack's syntax ("2000", "50%")
  bool stored = false;             // set by an administrator, not written in the pack
};
struct ParamInfo {
  std::string name;
  std::string type;  // money, count, ratio, date, months, days
  std::string type_label;  // Chinese
  std::string source;
  bool keyed = false;
  std::vector<ParamValueInfo> values;  // by date
  std::vector<std::string> rules;      // ids of the rules that read it
  // Whether some value is in force at `as_of` (for keyed parameters: for some key).
  bool ConfiguredAt(Date as_of) const;
};
std::vector<ParamInfo> Parameters(const Pack& pack);

// A rule as the policy catalogue shows it: what the pack says, rendered in Chinese where the
// pack's expressions can be (field and function labels, enumeration labels), beside the words
// of the clause it encodes and the reading chosen where the source is ambiguous.
struct RuleDetail {
  RuleInfo info;
  std::string benefit;                 // what is paid, without the qualifier in brackets
  std::string quote;                   // the clause's words from the source document
  std::string reading;                 // the note: which reading of the source was chosen
  std::vector<std::string> conditions;  // readable Chinese, one per condition
  std::vector<std::string> condition_code;  // the same, as written
  std::string amount;                   // readable: base amount and exceptions
  std::string cap;                      // readable; empty without a cap
  std::vector<std::string> limits;      // once-groups and periods in words
  std::vector<std::string> params;      // names of the parameters it reads
};
std::vector<RuleDetail> Describe(const Pack& pack);

// One decision, as the batch run keeps it.
struct Decision {
  int rule = 0;  // index into Rules(pack)
  Row subject = kNoRow;
  Outcome outcome = Outcome::kNotEligible;
  LimitApplied limit = LimitApplied::kNone;
  int64_t amount = 0;  // fen; 0 unless eligible
  PayeeKind payee_kind = PayeeKind::kPerson;
  int64_t payee_id = 0;  // store id of the payee (person, employer, business, institution)
};

struct ParamValue;  // engine_internal.h
class Scratch;      // eval.h

// The compact result of a run: for every rule and every row of its subject table, an outcome
// and the limit applied (one byte), and the amounts of the rows that met every condition
// (sparse, sorted by row).
class RunResult {
 public:
  Date as_of() const { return as_of_; }
  const std::vector<ParamOverride>& overrides() const { return overrides_; }
  int rules() const { return static_cast<int>(outcome_.size()); }
  size_t rows(int rule) const { return outcome_[rule].size(); }
  Outcome outcome(int rule, Row row) const { return static_cast<Outcome>(outcome_[rule][row] & 3); }
  LimitApplied limit(int rule, Row row) const {
    return static_cast<LimitApplied>(outcome_[rule][row] >> 2);
  }
  // Fen; 0 unless the row is eligible.
  int64_t amount(int rule, Row row) const;
  // Decisions by outcome of one rule, after limits.
  int64_t count(int rule, Outcome o) const { return counts_[rule][static_cast<int>(o)]; }
  // Rows that met every condition, before once-groups and the paid ledger were applied.
  int64_t eligible_before_limits(int rule) const { return eligible_before_limits_[rule]; }
  int64_t total_amount(int rule) const { return total_amount_[rule]; }

 private:
  friend class Engine;
  Date as_of_;
  std::vector<ParamOverride> overrides_;
  // The parameters the run resolved from `params_pack_` (overrides applied), for Explain to
  // reuse.
  std::shared_ptr<const std::vector<ParamValue>> params_;
  std::shared_ptr<const Pack> params_pack_;
  std::vector<std::vector<uint8_t>> outcome_;  // outcome | limit << 2
  std::vector<std::vector<std::pair<Row, int64_t>>> amount_;
  std::vector<std::array<int64_t, 4>> counts_;
  std::vector<int64_t> eligible_before_limits_;
  std::vector<int64_t> total_amount_;
};

struct ConditionTrace {
  std::string text;  // the condition as written
  SourcePos pos;
  Tri result = Tri::kUnknown;
  // "expression = value" for every field, function and parameter the condition read.
  std::vector<std::string> values;
  // For a condition that failed or could not be judged: what was short or missing, in
  // Chinese ("社保连续缴费月数: 11，需 ≥ 12"); empty otherwise.
  std::string missing;
};
struct ParameterTrace {
  std::string name;
  std::string value;  // "未配置" when it has no value at the as-of date
  std::string from;   // effective date of that value
  std::string source;
};
struct Explanation {
  std::string rule_id, rule_name, clause;
  SubjectKind subject_kind;
  Row subject = kNoRow;
  int64_t subject_id = 0;
  Date as_of;
  Outcome outcome = Outcome::kNotEligible;
  LimitApplied limit = LimitApplied::kNone;
  // The once-group a top_up limit paid the difference in, in words (the catalogue's name of
  // it, e.g. 创业孵化基地一次性补贴): the earlier grant the payment tops up. Empty otherwise.
  std::string limit_group;
  int64_t amount = 0;
  std::string amount_text;  // how the amount came about
  PayeeKind payee_kind = PayeeKind::kPerson;
  int64_t payee_id = 0;
  std::vector<ConditionTrace> conditions;  // in pack order
  std::vector<ParameterTrace> parameters;
  // Multi-line Chinese text for display.
  std::string ToText() const;
};

// Working memory for Explain, reused from one call to the next by a caller that explains many
// rows (a policy run's candidates): one explanation otherwise allocates its evaluation buffers
// afresh. Used by one thread at a time.
class ExplainMemory {
 public:
  ExplainMemory();
  ~ExplainMemory();
  ExplainMemory(const ExplainMemory&) = delete;
  ExplainMemory& operator=(const ExplainMemory&) = delete;

 private:
  friend class Engine;
  std::unique_ptr<Scratch> scratch_;
  int slots_ = 0;
};

class Engine {
 public:
  // Validates the facts (kInvalidArgument naming table and column) and builds the indexes the
  // pack's functions need (person → employments, employer → internships, …).
  static Result<std::unique_ptr<Engine>> Create(std::shared_ptr<const Pack> pack,
                                                const Facts& facts);
  ~Engine();

  // Evaluates every rule over its whole subject table at `as_of`, on `threads` threads
  // (0: all cores), then applies once-groups, caps and the paid ledger in pack order.
  // `overrides` replace parameter values for this run only (what-if); Explain sees them too.
  // `only` (rule indexes) restricts the run to those rules; the others have no rows.
  RunResult Run(Date as_of, int threads = 0, const std::vector<ParamOverride>& overrides = {},
                const std::vector<int>& only = {}) const;

  // Recomputes one decision with everything that led to it. The limit comes from `run`
  // (limits depend on the whole run). kInvalidArgument for an unknown rule or a row out of
  // range.
  Result<Explanation> Explain(const RunResult& run, std::string_view rule_id, Row row) const;
  // The same, with `memory` reused across calls (one thread at a time per memory).
  Result<Explanation> Explain(const RunResult& run, std::string_view rule_id, Row row,
                              ExplainMemory& memory) const;

  // The decision of `run` for one row, with its payee.
  Decision At(const RunResult& run, int rule, Row row) const;

  const Pack& pack() const { return *pack_; }
  const Facts& facts() const { return facts_; }

  struct Indexes;

 private:
  Engine(std::shared_ptr<const Pack> pack, const Facts& facts);
  void ApplyLimits(RunResult& out) const;
  int64_t PayeeId(const RuleDecl& rule, Row row) const;
  std::shared_ptr<const Pack> pack_;
  const Facts& facts_;
  std::unique_ptr<Indexes> ix_;
};

}  // namespace bangfu::policy
