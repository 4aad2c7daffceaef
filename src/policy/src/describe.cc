// What a pack says, for people: parameters with their timelines, rules rendered in Chinese for
// the policy catalogue, and administrator-set parameter values merged into a pack.
#include <algorithm>
#include <cstdio>
#include <string_view>
#include <vector>

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

// Functions as Chinese phrases, {0}.. standing for the arguments in words; a function not
// listed reads as its label with its arguments. People read these in the catalogue and in
// 我的政策's "what you would still need", so they must not look like code.
std::string_view Phrase(std::string_view fn) {
  static const std::pair<std::string_view, std::string_view> k[] = {
      {"age", "{0}在{1}的年龄"},
      {"is_4050", "{0}在{1}属于4050人员（女满40岁、男满50岁）"},
      {"has_category", "{0}在{2}属于{1}"},
      {"registered_unemployed", "{0}在{1}处于登记失业状态"},
      {"zero_employment", "{0}在{1}属于零就业家庭"},
      {"graduate_of_year", "{0}是{1}当年的应届高校毕业生"},
      {"left_school_within", "{0}到{1}时离校未满{2}"},
      {"year", "{0}所在年份"},
      {"month_start", "{0}所在月的第一天"},
      {"first_known", "{0}（未知时取{1}）"},
      {"in_region", "{0}在区划代码以 {1} 开头的地区"},
      {"contribution_months", "{0}在{1}连续缴纳社保的月数"},
      {"self_paid_months", "{0}个人连续缴纳社保的月数"},
      {"months_employed", "{0}已就业月数"},
      {"still_employed", "{0}仍在职"},
      {"employed_at", "{0}在{1}处于就业状态"},
      {"years_operating", "{0}正常经营的年数"},
      {"first_business", "{0}是首次创业"},
      {"retention_rate", "{0}的见习留用率"},
      {"internship_months", "{0}的见习月数"},
      {"receives_dibao", "{0}正在享受低保"},
      {"dibao_reduction", "{0}家庭到{1}时核减的低保金额"},
      {"first_appraisal", "{0}是初次职业技能鉴定"},
      {"key_group_employees", "{0}在{1}年吸纳{2}就业的人数"},
      {"min", "{0}与{1}中较小者"},
      {"max", "{0}与{1}中较大者"},
  };
  for (const auto& [name, phrase] : k)
    if (name == fn) return phrase;
  return {};
}

// Splits UTF-8 text into code points (as byte strings), for comparing Chinese words.
std::vector<std::string_view> CodePoints(std::string_view s) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    out.push_back(s.substr(i, std::min(n, s.size() - i)));
    i += n;
  }
  return out;
}

// A field's label after its owner ("经营主体" + "类型"), worded so that the owner is not said
// twice: a label that already names its owner stands alone (经营主体类型, 单位所在地, 零就业家庭
// 认定日期); an owner that ends as the label begins is joined over the overlap (公益性岗位安置 +
// 安置开始 → 公益性岗位安置开始); an owner and label that start alike are joined with 的
// (经营主体的经营地, 就业记录的就业形式).
std::string OwnedLabel(const std::string& owner, std::string_view label) {
  if (owner.empty() || label.find(owner) != std::string_view::npos) return std::string(label);
  const auto o = CodePoints(owner), l = CodePoints(label);
  for (size_t k = std::min(o.size(), l.size()); k >= 2; --k) {
    if (std::equal(o.end() - static_cast<std::ptrdiff_t>(k), o.end(), l.begin()))
      return owner + std::string(label.substr(l[k - 1].data() + l[k - 1].size() - label.data()));
  }
  if (o.size() >= 2 && l.size() >= 2 && o[0] == l[0] && o[1] == l[1])
    return owner + "的" + std::string(label);
  return owner + std::string(label);
}

// One expression in words: labels for fields, functions and enumeration values.
// `values`: a parameter reads as its current value ("12个月", or 尚未设定的标准) rather than its
// name — for conditions, which people read; amounts keep the names the parameter list explains.
std::string Readable(const Pack& pack, const Expr& e, bool values = false) {
  auto kid = [&](int i) { return Readable(pack, *e.kids[i], values); };
  // A set as a call argument: "高校毕业生、登记失业人员 之一", without the braces of a literal.
  auto arg = [&](int i) {
    const Expr& a = *e.kids[i];
    if (a.op != Op::kConst || a.type.kind != TypeKind::kSet) return kid(i);
    std::string t = kid(i);
    if (t.size() >= 2 && t.front() == '{' && t.back() == '}') t = t.substr(1, t.size() - 2);
    return t.find("、") == std::string::npos ? t : t + " 之一";
  };
  // A condition joined to another keeps its own brackets only when it is itself a join.
  auto part = [&](int i) {
    const Op op = e.kids[i]->op;
    return op == Op::kAnd || op == Op::kOr ? "（" + kid(i) + "）" : kid(i);
  };
  switch (e.op) {
    case Op::kConst:
      return FormatValue(e.type, e.num, e.den, false);
    case Op::kAsOf:
      return "基准日";
    case Op::kEntity:
      return e.text == "founder" ? "创业者" : std::string(EntityLabel(static_cast<Entity>(e.ref)));
    case Op::kField:
      return OwnedLabel(e.kids.empty() ? "" : kid(0), Fields()[e.ref].label);
    case Op::kParam: {
      const ParamDecl& p = pack.params[e.ref];
      if (!values) return "参数 " + p.name;
      if (p.values.empty()) return "尚未设定的标准";
      return FormatValue(p.type, p.values.back().v, p.values.back().den, false);
    }
    case Op::kParamKeyed:
      if (values) return "按课程规定的标准";
      return "参数 " + pack.params[e.ref].name + "（按课程）";
    case Op::kCall: {
      const FnDef& fn = Functions()[e.ref];
      if (fn.name == "months" || fn.name == "years" || fn.name == "days")
        return kid(0) + (fn.name == "months" ? "个月" : fn.name == "years" ? "年" : "天");
      if (std::string_view phrase = Phrase(fn.name); !phrase.empty()) {
        std::string s;
        for (size_t i = 0; i < phrase.size(); ++i) {
          if (phrase[i] == '{' && i + 2 < phrase.size() && phrase[i + 2] == '}') {
            const int k = phrase[i + 1] - '0';
            if (k >= 0 && k < static_cast<int>(e.kids.size())) s += arg(k);
            i += 2;
          } else {
            s += phrase[i];
          }
        }
        return s;
      }
      std::string s(fn.label);
      s += "（";
      for (size_t i = 0; i < e.kids.size(); ++i) s += (i ? "，" : "") + kid(static_cast<int>(i));
      return s + "）";
    }
    case Op::kNot:
      return "不是：" + part(0);
    case Op::kNeg:
      return "-" + kid(0);
    case Op::kAnd:
      return part(0) + "，并且" + part(1);
    case Op::kOr:
      // Alternatives at one level read as a list: "以下之一：A；或 B；或 C".
      if (e.kids[0]->op == Op::kOr) {
        std::string left = kid(0);
        return left + "；或 " + part(1);
      }
      return "以下之一：" + part(0) + "；或 " + part(1);
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
    case Op::kIn: {
      std::string set = arg(1);
      if (e.text == "in") return kid(0) + "为" + set;
      if (set.ends_with(" 之一")) set.resize(set.size() - std::string_view(" 之一").size());
      return kid(0) + "不是" + set;
    }
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

std::string GroupLabel(const Pack& pack, int group) {
  const GroupDecl& gd = pack.groups[group];
  if (!gd.label.empty()) return gd.label;
  std::vector<std::string_view> seen;
  std::string out;
  for (int r : gd.rules) {
    const std::string& b = pack.rules[r].benefit;
    if (b.empty() || std::find(seen.begin(), seen.end(), b) != seen.end()) continue;
    seen.push_back(b);
    out += (out.empty() ? "" : "、") + b;
  }
  // A group no rule joins (the checker warns about it) has only its machine name to offer.
  return out.empty() ? gd.name : out;
}

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
      d.conditions.push_back(Readable(pack, *c.expr, true));
      d.condition_code.push_back(c.text);
    }
    d.amount = Readable(pack, *r.amount.expr);
    for (const auto& ex : r.exceptions)
      d.amount += "；若 " + Readable(pack, *ex.when.expr) + "，则 " + Readable(pack, *ex.amount.expr);
    if (r.cap.expr) d.cap = Readable(pack, *r.cap.expr);
    if (r.per != Period::kEver) d.limits.push_back(PeriodWords(r.per) + "一次");
    for (int g : r.groups) {
      const GroupDecl& gd = pack.groups[g];
      std::string s = KeyWords(gd.key) + PeriodWords(gd.per) + "只享受一次「" + GroupLabel(pack, g) + "」";
      if (gd.total >= 0) s += "，合计不超过 " + FormatMoney(gd.total);
      if (gd.top_up) s += "，升级到更高标准时补发差额";
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
