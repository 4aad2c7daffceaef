// Loading a pack: YAML structure → declarations → checked expressions → analyses.
#include <algorithm>
#include <set>

#include "checker.h"
#include "pack_internal.h"
#include "bangfu/policy/yaml_doc.h"

namespace bangfu::policy {
namespace {

template <typename E, size_t N>
bool Lookup(const std::string_view (&names)[N], std::string_view s, E* out) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == s) {
      *out = static_cast<E>(i);
      return true;
    }
  }
  return false;
}
constexpr std::string_view kSubjects[] = {"person",   "employment", "business", "internship",
                                          "training", "placement",  "employer"};
constexpr std::string_view kPayees[] = {"person", "employer", "business", "base", "institution"};
constexpr std::string_view kPeriods[] = {"ever", "year", "month"};
constexpr std::string_view kKeys[] = {"person", "employer", "business", "subject"};

template <size_t N>
std::string OneOf(const std::string_view (&names)[N]) {
  std::string s;
  for (auto n : names) s += (s.empty() ? "" : ", ") + std::string(n);
  return s;
}

class Loader {
 public:
  Loader(std::string_view text, std::string file) : text_(text), doc_(text, std::move(file)) {}

  LoadResult Load() {
    LoadResult out;
    auto pack = std::make_shared<Pack>();
    pack->file = doc_.file();
    pack->text = std::string(text_);
    if (doc_.Load(&diags_)) Read(*pack);
    if (ErrorCount() == 0) AnalysePack(*pack, &diags_);
    std::stable_sort(diags_.begin(), diags_.end(), [](const Diagnostic& a, const Diagnostic& b) {
      return a.pos.line != b.pos.line ? a.pos.line < b.pos.line : a.pos.column < b.pos.column;
    });
    out.diagnostics = std::move(diags_);
    if (ErrorCount(out.diagnostics) == 0) out.pack = std::move(pack);
    return out;
  }

 private:
  static int ErrorCount(const std::vector<Diagnostic>& d) {
    return static_cast<int>(std::count_if(
        d.begin(), d.end(), [](const Diagnostic& x) { return x.severity == Severity::kError; }));
  }
  int ErrorCount() const { return ErrorCount(diags_); }

  void Read(Pack& pack) {
    const YAML::Node& root = doc_.root();
    doc_.OnlyKeys(root, {"pack", "name", "source", "parameters", "groups", "rules", "notes"},
                  "a pack", &diags_);
    doc_.Str(root, "pack", &pack.id, &diags_);
    doc_.Str(root, "name", &pack.name, &diags_);
    doc_.Str(root, "source", &pack.source, &diags_);
    if (const YAML::Node ps = root["parameters"]) {
      if (!ps.IsSequence())
        doc_.Error(ps, "'parameters' must be a list", &diags_);
      else
        for (const auto& p : ps) ReadParam(pack, p);
    }
    if (const YAML::Node gs = root["groups"]) {
      if (!gs.IsSequence())
        doc_.Error(gs, "'groups' must be a list", &diags_);
      else
        for (const auto& g : gs) ReadGroup(pack, g);
    }
    const YAML::Node rs = root["rules"];
    if (!rs || !rs.IsSequence()) {
      doc_.Error(rs ? rs : root, "'rules' must be a list of rules", &diags_);
      return;
    }
    std::set<std::string> ids;
    for (const auto& r : rs) {
      RuleDecl rule;
      if (!ReadRule(pack, r, &rule)) continue;
      if (!ids.insert(rule.id).second) {
        doc_.Error(r["id"], "duplicate rule id '" + rule.id + "'", &diags_);
        continue;
      }
      const int index = static_cast<int>(pack.rules.size());
      for (int g : rule.groups) pack.groups[g].rules.push_back(index);
      pack.rules.push_back(std::move(rule));
    }
  }

  bool ParseType(const YAML::Node& n, Type* t) {
    static constexpr std::string_view kTypes[] = {"money", "count",  "ratio",
                                                  "date",  "months", "days"};
    static constexpr Type kT[] = {
        {TypeKind::kMoney},
        {TypeKind::kInt},
        {TypeKind::kRatio},
        {TypeKind::kDate},
        {TypeKind::kDuration, static_cast<uint8_t>(DurationUnit::kMonths)},
        {TypeKind::kDuration, static_cast<uint8_t>(DurationUnit::kDays)}};
    size_t i = 0;
    if (n && n.IsScalar() && Lookup(kTypes, n.Scalar(), &i)) {
      *t = kT[i];
      return true;
    }
    doc_.Error(n, "parameter type must be one of: " + OneOf(kTypes), &diags_);
    return false;
  }

  // A constant value of type t written in YAML (2000, 13.50, 50%, 2024-01-01).
  bool ParseConst(const YAML::Node& n, Type t, int64_t* v, int64_t* den) {
    if (!n || !n.IsScalar()) {
      doc_.Error(n, "a value is needed here", &diags_);
      return false;
    }
    if (t.kind == TypeKind::kDate) {
      Date d;
      if (!doc_.DateAt(n, &d, &diags_)) return false;
      *v = d.days();
      *den = 1;
      return true;
    }
    ParseError err;
    ExprPtr e = ParseExpression(n.Scalar(), &err);
    if (!e || (e->kind != ExprKind::kNumber && e->kind != ExprKind::kPercent)) {
      doc_.Error(n, "'" + n.Scalar() + "' is not a " + TypeName(t) + " value", &diags_);
      return false;
    }
    int slots = 0;
    const Type got = CheckExpr(
        *e, Pack{}, SubjectKind::kPerson, t.kind == TypeKind::kDuration ? Type{TypeKind::kInt} : t,
        [&](int, Severity, std::string msg) { doc_.Error(n, msg, &diags_); }, &slots);
    if (got.kind == TypeKind::kError) return false;
    *v = e->num;
    *den = e->den;
    return true;
  }

  void ReadParam(Pack& pack, const YAML::Node& n) {
    if (!n.IsMap()) {
      doc_.Error(n, "a parameter must be a mapping with name, type, source and values", &diags_);
      return;
    }
    doc_.OnlyKeys(n, {"name", "type", "source", "keyed_by", "values", "note"}, "a parameter",
                  &diags_);
    ParamDecl p;
    p.pos = doc_.Pos(n);
    if (!doc_.Str(n, "name", &p.name, &diags_) || !ParseType(n["type"], &p.type)) return;
    for (const auto& q : pack.params)
      if (q.name == p.name) doc_.Error(n["name"], "duplicate parameter '" + p.name + "'", &diags_);
    if (!doc_.Str(n, "source", &p.source, &diags_)) return;
    std::string keyed;
    if (doc_.Str(n, "keyed_by", &keyed, &diags_, false)) {
      if (keyed != "course") doc_.Error(n["keyed_by"], "only 'course' keys exist", &diags_);
      p.keyed = true;
    }
    if (const YAML::Node vs = n["values"]) {
      if (!vs.IsSequence()) {
        doc_.Error(vs, "'values' must be a list of {from, value}", &diags_);
      } else {
        for (const auto& v : vs) {
          doc_.OnlyKeys(v, {"from", "value", "key", "source"}, "a parameter value", &diags_);
          ParamDecl::Value val;
          if (!v.IsMap() || !doc_.DateAt(v["from"], &val.from, &diags_) ||
              !ParseConst(v["value"], p.type, &val.v, &val.den))
            continue;
          if (p.keyed && !doc_.Str(v, "key", &val.key, &diags_)) continue;
          doc_.Str(v, "source", &val.source, &diags_, false);
          p.values.push_back(val);
        }
      }
    }
    std::stable_sort(p.values.begin(), p.values.end(),
                     [](const auto& a, const auto& b) { return a.from < b.from; });
    if (p.values.empty())
      diags_.push_back({Severity::kWarning, p.pos,
                        "parameter '" + p.name +
                            "' has no value: rules using it are not configured (未配置) until an "
                            "administrator sets one"});
    pack.params.push_back(std::move(p));
  }

  void ReadGroup(Pack& pack, const YAML::Node& n) {
    if (!n.IsMap()) {
      doc_.Error(n, "a group must be a mapping with name, key and per", &diags_);
      return;
    }
    doc_.OnlyKeys(n, {"name", "label", "key", "per", "total", "top_up", "clause", "note"}, "a group",
                  &diags_);
    GroupDecl g;
    g.pos = doc_.Pos(n);
    std::string s;
    if (!doc_.Str(n, "name", &g.name, &diags_)) return;
    if (doc_.Str(n, "key", &s, &diags_) && !Lookup(kKeys, s, &g.key))
      doc_.Error(n["key"], "group key must be one of: " + OneOf(kKeys), &diags_);
    if (doc_.Str(n, "per", &s, &diags_, false) && !Lookup(kPeriods, s, &g.per))
      doc_.Error(n["per"], "'per' must be one of: " + OneOf(kPeriods), &diags_);
    if (n["total"]) {
      int64_t den = 1;
      if (!ParseConst(n["total"], Type{TypeKind::kMoney}, &g.total, &den)) return;
    }
    if (doc_.Str(n, "top_up", &s, &diags_, false)) {
      if (s != "true" && s != "false")
        doc_.Error(n["top_up"], "'top_up' must be true or false", &diags_);
      g.top_up = s == "true";
      if (g.top_up && g.total >= 0)
        doc_.Error(n["top_up"], "a group cannot have both 'top_up' and 'total'", &diags_);
    }
    doc_.Str(n, "clause", &g.clause, &diags_, false);
    doc_.Str(n, "label", &g.label, &diags_, false);
    for (const auto& o : pack.groups)
      if (o.name == g.name) doc_.Error(n["name"], "duplicate group '" + g.name + "'", &diags_);
    pack.groups.push_back(std::move(g));
  }

  bool ReadClause(Pack& pack, SubjectKind subject, const YAML::Node& n, Type want, Clause* out) {
    return policy::ReadClause(doc_, pack, subject, n, want, out, &diags_);
  }

  bool ReadAmount(Pack& pack, RuleDecl& rule, const YAML::Node& n) {
    const Type money{TypeKind::kMoney};
    if (!n) {
      doc_.Error(n, "missing 'amount'", &diags_);
      return false;
    }
    if (!n.IsMap()) return ReadClause(pack, rule.subject, n, money, &rule.amount);
    doc_.OnlyKeys(n, {"base", "except"}, "an amount", &diags_);
    bool ok = ReadClause(pack, rule.subject, n["base"], money, &rule.amount);
    if (const YAML::Node ex = n["except"]) {
      if (!ex.IsSequence()) {
        doc_.Error(ex, "'except' must be a list of {when, amount}", &diags_);
        return false;
      }
      for (const auto& x : ex) {
        doc_.OnlyKeys(x, {"when", "amount", "note"}, "an exception", &diags_);
        RuleDecl::Exception e;
        ok &= x.IsMap() &&
              ReadClause(pack, rule.subject, x["when"], Type{TypeKind::kBool}, &e.when) &&
              ReadClause(pack, rule.subject, x["amount"], money, &e.amount);
        rule.exceptions.push_back(std::move(e));
      }
    }
    return ok;
  }

  bool ReadRule(Pack& pack, const YAML::Node& n, RuleDecl* r) {
    if (!n.IsMap()) {
      doc_.Error(n, "a rule must be a mapping", &diags_);
      return false;
    }
    doc_.OnlyKeys(n,
                  {"id", "name", "clause", "for", "payee", "pays", "once", "per", "kind", "when",
                   "amount", "cap", "note", "quote"},
                  "a rule", &diags_);
    r->pos = doc_.Pos(n);
    std::string s;
    bool ok = doc_.Str(n, "id", &r->id, &diags_) & doc_.Str(n, "name", &r->name, &diags_) &
              doc_.Str(n, "clause", &r->clause, &diags_);
    doc_.Str(n, "note", &r->note, &diags_, false);
    doc_.Str(n, "quote", &r->quote, &diags_, false);
    if (doc_.Str(n, "for", &s, &diags_) && !Lookup(kSubjects, s, &r->subject)) {
      doc_.Error(n["for"], "unknown subject '" + s + "' (one of: " + OneOf(kSubjects) + ")",
                 &diags_);
      ok = false;
    }
    if (doc_.Str(n, "payee", &s, &diags_)) {
      if (!Lookup(kPayees, s, &r->payee)) {
        doc_.Error(n["payee"], "unknown payee '" + s + "' (one of: " + OneOf(kPayees) + ")",
                   &diags_);
        ok = false;
      } else if (ok && !PayeeFits(r->subject, r->payee)) {
        doc_.Error(n["payee"],
                   "a rule for " + std::string(Name(r->subject)) + " cannot pay the " + s, &diags_);
        ok = false;
      }
    }
    if (!ok) return false;
    r->benefit = r->name.substr(0, std::min(r->name.find("（"), r->name.find("(")));
    doc_.Str(n, "pays", &r->benefit, &diags_, false);
    if (doc_.Str(n, "per", &s, &diags_, false) && !Lookup(kPeriods, s, &r->per))
      doc_.Error(n["per"], "'per' must be one of: " + OneOf(kPeriods), &diags_);
    if (doc_.Str(n, "kind", &s, &diags_, false)) {
      if (s == "loan-limit")
        r->limit_only = true;
      else if (s != "payment")
        doc_.Error(n["kind"], "'kind' must be payment or loan-limit", &diags_);
    }
    if (const YAML::Node once = n["once"]) ReadOnce(pack, *r, once);
    const YAML::Node when = n["when"];
    if (!when || !when.IsSequence() || when.size() == 0) {
      doc_.Error(when ? when : n, "'when' must be a non-empty list of conditions", &diags_);
      ok = false;
    } else {
      for (const auto& c : when) {
        Clause clause;
        if (ReadClause(pack, r->subject, c, Type{TypeKind::kBool}, &clause))
          r->conditions.push_back(std::move(clause));
        else
          ok = false;
      }
    }
    ok &= ReadAmount(pack, *r, n["amount"]);
    if (n["cap"]) ok &= ReadClause(pack, r->subject, n["cap"], Type{TypeKind::kMoney}, &r->cap);
    if (!ok) return false;
    for (size_t i = 0; i < r->conditions.size(); ++i) r->order.push_back(static_cast<int>(i));
    std::stable_sort(r->order.begin(), r->order.end(),
                     [&](int a, int b) { return r->conditions[a].cost < r->conditions[b].cost; });
    for (const auto& c : r->conditions)
      for (int p : c.params) AddUnique(&r->condition_params, p);
    auto amount_params = [&](const Clause& c) {
      for (int p : c.params) AddUnique(&r->amount_params, p);
    };
    amount_params(r->amount);
    for (const auto& e : r->exceptions) {
      for (int p : e.when.params) AddUnique(&r->condition_params, p);
      amount_params(e.amount);
    }
    if (r->cap.expr) amount_params(r->cap);
    return true;
  }

  static void AddUnique(std::vector<int>* v, int x) {
    if (std::find(v->begin(), v->end(), x) == v->end()) v->push_back(x);
  }

  void ReadOnce(const Pack& pack, RuleDecl& r, const YAML::Node& once) {
    std::vector<YAML::Node> names;
    if (once.IsScalar())
      names.push_back(once);
    else if (once.IsSequence())
      for (const auto& x : once) names.push_back(x);
    else
      doc_.Error(once, "'once' must name a group or list groups", &diags_);
    for (const auto& x : names) {
      int found = -1;
      for (size_t g = 0; g < pack.groups.size(); ++g)
        if (x.IsScalar() && pack.groups[g].name == x.Scalar()) found = static_cast<int>(g);
      if (found < 0) {
        doc_.Error(x,
                   "unknown group '" + (x.IsScalar() ? x.Scalar() : std::string("?")) +
                       "' (declare it under groups:)",
                   &diags_);
        continue;
      }
      const GroupKey k = pack.groups[found].key;
      const bool fits = k == GroupKey::kSubject ||
                        (k == GroupKey::kPerson && Reachable(r.subject, Entity::kPerson)) ||
                        (k == GroupKey::kEmployer && Reachable(r.subject, Entity::kEmployer)) ||
                        (k == GroupKey::kBusiness && r.subject == SubjectKind::kBusiness);
      if (!fits) {
        doc_.Error(x,
                   "group '" + x.Scalar() + "' is kept per " + std::string(kKeys[int(k)]) +
                       ", which a rule for " + std::string(Name(r.subject)) + " does not have",
                   &diags_);
        continue;
      }
      r.groups.push_back(found);
    }
  }

  std::string_view text_;
  YamlDoc doc_;
  std::vector<Diagnostic> diags_;
};

}  // namespace

std::string_view Name(SubjectKind k) { return kSubjects[static_cast<int>(k)]; }
std::string_view Name(PayeeKind k) { return kPayees[static_cast<int>(k)]; }

bool Reachable(SubjectKind s, Entity e) {
  using S = SubjectKind;
  switch (e) {
    case Entity::kPerson:
    case Entity::kHousehold:
      return s != S::kEmployer;
    case Entity::kEmployer:
      return s == S::kEmployment || s == S::kInternship || s == S::kPlacement || s == S::kEmployer;
    case Entity::kEmployment:
      return s == S::kEmployment;
    case Entity::kBusiness:
      return s == S::kBusiness;
    case Entity::kInternship:
      return s == S::kInternship;
    case Entity::kTraining:
      return s == S::kTraining;
    case Entity::kPlacement:
      return s == S::kPlacement;
  }
  return false;
}

bool PayeeFits(SubjectKind s, PayeeKind p) {
  switch (p) {
    case PayeeKind::kPerson:
      return Reachable(s, Entity::kPerson);
    case PayeeKind::kEmployer:
    case PayeeKind::kBase:
      return Reachable(s, Entity::kEmployer);
    case PayeeKind::kBusiness:
      return s == SubjectKind::kBusiness;
    case PayeeKind::kInstitution:
      return s == SubjectKind::kTraining;
  }
  return false;
}

const Row* EntityColumn(const Facts& f, SubjectKind s, Entity e) {
  using S = SubjectKind;
  if (e == Entity::kPerson) {
    switch (s) {
      case S::kEmployment:
        return f.employments.person.data();
      case S::kInternship:
        return f.internships.person.data();
      case S::kTraining:
        return f.trainings.person.data();
      case S::kPlacement:
        return f.placements.person.data();
      default:
        return nullptr;
    }
  }
  if (e == Entity::kEmployer) {
    switch (s) {
      case S::kEmployment:
        return f.employments.employer.data();
      case S::kInternship:
        return f.internships.base.data();
      case S::kPlacement:
        return f.placements.employer.data();
      default:
        return nullptr;
    }
  }
  if (e == Entity::kHousehold && s == S::kPerson) return f.persons.household.data();
  return nullptr;
}

bool EntityIsSubject(SubjectKind s, Entity e) {
  using S = SubjectKind;
  switch (e) {
    case Entity::kPerson:
      return s == S::kPerson;
    case Entity::kEmployer:
      return s == S::kEmployer;
    case Entity::kEmployment:
      return s == S::kEmployment;
    case Entity::kBusiness:
      return s == S::kBusiness;
    case Entity::kInternship:
      return s == S::kInternship;
    case Entity::kTraining:
      return s == S::kTraining;
    case Entity::kPlacement:
      return s == S::kPlacement;
    case Entity::kHousehold:
      return false;
  }
  return false;
}

Row EntityRow(const Facts& f, SubjectKind s, Entity e, Row r) {
  using S = SubjectKind;
  if (r == kNoRow) return kNoRow;
  switch (e) {
    case Entity::kPerson:
      switch (s) {
        case S::kPerson:
          return r;
        case S::kEmployment:
          return f.employments.person[r];
        case S::kInternship:
          return f.internships.person[r];
        case S::kTraining:
          return f.trainings.person[r];
        case S::kPlacement:
          return f.placements.person[r];
        case S::kBusiness: {
          const auto& b = f.businesses;
          return b.founder_offsets[r] < b.founder_offsets[r + 1] ? b.founders[b.founder_offsets[r]]
                                                                 : kNoRow;
        }
        case S::kEmployer:
          return kNoRow;
      }
      return kNoRow;
    case Entity::kHousehold: {
      const Row p = EntityRow(f, s, Entity::kPerson, r);
      return p == kNoRow ? kNoRow : f.persons.household[p];
    }
    case Entity::kEmployer:
      switch (s) {
        case S::kEmployment:
          return f.employments.employer[r];
        case S::kInternship:
          return f.internships.base[r];
        case S::kPlacement:
          return f.placements.employer[r];
        case S::kEmployer:
          return r;
        default:
          return kNoRow;
      }
    default:
      return r;  // the subject itself (Reachable allows no other case)
  }
}

bool ReadClause(const YamlDoc& doc, Pack& pack, SubjectKind subject, const YAML::Node& n, Type want,
              Clause* out, std::vector<Diagnostic>* diags) {
  if (!n || !n.IsScalar()) {
    doc.Error(n, "an expression is needed here", diags);
    return false;
  }
  out->text = n.Scalar();
  out->pos = doc.Pos(n);
  ParseError err;
  out->expr = ParseExpression(out->text, &err);
  if (!out->expr) {
    diags->push_back({Severity::kError, doc.PosIn(n, err.offset), err.message});
    return false;
  }
  bool ok = true;
  const Type got = CheckExpr(
      *out->expr, pack, subject, want,
      [&](int off, Severity s, std::string msg) {
        ok &= s != Severity::kError;
        diags->push_back({s, doc.PosIn(n, off), std::move(msg)});
      },
      &pack.slots);
  if (!ok || got.kind == TypeKind::kError) return false;
  if (got != want) {
    diags->push_back(
        {Severity::kError, out->pos,
         "this must be " +
             std::string(want.kind == TypeKind::kBool ? "a condition" : TypeName(want)) +
             ", found " + TypeName(got)});
    return false;
  }
  out->cost = ExprCost(*out->expr);
  CollectParams(*out->expr, &out->params);
  for (int p : out->params) {
    if (pack.params[p].values.empty())
      diags->push_back({Severity::kWarning, out->pos,
                        "parameter '" + pack.params[p].name +
                            "' has no value: this rule is not configured (未配置) and pays "
                            "nothing"});
  }
  return true;
}

LoadResult LoadPackText(std::string_view text, std::string_view file_name) {
  Loader l(text, std::string(file_name));
  return l.Load();
}

LoadResult LoadPackFile(const std::string& path) {
  auto text = ReadTextFile(path);
  if (!text.ok()) {
    LoadResult r;
    r.diagnostics.push_back({Severity::kError, {path, 0, 0}, text.error().message});
    return r;
  }
  return LoadPackText(*text, path);
}

std::vector<RuleInfo> Rules(const Pack& pack) {
  std::vector<RuleInfo> out;
  for (const auto& r : pack.rules) {
    Period finest = r.per;
    for (int g : r.groups) finest = std::max(finest, pack.groups[g].per);
    out.push_back({r.id, r.name, r.clause, r.subject, r.payee, r.pos,
                   finest == Period::kMonth  ? PayPeriod::kMonth
                   : finest == Period::kYear ? PayPeriod::kYear
                                             : PayPeriod::kEver,
                   !r.limit_only});
  }
  return out;
}
std::string_view PackId(const Pack& pack) { return pack.id; }

Result<ParamOverride> MakeOverride(const Pack& pack, std::string_view name, std::string_view key,
                                   std::string_view text) {
  for (size_t i = 0; i < pack.params.size(); ++i) {
    const ParamDecl& p = pack.params[i];
    if (p.name != name) continue;
    if (p.keyed == key.empty())
      return Error::InvalidArgument(p.keyed ? "parameter " + p.name + " needs a key (course)"
                                            : "parameter " + p.name + " has no keys",
                                    p.name);
    ParamOverride o;
    o.param = static_cast<int>(i);
    o.key = std::string(key);
    bool ok = false;
    if (p.type.kind == TypeKind::kDate) {
      auto d = Date::Parse(text);
      ok = d.ok();
      if (ok) o.value = d->days();
    } else {
      ParseError err;
      ExprPtr e = ParseExpression(text, &err);
      int slots = 0;
      ok = e && (e->kind == ExprKind::kNumber || e->kind == ExprKind::kPercent) &&
           CheckExpr(
               *e, pack, SubjectKind::kPerson,
               p.type.kind == TypeKind::kDuration ? Type{TypeKind::kInt} : p.type,
               [&](int, Severity, std::string) { ok = false; }, &slots)
                   .kind != TypeKind::kError;
      if (ok) o.value = e->num, o.den = e->den;
    }
    if (!ok)
      return Error::InvalidArgument("'" + std::string(text) + "' is not a " + TypeName(p.type) +
                                        " value for parameter " + p.name,
                                    p.name);
    return o;
  }
  return Error::InvalidArgument("unknown parameter " + std::string(name), std::string(name));
}

}  // namespace bangfu::policy
