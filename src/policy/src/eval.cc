#include "eval.h"

#include <functional>

namespace bangfu::policy {
namespace {

void Fill(Vec* out, int n, int64_t v, int64_t den, bool null) {
  for (int i = 0; i < n; ++i) {
    out->v[i] = v;
    out->den[i] = den;
    out->null[i] = null;
  }
}

bool Compare(const std::string& op, __int128 a, __int128 b) {
  switch (op[0]) {
    case '=':
      return a == b;
    case '!':
      return a != b;
    case '<':
      return op.size() == 1 ? a < b : a <= b;
    case '>':
      return op.size() == 1 ? a > b : a >= b;
  }
  return false;
}

// Integer comparison over a batch, one loop per operator with no branch inside: the value of
// a row with a missing side is computed too and ignored, since null says it is missing.
template <typename Cmp>
void CompareLoop(const Vec& a, const Vec& b, int n, Vec* out, Cmp cmp) {
  for (int i = 0; i < n; ++i) {
    out->den[i] = 1;
    out->null[i] = a.null[i] | b.null[i];
    out->v[i] = cmp(a.v[i], b.v[i]);
  }
}
void CompareInts(const std::string& op, const Vec& a, const Vec& b, int n, Vec* out) {
  switch (op[0]) {
    case '=':
      return CompareLoop(a, b, n, out, std::equal_to<int64_t>());
    case '!':
      return CompareLoop(a, b, n, out, std::not_equal_to<int64_t>());
    case '<':
      return op.size() == 1 ? CompareLoop(a, b, n, out, std::less<int64_t>())
                            : CompareLoop(a, b, n, out, std::less_equal<int64_t>());
    case '>':
      return op.size() == 1 ? CompareLoop(a, b, n, out, std::greater<int64_t>())
                            : CompareLoop(a, b, n, out, std::greater_equal<int64_t>());
  }
  Fill(out, n, 0, 1, true);
}

void Arith(const Expr& e, const Vec& a, const Vec& b, int n, Vec* out) {
  const char op = e.text[0];
  const bool date = e.kids[0]->type.kind == TypeKind::kDate;
  const bool days = e.kids[1]->type.sub == static_cast<uint8_t>(DurationUnit::kDays);
  for (int i = 0; i < n; ++i) {
    out->den[i] = 1;
    out->null[i] = a.null[i] | b.null[i];
    if (out->null[i]) continue;
    int64_t r = 0;
    bool overflow = false;
    if (date) {
      const Date d = Date::FromDays(static_cast<int32_t>(a.v[i]));
      const int64_t k = op == '-' ? -b.v[i] : b.v[i];
      if (a.v[i] == kOpenDay || k > 1'000'000 || k < -1'000'000) {
        out->null[i] = a.v[i] != kOpenDay;
        out->v[i] = a.v[i];
        continue;
      }
      r = (days ? d.AddDays(static_cast<int32_t>(k)) : d.AddMonths(static_cast<int>(k))).days();
    } else if (op == '+') {
      overflow = __builtin_add_overflow(a.v[i], b.v[i], &r);
    } else if (op == '-') {
      overflow = __builtin_sub_overflow(a.v[i], b.v[i], &r);
    } else {
      overflow = __builtin_mul_overflow(a.v[i], b.v[i], &r);
    }
    out->v[i] = r;
    out->null[i] = overflow;
  }
}

}  // namespace

void Eval(const Expr& e, const EvalCtx& c, SubjectKind s, const Row* rows, int n, Vec* out,
          Scratch& sc) {
  switch (e.op) {
    case Op::kUnchecked:
      Fill(out, n, 0, 1, true);
      return;
    case Op::kConst:
      Fill(out, n, e.num, e.den, false);
      return;
    case Op::kAsOf:
      Fill(out, n, c.as_of.days(), 1, false);
      return;
    case Op::kEntity: {
      const Entity ent = static_cast<Entity>(e.ref);
      // Most entities are the subject itself or one column away from it: read that column.
      if (const Row* col = EntityColumn(c.f, s, ent)) {
        for (int i = 0; i < n; ++i) {
          const Row r = col[rows[i]];
          out->v[i] = r;
          out->null[i] = r == kNoRow;
        }
        return;
      }
      if (EntityIsSubject(s, ent)) {
        for (int i = 0; i < n; ++i) {
          out->v[i] = rows[i];
          out->null[i] = 0;
        }
        return;
      }
      for (int i = 0; i < n; ++i) {
        const Row r = EntityRow(c.f, s, ent, rows[i]);
        out->v[i] = r;
        out->den[i] = 1;
        out->null[i] = r == kNoRow;
      }
      return;
    }
    case Op::kField: {
      Vec& base = sc.at(e.kids[0]->slot);
      Eval(*e.kids[0], c, s, rows, n, &base, sc);
      Fields()[e.ref].read(c.f, base.v, n, out);
      return;
    }
    case Op::kParam: {
      const ParamValue& p = c.params[e.ref];
      Fill(out, n, p.v, p.den, !p.configured);
      return;
    }
    case Op::kParamKeyed: {
      const ParamValue& p = c.params[e.ref];
      const Expr& key = *e.kids[1];
      Vec& k = sc.at(key.slot);
      Eval(key, c, s, rows, n, &k, sc);
      const FieldDef& fd = Fields()[key.ref];
      for (int i = 0; i < n; ++i) {
        out->null[i] = 1;
        out->den[i] = 1;
        if (k.null[i]) continue;
        const std::string* text = fd.text(c.f, static_cast<Row>(k.v[i]));
        for (const auto& [name, value] : p.keyed) {
          if (name != *text || !value.configured) continue;
          out->v[i] = value.v;
          out->den[i] = value.den;
          out->null[i] = 0;
        }
      }
      return;
    }
    case Op::kCall: {
      const Vec* args[8];
      for (size_t k = 0; k < e.kids.size() && k < 8; ++k) {
        Vec& a = sc.at(e.kids[k]->slot);
        Eval(*e.kids[k], c, s, rows, n, &a, sc);
        args[k] = &a;
      }
      Functions()[e.ref].eval(c, e, args, n, out);
      return;
    }
    case Op::kNot:
    case Op::kNeg: {
      Vec& a = sc.at(e.kids[0]->slot);
      Eval(*e.kids[0], c, s, rows, n, &a, sc);
      const bool is_not = e.op == Op::kNot;
      for (int i = 0; i < n; ++i) {
        out->v[i] = is_not ? !a.v[i] : -a.v[i];
        out->den[i] = 1;
        out->null[i] = a.null[i];
      }
      return;
    }
    default:
      break;
  }
  // Binary operations.
  Vec& a = sc.at(e.kids[0]->slot);
  Vec& b = sc.at(e.kids[1]->slot);
  Eval(*e.kids[0], c, s, rows, n, &a, sc);
  Eval(*e.kids[1], c, s, rows, n, &b, sc);
  switch (e.op) {
    case Op::kAnd:
      // Kleene: false wins over unknown.
      for (int i = 0; i < n; ++i) {
        const bool af = !a.null[i] && !a.v[i], bf = !b.null[i] && !b.v[i];
        out->den[i] = 1;
        out->v[i] = !(af || bf);
        out->null[i] = !(af || bf) && (a.null[i] || b.null[i]);
      }
      return;
    case Op::kOr:
      for (int i = 0; i < n; ++i) {
        const bool at = !a.null[i] && a.v[i], bt = !b.null[i] && b.v[i];
        out->den[i] = 1;
        out->v[i] = at || bt;
        out->null[i] = !(at || bt) && (a.null[i] || b.null[i]);
      }
      return;
    case Op::kIn: {
      const bool negate = e.text != "in";
      const uint64_t bits = e.kids[1]->set_bits;
      for (int i = 0; i < n; ++i) {
        out->den[i] = 1;
        out->null[i] = a.null[i];
        const bool member = a.v[i] >= 0 && a.v[i] < 64 && ((bits >> a.v[i]) & 1);
        out->v[i] = member != negate;
      }
      return;
    }
    case Op::kCompare: {
      if (e.kids[0]->type.kind != TypeKind::kRatio) return CompareInts(e.text, a, b, n, out);
      for (int i = 0; i < n; ++i) {
        out->den[i] = 1;
        out->null[i] = a.null[i] | b.null[i];
        if (out->null[i]) continue;
        // Ratios compare exactly by cross-multiplication (denominators are positive).
        const __int128 x = static_cast<__int128>(a.v[i]) * b.den[i];
        const __int128 y = static_cast<__int128>(b.v[i]) * a.den[i];
        out->v[i] = Compare(e.text, x, y);
      }
      return;
    }
    case Op::kArith:
      Arith(e, a, b, n, out);
      return;
    default:
      Fill(out, n, 0, 1, true);
  }
}

std::vector<ParamValue> ResolveParams(const Pack& pack, Date as_of,
                                      const std::vector<ParamOverride>& overrides) {
  std::vector<ParamValue> out(pack.params.size());
  for (size_t i = 0; i < pack.params.size(); ++i) {
    const ParamDecl& p = pack.params[i];
    ParamValue& pv = out[i];
    for (const auto& v : p.values) {
      if (v.from > as_of) break;
      ParamValue x;
      x.configured = true;
      x.v = v.v;
      x.den = v.den;
      x.from = v.from.ToString();
      x.source = v.source;
      if (!p.keyed) {
        pv = x;
        continue;
      }
      pv.configured = true;
      bool replaced = false;
      for (auto& [key, value] : pv.keyed) {
        if (key == v.key) {
          value = x;
          replaced = true;
        }
      }
      if (!replaced) pv.keyed.emplace_back(v.key, x);
    }
  }
  for (const auto& o : overrides) {
    if (o.param < 0 || static_cast<size_t>(o.param) >= out.size()) continue;
    ParamValue x;
    x.configured = true;
    x.v = o.value;
    x.den = o.den;
    x.from = "what-if";
    ParamValue& pv = out[o.param];
    if (!pack.params[o.param].keyed) {
      pv = x;
      continue;
    }
    pv.configured = true;
    std::erase_if(pv.keyed, [&](const auto& kv) { return kv.first == o.key; });
    pv.keyed.emplace_back(o.key, x);
  }
  return out;
}

size_t SubjectRows(const Facts& f, SubjectKind s) {
  switch (s) {
    case SubjectKind::kPerson:
      return f.persons.size();
    case SubjectKind::kEmployment:
      return f.employments.size();
    case SubjectKind::kBusiness:
      return f.businesses.size();
    case SubjectKind::kInternship:
      return f.internships.size();
    case SubjectKind::kTraining:
      return f.trainings.size();
    case SubjectKind::kPlacement:
      return f.placements.size();
    case SubjectKind::kEmployer:
      return f.employers.size();
  }
  return 0;
}

int64_t SubjectId(const Facts& f, SubjectKind s, Row r) {
  switch (s) {
    case SubjectKind::kPerson:
      return f.persons.id[r];
    case SubjectKind::kEmployment:
      return f.employments.id[r];
    case SubjectKind::kBusiness:
      return f.businesses.id[r];
    case SubjectKind::kInternship:
      return f.internships.id[r];
    case SubjectKind::kTraining:
      return f.trainings.id[r];
    case SubjectKind::kPlacement:
      return f.placements.id[r];
    case SubjectKind::kEmployer:
      return f.employers.id[r];
  }
  return 0;
}

}  // namespace bangfu::policy
