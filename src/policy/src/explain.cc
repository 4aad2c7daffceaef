// Explanations: one subject row of one rule recomputed with every value it read.
#include <algorithm>

#include "eval.h"

namespace bangfu::policy {
namespace {

std::string_view OpSymbol(const std::string& op) {
  if (op == ">=") return "≥";
  if (op == "<=") return "≤";
  if (op == "==") return "=";
  if (op == "!=") return "≠";
  return op;
}

class Explainer {
 public:
  Explainer(const Pack& pack, const RuleDecl& rule, const EvalCtx& c, Row row, Scratch& sc)
      : pack_(pack), rule_(rule), c_(c), row_(row), sc_(sc) {}

  struct One {
    int64_t v = 0, den = 1;
    bool null = true;
  };
  One Value(const Expr& e) {
    Vec& v = sc_.at(e.slot);
    Eval(e, c_, rule_.subject, &row_, 1, &v, sc_);
    return {v.v[0], v.den[0], v.null[0] != 0};
  }
  std::string Show(const Expr& e, const One& x) {
    std::string s = FormatValue(e.type, x.v, x.den, x.null, &c_.f);
    if (!x.null && e.type.kind == TypeKind::kInt && e.op == Op::kCall)
      s += std::string(Functions()[e.ref].unit);
    return s;
  }
  static std::string Text(const Clause& c, const Expr& e) {
    if (e.begin < 0 || e.end > static_cast<int>(c.text.size()) || e.begin > e.end) return {};
    return c.text.substr(e.begin, e.end - e.begin);
  }
  std::string LabelOf(const Clause& c, const Expr& e) {
    if (e.op == Op::kCall) return std::string(Functions()[e.ref].label);
    if (e.op == Op::kField) return std::string(Fields()[e.ref].label);
    if (e.op == Op::kParam || e.op == Op::kParamKeyed) return "参数 " + pack_.params[e.ref].name;
    if (e.op == Op::kAsOf) return "基准日";
    return Text(c, e);
  }

  // Every field, function and parameter the expression reads, with its value.
  void Observe(const Clause& c, const Expr& e, std::vector<std::string>* out) {
    const bool leaf = e.op == Op::kField || e.op == Op::kParam || e.op == Op::kParamKeyed;
    if (leaf || e.op == Op::kCall) {
      const std::string line = Text(c, e) + "（" + LabelOf(c, e) + "）= " + Show(e, Value(e));
      if (std::find(out->begin(), out->end(), line) == out->end()) out->push_back(line);
      if (leaf) return;
    }
    for (const auto& k : e.kids) Observe(c, *k, out);
  }

  // Says, for each conjunct that did not hold, what was short or missing.
  void Missing(const Clause& c, const Expr& e, std::string* out) {
    if (e.op == Op::kAnd) {
      Missing(c, *e.kids[0], out);
      Missing(c, *e.kids[1], out);
      return;
    }
    const One r = Value(e);
    if (!r.null && r.v) return;
    std::string msg;
    if ((e.op == Op::kCompare || e.op == Op::kIn) && e.kids[0]->op != Op::kConst) {
      const Expr& lhs = *e.kids[0];
      const Expr& rhs = *e.kids[1];
      const One lv = Value(lhs);
      const One rv = Value(rhs);
      msg = LabelOf(c, lhs) + ": " + Show(lhs, lv) + "，需 " +
            (e.op == Op::kIn ? std::string(e.text == "in" ? "属于 " : "不属于 ")
                             : std::string(OpSymbol(e.text)) + " ") +
            Show(rhs, rv);
      // The unit of a counted function applies to the bound too ("需 ≥ 12个月").
      if (lhs.op == Op::kCall && rhs.op == Op::kConst && lhs.type.kind == TypeKind::kInt)
        msg += std::string(Functions()[lhs.ref].unit);
    } else if (r.null) {
      msg = "数据缺失，无法判定: " + LabelOf(c, e);
    } else {
      msg = "不满足: " + LabelOf(c, e);
    }
    if (!out->empty()) *out += "；";
    *out += msg;
  }

  const Pack& pack_;
  const RuleDecl& rule_;
  const EvalCtx& c_;
  Row row_;
  Scratch& sc_;
};

std::string TriMark(Tri t) { return t == Tri::kTrue ? "✓" : t == Tri::kFalse ? "✗" : "?"; }

}  // namespace

ExplainMemory::ExplainMemory() = default;
ExplainMemory::~ExplainMemory() = default;

Result<Explanation> Engine::Explain(const RunResult& run, std::string_view rule_id, Row row) const {
  ExplainMemory memory;
  return Explain(run, rule_id, row, memory);
}

Result<Explanation> Engine::Explain(const RunResult& run, std::string_view rule_id, Row row,
                                    ExplainMemory& memory) const {
  const Pack& pack = *pack_;
  int index = -1;
  for (size_t i = 0; i < pack.rules.size(); ++i)
    if (pack.rules[i].id == rule_id) index = static_cast<int>(i);
  if (index < 0) return Error::InvalidArgument("unknown rule " + std::string(rule_id), "rule");
  if (index >= run.rules()) return Error::InvalidArgument("the run is of another pack", "rule");
  const RuleDecl& rule = pack.rules[index];
  if (row < 0 || static_cast<size_t>(row) >= SubjectRows(facts_, rule.subject))
    return Error::InvalidArgument("row out of range", "row");
  if (static_cast<size_t>(row) >= run.rows(index))
    return Error::InvalidArgument("the run did not evaluate rule " + rule.id, "rule");
  // A run of this pack resolved its parameters already.
  const bool reuse = run.params_ && run.params_pack_ == pack_;
  std::vector<ParamValue> resolved;
  if (!reuse) resolved = ResolveParams(pack, run.as_of(), run.overrides());
  const std::vector<ParamValue>& params = reuse ? *run.params_ : resolved;
  const EvalCtx ctx{facts_, *ix_, run.as_of(), MonthOf(run.as_of()), params};
  // Scratch vectors are per pack slot: memory used with a bigger pack is reused as is.
  if (!memory.scratch_ || memory.slots_ < pack.slots) {
    memory.scratch_ = std::make_unique<Scratch>(pack.slots);
    memory.slots_ = pack.slots;
  }
  Explainer x(pack, rule, ctx, row, *memory.scratch_);

  Explanation e;
  e.rule_id = rule.id;
  e.rule_name = rule.name;
  e.clause = rule.clause;
  e.subject_kind = rule.subject;
  e.subject = row;
  e.subject_id = SubjectId(facts_, rule.subject, row);
  e.as_of = run.as_of();
  const Decision d = At(run, index, row);
  e.outcome = d.outcome;
  e.limit = d.limit;
  if (d.limit == LimitApplied::kTopUp)
    for (int g : rule.groups)
      if (pack.groups[g].top_up) e.limit_group = GroupLabel(pack, g);
  e.amount = d.amount;
  e.payee_kind = d.payee_kind;
  e.payee_id = d.payee_id;
  for (const auto& c : rule.conditions) {
    ConditionTrace t;
    t.text = c.text;
    t.pos = c.pos;
    const auto v = x.Value(*c.expr);
    t.result = v.null ? Tri::kUnknown : v.v ? Tri::kTrue : Tri::kFalse;
    x.Observe(c, *c.expr, &t.values);
    if (t.result != Tri::kTrue) x.Missing(c, *c.expr, &t.missing);
    e.conditions.push_back(std::move(t));
  }
  // How the amount came about.
  const auto base = x.Value(*rule.amount.expr);
  e.amount_text = "基本标准 " + rule.amount.text + " = " + x.Show(*rule.amount.expr, base);
  for (const auto& ex : rule.exceptions) {
    const auto w = x.Value(*ex.when.expr);
    std::vector<std::string> seen;
    x.Observe(ex.when, *ex.when.expr, &seen);
    e.amount_text += "；例外 " + ex.when.text + " [" +
                     (seen.empty() ? std::string() : seen.front()) + "] " +
                     (w.null ? "无法判定"
                      : w.v  ? "成立 → " + ex.amount.text
                             : "不成立");
  }
  if (rule.cap.expr)
    e.amount_text +=
        "；封顶 " + rule.cap.text + " = " + x.Show(*rule.cap.expr, x.Value(*rule.cap.expr));
  if (d.limit == LimitApplied::kTopUp)
    e.amount_text += "；此前已按较低标准领取，补发差额 " + FormatMoney(d.amount);
  std::vector<int> used = rule.condition_params;
  for (int p : rule.amount_params)
    if (std::find(used.begin(), used.end(), p) == used.end()) used.push_back(p);
  for (int p : used) {
    const ParamDecl& decl = pack.params[p];
    const ParamValue& pv = params[p];
    ParameterTrace t{decl.name, "未配置", "", decl.source};
    if (pv.configured && !decl.keyed) {
      t.value = FormatValue(decl.type, pv.v, pv.den, false);
      t.from = pv.from;
      if (!pv.source.empty()) t.source = pv.source;
    } else if (pv.configured) {
      t.value.clear();
      for (const auto& [key, v] : pv.keyed)
        t.value += (t.value.empty() ? "" : "，") + key + ": " +
                   FormatValue(decl.type, v.v, v.den, false) + " (自 " + v.from +
                   (v.source.empty() ? "" : "，" + v.source) + ")";
    }
    e.parameters.push_back(std::move(t));
  }
  return e;
}

std::string Explanation::ToText() const {
  std::string s = "规则 " + rule_id + " " + rule_name + "（条款 " + clause + "）\n";
  s += "对象: " + std::string(Label(subject_kind)) + " #" + std::to_string(subject_id) +
       "  基准日: " + as_of.ToString() + "\n";
  s += "结论: " + std::string(Label(outcome));
  if (outcome == Outcome::kEligible) s += "  金额: " + FormatMoney(amount);
  s += "  收款方: " + std::string(Label(payee_kind)) + " #" + std::to_string(payee_id);
  if (limit != LimitApplied::kNone) s += "\n限额与不重复享受: " + LimitText(limit, amount, limit_group);
  s += "\n条件:\n";
  for (const auto& c : conditions) {
    s += "  " + TriMark(c.result) + " " + c.text;
    if (!c.values.empty()) {
      s += "  [";
      for (size_t i = 0; i < c.values.size(); ++i) s += (i ? "; " : "") + c.values[i];
      s += "]";
    }
    if (!c.missing.empty()) s += "\n      → " + c.missing;
    s += "\n";
  }
  s += "金额: " + amount_text + "\n";
  if (!parameters.empty()) {
    s += "参数:\n";
    for (const auto& p : parameters) {
      s += "  " + p.name + " = " + p.value;
      if (!p.from.empty()) s += "（自 " + p.from + " 起）";
      s += "  来源: " + p.source + "\n";
    }
  }
  return s;
}

}  // namespace bangfu::policy
