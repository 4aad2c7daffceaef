// What a pack says, for people: parameters with their timelines, rules rendered in Chinese for
// the policy catalogue, and administrator-set parameter values merged into a pack.
#include <algorithm>
#include <cstdio>

#include "bangfu/domain/org_types.h"
#include "engine_internal.h"
#include "lang.h"
#include "pack_internal.h"

namespace bangfu::policy {
namespace {

std::string_view Symbol(const std::string& op) {
  if (op == ">=") return "≥";
  if (op == "<=") return "≤";
  if (op == "==") return "=";
  if (op == "!=") return "≠";
  if (op == "*") return "×";
  return op;
}

// One expression in words: labels for fields, functions and enumeration values.
std::string Readable(const Pack& pack, const Expr& e) {
  auto kid = [&](int i) { return Readable(pack, *e.kids[i]); };
  switch (e.op) {
    case Op::kConst:
      return FormatValue(e.type, e.num, e.den, false);
    case Op::kAsOf:
      return "基准日";
    case Op::kEntity:
      return std::string(EntityLabel(static_cast<Entity>(e.ref)));
    case Op::kField: {
      std::string owner = e.kids.empty() ? "" : kid(0);
      return owner + std::string(Fields()[e.ref].label);
    }
    case Op::kParam:
      return "参数 " + pack.params[e.ref].name;
    case Op::kParamKeyed:
      return "参数 " + pack.params[e.ref].name + "（按课程）";
    case Op::kCall: {
      std::string s(Functions()[e.ref].label);
      s += "（";
      for (size_t i = 0; i < e.kids.size(); ++i) s += (i ? "，" : "") + kid(static_cast<int>(i));
      return s + "）";
    }
    case Op::kNot:
      return "并非（" + kid(0) + "）";
    case Op::kNeg:
      return "-" + kid(0);
    case Op::kAnd:
      return kid(0) + " 并且 " + kid(1);
    case Op::kOr:
      return "（" + kid(0) + "）或（" + kid(1) + "）";
    case Op::kCompare: {
      std::string s = kid(0) + " " + std::string(Symbol(e.text)) + " " + kid(1);
      // The unit of a counted function applies to the bound too ("≥ 12个月").
      const Expr& lhs = *e.kids[0];
      if (lhs.op == Op::kCall && e.kids[1]->op == Op::kConst && lhs.type.kind == TypeKind::kInt)
        s += std::string(Functions()[lhs.ref].unit);
      return s;
    }
    case Op::kArith:
      return kid(0) + " " + std::string(Symbol(e.text)) + " " + kid(1);
    case Op::kIn:
      return kid(0) + (e.text == "in" ? " 属于 " : " 不属于 ") + kid(1);
    case Op::kUnchecked:
      break;
  }
  return e.text;
}

std::string TypeKey(Type t) {
  switch (t.kind) {
    case TypeKind::kMoney: return "money";
    case TypeKind::kInt: return "count";
    case TypeKind::kRatio: return "ratio";
    case TypeKind::kDate: return "date";
    case TypeKind::kDuration:
      return t.sub == static_cast<uint8_t>(DurationUnit::kDays) ? "days" : "months";
    default: return TypeName(t);
  }
}
std::string TypeLabel(Type t) {
  switch (t.kind) {
    case TypeKind::kMoney: return "金额（元）";
    case TypeKind::kInt: return "数量";
    case TypeKind::kRatio: return "比例（如 50%）";
    case TypeKind::kDate: return "日期";
    case TypeKind::kDuration:
      return t.sub == static_cast<uint8_t>(DurationUnit::kDays) ? "天数" : "月数";
    default: return TypeName(t);
  }
}

// A value in the pack's own syntax, so that it can be edited and parsed back.
std::string ValueText(Type t, int64_t v, int64_t den) {
  char buf[64];
  switch (t.kind) {
    case TypeKind::kMoney:
      return v % 100 == 0 ? std::to_string(v / 100) : domain::FormatYuan(v);
    case TypeKind::kRatio: {
      if (den != 0 && (v * 100) % den == 0) return std::to_string(v * 100 / den) + "%";
      std::snprintf(buf, sizeof buf, "%.2f%%", den ? 100.0 * v / den : 0.0);
      return buf;
    }
    case TypeKind::kDate:
      return Date::FromDays(static_cast<int32_t>(v)).ToString();
    default:
      return std::to_string(v);
  }
}

std::string PeriodWords(Period p) {
  return p == Period::kMonth ? "每月" : p == Period::kYear ? "每年" : "终身";
}
std::string KeyWords(GroupKey k) {
  switch (k) {
    case GroupKey::kPerson: return "同一人员";
    case GroupKey::kEmployer: return "同一单位";
    case GroupKey::kBusiness: return "同一经营主体";
    case GroupKey::kSubject: return "同一对象";
  }
  return "";
}

}  // namespace

std::string_view PackName(const Pack& pack) { return pack.name; }
std::string_view PackSource(const Pack& pack) { return pack.source; }

bool ParamInfo::ConfiguredAt(Date as_of) const {
  return std::any_of(values.begin(), values.end(),
                     [&](const ParamValueInfo& v) { return v.from <= as_of; });
}

Result<std::shared_ptr<const Pack>> WithValues(const Pack& pack,
                                               const std::vector<ParamSetting>& settings) {
  std::vector<std::pair<int, ParamDecl::Value>> added;
  for (size_t i = 0; i < settings.size(); ++i) {
    const ParamSetting& s = settings[i];
    const std::string field = "settings[" + std::to_string(i) + "]";
    if (s.from.days() == kNoDay)
      return Error::InvalidArgument("parameter " + s.param + " needs an effective date", field);
    auto o = MakeOverride(pack, s.param, s.key, s.value);
    if (!o.ok()) return Error::InvalidArgument(o.error().message, field);
    ParamDecl::Value v;
    v.from = s.from;
    v.key = s.key;
    v.v = o->value;
    v.den = o->den;
    v.source = s.source;
    v.stored = true;
    added.emplace_back(o->param, std::move(v));
  }
  // A fresh copy from the text (a pack's compiled expressions are not copyable); it is owned
  // here alone until returned, so completing its timelines is safe.
  auto copy = LoadPackText(pack.text, pack.file);
  if (!copy.ok()) return Error::Internal("pack " + pack.id + " no longer loads");
  auto merged = std::const_pointer_cast<Pack>(copy.pack);
  for (auto& [param, value] : added) merged->params[param].values.push_back(std::move(value));
  for (auto& p : merged->params)
    std::stable_sort(p.values.begin(), p.values.end(),
                     [](const auto& a, const auto& b) { return a.from < b.from; });
  return std::shared_ptr<const Pack>(merged);
}

std::vector<ParamInfo> Parameters(const Pack& pack) {
  std::vector<ParamInfo> out;
  for (size_t i = 0; i < pack.params.size(); ++i) {
    const ParamDecl& p = pack.params[i];
    ParamInfo info{p.name, TypeKey(p.type), TypeLabel(p.type), p.source, p.keyed, {}, {}};
    for (const auto& v : p.values)
      info.values.push_back({v.from, v.key, FormatValue(p.type, v.v, v.den, false),
                             v.source.empty() ? p.source : v.source,
                             ValueText(p.type, v.v, v.den), v.stored});
    for (const auto& r : pack.rules) {
      const bool reads =
          std::count(r.condition_params.begin(), r.condition_params.end(), static_cast<int>(i)) ||
          std::count(r.amount_params.begin(), r.amount_params.end(), static_cast<int>(i));
      if (reads) info.rules.push_back(r.id);
    }
    out.push_back(std::move(info));
  }
  return out;
}

std::vector<RuleDetail> Describe(const Pack& pack) {
  const std::vector<RuleInfo> infos = Rules(pack);
  std::vector<RuleDetail> out;
  for (size_t i = 0; i < pack.rules.size(); ++i) {
    const RuleDecl& r = pack.rules[i];
    RuleDetail d;
    d.info = infos[i];
    d.benefit = r.benefit;
    d.quote = r.quote;
    d.reading = r.note;
    for (const auto& c : r.conditions) {
      d.conditions.push_back(Readable(pack, *c.expr));
      d.condition_code.push_back(c.text);
    }
    d.amount = Readable(pack, *r.amount.expr);
    for (const auto& ex : r.exceptions)
      d.amount += "；若 " + Readable(pack, *ex.when.expr) + "，则 " + Readable(pack, *ex.amount.expr);
    if (r.cap.expr) d.cap = Readable(pack, *r.cap.expr);
    if (r.per != Period::kEver) d.limits.push_back(PeriodWords(r.per) + "一次");
    for (int g : r.groups) {
      const GroupDecl& gd = pack.groups[g];
      std::string s = KeyWords(gd.key) + PeriodWords(gd.per) + "只享受一次（" + gd.name + "）";
      if (gd.total >= 0) s += "，合计不超过 " + FormatMoney(gd.total);
      if (!gd.clause.empty()) s += "：" + gd.clause;
      d.limits.push_back(std::move(s));
    }
    std::vector<int> used = r.condition_params;
    for (int p : r.amount_params)
      if (std::find(used.begin(), used.end(), p) == used.end()) used.push_back(p);
    for (int p : used) d.params.push_back(pack.params[p].name);
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace bangfu::policy
