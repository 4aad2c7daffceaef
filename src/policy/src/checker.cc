#include "checker.h"

#include <algorithm>
#include <limits>
#include <map>

namespace bangfu::policy {
namespace {

bool IsOrderable(TypeKind k) {
  return k == TypeKind::kInt || k == TypeKind::kMoney || k == TypeKind::kDate ||
         k == TypeKind::kRatio || k == TypeKind::kDuration;
}

struct EntityName {
  std::string_view name;
  Entity entity;
};
constexpr EntityName kEntityNames[] = {
    {"person", Entity::kPerson},       {"founder", Entity::kPerson},
    {"household", Entity::kHousehold}, {"employer", Entity::kEmployer},
    {"base", Entity::kEmployer},       {"employment", Entity::kEmployment},
    {"business", Entity::kBusiness},   {"internship", Entity::kInternship},
    {"training", Entity::kTraining},   {"placement", Entity::kPlacement},
};

class Checker {
 public:
  Checker(const Pack& pack, SubjectKind subject, const ReportFn& report, int* slots)
      : pack_(pack), subject_(subject), report_(report), slots_(slots) {}

  Type Check(Expr& e, Type want) {
    e.slot = (*slots_)++;
    const Type t = CheckNode(e, want);
    e.type = t;
    return t;
  }

 private:
  Type Err(const Expr& e, std::string msg) {
    report_(e.begin, Severity::kError, std::move(msg));
    return Type{};
  }

  // A numeric literal takes the type its context wants.
  Type Literal(Expr& e, Type want) {
    e.op = Op::kConst;
    if (e.kind == ExprKind::kPercent) {
      if (want.kind != TypeKind::kError && want.kind != TypeKind::kRatio)
        return Err(e, "a percentage is a ratio, but " + TypeName(want) + " is needed here");
      return Type{TypeKind::kRatio};
    }
    switch (want.kind) {
      case TypeKind::kMoney:
        if (100 % e.den != 0) return Err(e, "money has at most 2 decimal places (fen)");
        if (e.num > std::numeric_limits<int64_t>::max() / 100) return Err(e, "amount too large");
        e.num = e.num * (100 / e.den);
        e.den = 1;
        return want;
      case TypeKind::kRatio:
        return want;
      case TypeKind::kInt:
        if (e.den != 1) return Err(e, "a count must be a whole number");
        return want;
      case TypeKind::kError:
        if (e.den == 1) return Type{TypeKind::kInt};
        // A decimal on its own is an amount in yuan.
        return Literal(e, Type{TypeKind::kMoney});
      default:
        return Err(e, "a number cannot be used where " + TypeName(want) + " is needed");
    }
  }

  Type Name(Expr& e, Type want) {
    if (e.text == "as_of") {
      e.op = Op::kAsOf;
      return Type{TypeKind::kDate};
    }
    for (const auto& n : kEntityNames) {
      if (n.name != e.text) continue;
      if (!Reachable(subject_, n.entity))
        return Err(e, "'" + e.text + "' is not reachable from a rule for " +
                          std::string(policy::Name(subject_)));
      e.op = Op::kEntity;
      e.ref = static_cast<int>(n.entity);
      return Type{TypeKind::kEntity, static_cast<uint8_t>(n.entity)};
    }
    if (want.kind == TypeKind::kEnum) {
      for (const auto& v : EnumValues(static_cast<EnumId>(want.sub))) {
        if (v.id == e.text) {
          e.op = Op::kConst;
          e.num = v.code;
          return want;
        }
      }
      std::string known;
      for (const auto& v : EnumValues(static_cast<EnumId>(want.sub)))
        known += (known.empty() ? "" : ", ") + std::string(v.id);
      return Err(e, "'" + e.text + "' is not a " + TypeName(want) + " (one of: " + known + ")");
    }
    if (e.text == "param") return Err(e, "'param' needs a parameter name: param.NAME");
    return Err(e, "unknown name '" + e.text + "'");
  }

  Type Field(Expr& e) {
    Expr& base = *e.kids[0];
    if (base.kind == ExprKind::kName && base.text == "param") {
      base.slot = (*slots_)++;
      for (size_t i = 0; i < pack_.params.size(); ++i) {
        if (pack_.params[i].name != e.text) continue;
        e.op = Op::kParam;
        e.ref = static_cast<int>(i);
        return pack_.params[i].type;
      }
      return Err(e, "unknown parameter '" + e.text + "' (declare it under parameters:)");
    }
    const Type bt = Check(base, Type{});
    if (bt.kind == TypeKind::kError) return bt;
    if (bt.kind != TypeKind::kEntity)
      return Err(e, "'." + e.text + "' needs a record on its left, found " + TypeName(bt));
    const Entity ent = static_cast<Entity>(bt.sub);
    const int f = FindField(ent, e.text);
    if (f < 0) {
      std::string known;
      for (const auto& fd : Fields())
        if (fd.entity == ent) known += (known.empty() ? "" : ", ") + std::string(fd.name);
      return Err(e, "unknown field '" + e.text + "' of " + std::string(policy::EntityName(ent)) +
                        " (fields: " + known + ")");
    }
    e.op = Op::kField;
    e.ref = f;
    return Fields()[f].type;
  }

  Type Index(Expr& e) {
    const Type pt = Check(*e.kids[0], Type{});
    if (pt.kind == TypeKind::kError) return pt;
    if (e.kids[0]->op != Op::kParam || !pack_.params[e.kids[0]->ref].keyed)
      return Err(e, "only a keyed parameter can be indexed with [ ]");
    const Type kt = Check(*e.kids[1], Type{TypeKind::kString});
    if (kt.kind == TypeKind::kError) return kt;
    if (kt.kind != TypeKind::kString || e.kids[1]->op != Op::kField)
      return Err(*e.kids[1], "the key of a parameter must be a text field such as training.course");
    e.op = Op::kParamKeyed;
    e.ref = e.kids[0]->ref;
    return pt;
  }

  bool Fits(Type have, Type need) {
    if (need.kind == TypeKind::kDuration && need.sub == 255)
      return have.kind == TypeKind::kDuration;
    return have == need;
  }

  Type Call(Expr& e) {
    const int f = FindFunction(e.text);
    if (f < 0) return Err(e, "unknown function '" + e.text + "'");
    const FnDef& fn = Functions()[f];
    if (e.kids.size() != fn.params.size())
      return Err(e, std::string(fn.name) + " takes " + std::to_string(fn.params.size()) +
                        " argument(s), found " + std::to_string(e.kids.size()));
    e.op = Op::kCall;
    e.ref = f;
    if (fn.same_type_args) {
      Expr& a = *e.kids[0];
      Expr& b = *e.kids[1];
      const bool a_lit = a.kind == ExprKind::kNumber;
      Type ta = a_lit ? Type{} : Check(a, Type{});
      const Type tb = Check(b, ta);
      if (a_lit) ta = Check(a, tb);
      if (ta.kind == TypeKind::kError || tb.kind == TypeKind::kError) return Type{};
      if (ta != tb || !IsOrderable(ta.kind) || ta.kind == TypeKind::kRatio)
        return Err(e, std::string(fn.name) +
                          " needs two values of the same kind (counts, money "
                          "or dates), found " +
                          TypeName(ta) + " and " + TypeName(tb));
      return ta;
    }
    bool ok = true;
    for (size_t i = 0; i < fn.params.size(); ++i) {
      Expr& a = *e.kids[i];
      const Type need = fn.params[i];
      if (need.kind == TypeKind::kString) {
        // in_region's prefix: a string literal of 2 to 12 digits.
        a.slot = (*slots_)++;
        a.op = Op::kConst;
        a.type = need;
        if (a.kind != ExprKind::kString || a.text.empty() || a.text.size() > 12 ||
            a.text.find_first_not_of("0123456789") != std::string::npos) {
          Err(a, "the region prefix must be a quoted code of 2 to 12 digits, like \"50\"");
          ok = false;
          continue;
        }
        a.num = std::stoll(a.text);
        a.den = 1;
        for (size_t k = a.text.size(); k < 12; ++k) a.den *= 10;
        continue;
      }
      const Type have = Check(a, need.kind == TypeKind::kDuration ? Type{} : need);
      if (have.kind == TypeKind::kError) {
        ok = false;
        continue;
      }
      if (!Fits(have, need)) {
        Err(a, "argument " + std::to_string(i + 1) + " of " + std::string(fn.name) + " must be " +
                   (need.sub == 255 ? std::string("a duration") : TypeName(need)) + ", found " +
                   TypeName(have));
        ok = false;
      }
    }
    return ok ? fn.result : Type{};
  }

  Type Set(Expr& e, Type want) {
    if (want.kind != TypeKind::kSet)
      return Err(e, "a set { … } is allowed only after 'in' or as a set argument");
    const Type member{TypeKind::kEnum, want.sub};
    for (auto& k : e.kids) {
      if (k->kind != ExprKind::kName) return Err(*k, "a set holds names of values");
      if (Check(*k, member).kind == TypeKind::kError) return Type{};
      e.set_bits |= uint64_t{1} << k->num;
    }
    e.op = Op::kConst;
    e.num = static_cast<int64_t>(e.set_bits);
    return want;
  }

  // Checks two operands so that a literal takes the type of the other side.
  bool Pair(Expr& e, Type* ta, Type* tb) {
    Expr& a = *e.kids[0];
    Expr& b = *e.kids[1];
    const bool a_lit = a.kind == ExprKind::kNumber || a.kind == ExprKind::kName;
    if (a_lit && b.kind != ExprKind::kNumber && b.kind != ExprKind::kName) {
      *tb = Check(b, Type{});
      *ta = Check(a, *tb);
    } else {
      *ta = Check(a, Type{});
      *tb = Check(b, *ta);
    }
    return ta->kind != TypeKind::kError && tb->kind != TypeKind::kError;
  }

  Type Binary(Expr& e) {
    const std::string& op = e.text;
    if (op == "and" || op == "or") {
      const Type boolean{TypeKind::kBool};
      const Type ta = Check(*e.kids[0], boolean);
      const Type tb = Check(*e.kids[1], boolean);
      if (ta.kind == TypeKind::kError || tb.kind == TypeKind::kError) return Type{};
      if (ta.kind != TypeKind::kBool) return Err(*e.kids[0], "'" + op + "' needs a condition here");
      if (tb.kind != TypeKind::kBool) return Err(*e.kids[1], "'" + op + "' needs a condition here");
      e.op = op == "and" ? Op::kAnd : Op::kOr;
      return boolean;
    }
    if (op == "in" || op == "not in") {
      const Type ta = Check(*e.kids[0], Type{});
      if (ta.kind == TypeKind::kError) return ta;
      if (ta.kind != TypeKind::kEnum)
        return Err(*e.kids[0], "'" + op + "' needs a value of an enumeration on its left, found " +
                                   TypeName(ta));
      if (e.kids[1]->kind != ExprKind::kSet)
        return Err(*e.kids[1], "'" + op + "' needs a set { … } on its right");
      if (Check(*e.kids[1], Type{TypeKind::kSet, ta.sub}).kind == TypeKind::kError) return Type{};
      e.op = Op::kIn;
      return Type{TypeKind::kBool};
    }
    Type ta, tb;
    if (!Pair(e, &ta, &tb)) return Type{};
    if (op == "+" || op == "-" || op == "*") {
      e.op = Op::kArith;
      const auto k = [](Type t) { return t.kind; };
      if (op == "*") {
        if (k(ta) == TypeKind::kInt && k(tb) == TypeKind::kInt) return ta;
        if (k(ta) == TypeKind::kMoney && k(tb) == TypeKind::kInt) return ta;
        if (k(ta) == TypeKind::kInt && k(tb) == TypeKind::kMoney) return tb;
        return Err(e, "cannot multiply " + TypeName(ta) + " by " + TypeName(tb));
      }
      if (k(ta) == TypeKind::kDate && k(tb) == TypeKind::kDuration) return ta;
      if (ta == tb &&
          (k(ta) == TypeKind::kInt || k(ta) == TypeKind::kMoney || k(ta) == TypeKind::kDuration))
        return ta;
      return Err(e, std::string("cannot ") + (op == "+" ? "add " : "subtract ") + TypeName(tb) +
                        (op == "+" ? " to " : " from ") + TypeName(ta));
    }
    // Comparison.
    e.op = Op::kCompare;
    if (ta != tb) return Err(e, "cannot compare " + TypeName(ta) + " with " + TypeName(tb));
    const bool ordering = op != "==" && op != "!=";
    // Education and employer size are ranked; other enumerations are not.
    const bool ranked =
        ta.kind == TypeKind::kEnum && (ta.sub == static_cast<uint8_t>(EnumId::kEducation) ||
                                       ta.sub == static_cast<uint8_t>(EnumId::kEmployerSize));
    if (ordering && !IsOrderable(ta.kind) && !ranked)
      return Err(e, "'" + op + "' does not order values of type " + TypeName(ta));
    if (ta.kind == TypeKind::kEntity || ta.kind == TypeKind::kSet || ta.kind == TypeKind::kString)
      return Err(e, "cannot compare " + TypeName(ta) + " values");
    return Type{TypeKind::kBool};
  }

  Type CheckNode(Expr& e, Type want) {
    switch (e.kind) {
      case ExprKind::kNumber:
      case ExprKind::kPercent:
        return Literal(e, want);
      case ExprKind::kDate:
        e.op = Op::kConst;
        return Type{TypeKind::kDate};
      case ExprKind::kString:
        return Err(e, "text is allowed only as the region prefix of in_region");
      case ExprKind::kBool:
        e.op = Op::kConst;
        return Type{TypeKind::kBool};
      case ExprKind::kName:
        return Name(e, want);
      case ExprKind::kField:
        return Field(e);
      case ExprKind::kIndex:
        return Index(e);
      case ExprKind::kCall:
        return Call(e);
      case ExprKind::kSet:
        return Set(e, want);
      case ExprKind::kUnary: {
        if (e.text == "not") {
          const Type t = Check(*e.kids[0], Type{TypeKind::kBool});
          if (t.kind == TypeKind::kError) return t;
          if (t.kind != TypeKind::kBool) return Err(e, "'not' needs a condition");
          e.op = Op::kNot;
          return t;
        }
        const Type t = Check(*e.kids[0], want);
        if (t.kind == TypeKind::kError) return t;
        if (t.kind != TypeKind::kInt && t.kind != TypeKind::kMoney)
          return Err(e, "'-' needs a count or money, found " + TypeName(t));
        e.op = Op::kNeg;
        return t;
      }
      case ExprKind::kBinary:
        return Binary(e);
    }
    return Type{};
  }

  const Pack& pack_;
  SubjectKind subject_;
  const ReportFn& report_;
  int* slots_;
};

// ---- static analysis ----

// What the top-level conjuncts of a rule say about one expression (by its source text).
struct Bounds {
  int64_t lo = std::numeric_limits<int64_t>::min();
  int64_t hi = std::numeric_limits<int64_t>::max();
  uint64_t set = ~uint64_t{0};
  std::string first;  // the first conjunct that constrained it
  SourcePos first_pos;
};

struct Conjunct {
  const Expr* e;
  const Clause* clause;
};

void Flatten(const Expr& e, const Clause* c, std::vector<Conjunct>* out) {
  if (e.op == Op::kAnd) {
    Flatten(*e.kids[0], c, out);
    Flatten(*e.kids[1], c, out);
  } else {
    out->push_back({&e, c});
  }
}

std::string Text(const Clause& c, const Expr& e) {
  if (e.begin < 0 || e.end > static_cast<int>(c.text.size()) || e.begin > e.end) return {};
  return c.text.substr(e.begin, e.end - e.begin);
}

// Tightens `b` by one conjunct; returns false when it says nothing about a bound.
bool Tighten(const Expr& e, const Clause& c, std::map<std::string, Bounds>* all, std::string* key) {
  if (e.op == Op::kIn && e.text == "in") {
    *key = Text(c, *e.kids[0]);
    (*all)[*key].set &= e.kids[1]->set_bits;
    return true;
  }
  if (e.op != Op::kCompare) return false;
  const Expr* lhs = e.kids[0].get();
  const Expr* rhs = e.kids[1].get();
  std::string op = e.text;
  if (lhs->op == Op::kConst && rhs->op != Op::kConst) {
    std::swap(lhs, rhs);
    if (op[0] == '<')
      op[0] = '>';
    else if (op[0] == '>')
      op[0] = '<';
  }
  if (rhs->op != Op::kConst || lhs->op == Op::kConst || rhs->den != 1) return false;
  *key = Text(c, *lhs);
  Bounds& b = (*all)[*key];
  const int64_t v = rhs->num;
  if (lhs->type.kind == TypeKind::kEnum) {
    if (op != "==") return false;
    b.set &= uint64_t{1} << v;
    return true;
  }
  if (op == ">=")
    b.lo = std::max(b.lo, v);
  else if (op == ">")
    b.lo = std::max(b.lo, v + 1);
  else if (op == "<=")
    b.hi = std::min(b.hi, v);
  else if (op == "<")
    b.hi = std::min(b.hi, v - 1);
  else if (op == "==")
    b.lo = std::max(b.lo, v), b.hi = std::min(b.hi, v);
  else
    return false;
  return true;
}

bool Empty(const Bounds& b) { return b.lo > b.hi || b.set == 0; }

std::map<std::string, Bounds> RuleBounds(const RuleDecl& r, const Pack& pack,
                                         std::vector<Diagnostic>* out) {
  std::map<std::string, Bounds> all;
  std::vector<Conjunct> cs;
  for (const auto& c : r.conditions) Flatten(*c.expr, &c, &cs);
  bool reported = false;
  for (const auto& [e, c] : cs) {
    if (e->op == Op::kConst && e->type.kind == TypeKind::kBool && e->num == 0 && out && !reported) {
      out->push_back({Severity::kError, c->pos,
                      "rule " + r.id + " can never fire: its condition is always false"});
      reported = true;
    }
    std::string key;
    if (!Tighten(*e, *c, &all, &key)) continue;
    Bounds& b = all[key];
    const std::string here = Text(*c, *e);
    if (b.first.empty()) {
      b.first = here;
      b.first_pos = c->pos;
    }
    if (Empty(b) && out && !reported) {
      out->push_back({Severity::kError, c->pos,
                      "rule " + r.id + " can never fire: '" + b.first + "' and '" + here +
                          "' cannot both hold"});
      reported = true;
    }
  }
  (void)pack;
  return all;
}

bool Disjoint(const std::map<std::string, Bounds>& a, const std::map<std::string, Bounds>& b) {
  for (const auto& [key, x] : a) {
    auto it = b.find(key);
    if (it == b.end()) continue;
    const Bounds& y = it->second;
    if ((x.set & y.set) == 0) return true;
    if (std::max(x.lo, y.lo) > std::min(x.hi, y.hi)) return true;
  }
  return false;
}

}  // namespace

Type CheckExpr(Expr& e, const Pack& pack, SubjectKind subject, Type want, const ReportFn& report,
               int* slots) {
  Checker c(pack, subject, report, slots);
  return c.Check(e, want);
}

int ExprCost(const Expr& e) {
  int cost = 1;
  if (e.op == Op::kCall) cost += Functions()[e.ref].cost;
  for (const auto& k : e.kids) cost += ExprCost(*k);
  return cost;
}

void CollectParams(const Expr& e, std::vector<int>* out) {
  if ((e.op == Op::kParam || e.op == Op::kParamKeyed) &&
      std::find(out->begin(), out->end(), e.ref) == out->end())
    out->push_back(e.ref);
  for (const auto& k : e.kids) CollectParams(*k, out);
}

void AnalysePack(const Pack& pack, std::vector<Diagnostic>* out) {
  std::vector<std::map<std::string, Bounds>> bounds;
  for (const auto& r : pack.rules) bounds.push_back(RuleBounds(r, pack, out));
  for (size_t i = 0; i < pack.rules.size(); ++i) {
    const RuleDecl& a = pack.rules[i];
    for (size_t j = i + 1; j < pack.rules.size(); ++j) {
      const RuleDecl& b = pack.rules[j];
      if (a.subject != b.subject || a.payee != b.payee || a.benefit != b.benefit || a.limit_only ||
          b.limit_only)
        continue;
      bool shared = false;
      for (int g : a.groups)
        shared |= std::find(b.groups.begin(), b.groups.end(), g) != b.groups.end();
      if (shared || Disjoint(bounds[i], bounds[j])) continue;
      out->push_back({Severity::kError, b.pos,
                      "rules " + a.id + " and " + b.id + " can both pay '" + a.benefit +
                          "' to the same " + std::string(Name(a.payee)) + " for one " +
                          std::string(Name(a.subject)) +
                          ": put both in one once-group (once:) or make their conditions "
                          "exclusive"});
    }
  }
}

}  // namespace bangfu::policy
