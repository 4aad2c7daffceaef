#include "bangfu/policy/condition.h"

#include <algorithm>
#include <iterator>
#include <numeric>

#include "lang.h"
#include "checker.h"
#include "pack_internal.h"

namespace bangfu::policy {

PersonConditionSet::PersonConditionSet(std::string name) : pack_(std::make_shared<Pack>()) {
  pack_->id = std::move(name);
  pack_->name = pack_->id;
}
PersonConditionSet::~PersonConditionSet() = default;
PersonConditionSet::PersonConditionSet(PersonConditionSet&&) noexcept = default;
PersonConditionSet& PersonConditionSet::operator=(PersonConditionSet&&) noexcept = default;

int PersonConditionSet::size() const { return static_cast<int>(pack_->rules.size()); }

namespace {

// Functions whose evaluation (catalogue.cc) reads nothing but persons, categories and the
// household's zero_employment_since. A function missing here only costs a full load.
bool PersonsOnlyFunction(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "age",  "is_4050", "has_category", "registered_unemployed", "zero_employment",
      "graduate_of_year", "left_school_within", "year", "month_start", "first_known", "in_region",
      "min", "max", "months", "years", "days"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

bool ReadsPersonsOnly(const Expr& e) {
  switch (e.op) {
    case Op::kEntity:
      if (e.ref != static_cast<int>(Entity::kPerson) && e.ref != static_cast<int>(Entity::kHousehold))
        return false;
      break;
    case Op::kField: {
      const Entity owner = Fields()[e.ref].entity;
      if (owner != Entity::kPerson && owner != Entity::kHousehold) return false;
      break;
    }
    case Op::kCall:
      if (!PersonsOnlyFunction(Functions()[e.ref].name)) return false;
      break;
    case Op::kParam:
    case Op::kParamKeyed:
    case Op::kUnchecked:
      return false;
    default:
      break;
  }
  for (const auto& k : e.kids)
    if (k && !ReadsPersonsOnly(*k)) return false;
  return true;
}

}  // namespace

bool PersonConditionSet::ReadsPersonsOnly() const {
  for (const auto& r : pack_->rules)
    for (const auto& c : r.conditions)
      if (!c.expr || !policy::ReadsPersonsOnly(*c.expr)) return false;
  return true;
}

int PersonConditionSet::Add(const YamlDoc& doc, const YAML::Node& list, const std::string& id,
                            std::vector<Diagnostic>* diags) {
  if (!list || !list.IsSequence() || list.size() == 0) {
    doc.Error(list, "a non-empty list of conditions is needed here", diags);
    return -1;
  }
  // Each list becomes one rule for person that pays nothing: its outcome is the list's value.
  RuleDecl r;
  r.id = id;
  r.name = id;
  r.benefit = id;
  r.subject = SubjectKind::kPerson;
  r.payee = PayeeKind::kPerson;
  r.pos = doc.Pos(list);
  bool ok = true;
  for (const auto& c : list) {
    Clause clause;
    if (ReadClause(doc, *pack_, r.subject, c, Type{TypeKind::kBool}, &clause, diags))
      r.conditions.push_back(std::move(clause));
    else
      ok = false;
  }
  if (!ok) return -1;
  ParseError err;
  r.amount.text = "0";
  r.amount.expr = ParseExpression(r.amount.text, &err);
  const Type money{TypeKind::kMoney};
  if (CheckExpr(*r.amount.expr, *pack_, r.subject, money, [](int, Severity, std::string) {},
                &pack_->slots) != money)
    return -1;  // cannot happen: "0" is money
  r.order.resize(r.conditions.size());
  std::iota(r.order.begin(), r.order.end(), 0);
  std::stable_sort(r.order.begin(), r.order.end(), [&](int a, int b) {
    return r.conditions[a].cost < r.conditions[b].cost;
  });
  pack_->rules.push_back(std::move(r));
  return size() - 1;
}

Result<std::vector<std::vector<Tri>>> PersonConditionSet::Evaluate(const Facts& facts, Date as_of,
                                                                   int threads) const {
  std::vector<std::vector<Tri>> out(pack_->rules.size());
  if (pack_->rules.empty()) return out;
  auto engine = Engine::Create(pack_, facts);
  if (!engine.ok()) return engine.error();
  const RunResult run = (*engine)->Run(as_of, threads);
  const size_t n = facts.persons.size();
  for (int r = 0; r < run.rules(); ++r) {
    auto& v = out[r];
    v.resize(n);
    for (size_t i = 0; i < n; ++i) {
      const Outcome o = run.outcome(r, static_cast<Row>(i));
      v[i] = o == Outcome::kEligible      ? Tri::kTrue
             : o == Outcome::kNotEligible ? Tri::kFalse
                                          : Tri::kUnknown;
    }
  }
  return out;
}

}  // namespace bangfu::policy
