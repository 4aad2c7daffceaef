// The names a pack may use: enumerations, the fields of each entity, and the functions, each
// with its vectorised implementation. docs/rules-language.md lists the same, with examples.
#include <algorithm>
#include <cstdio>

#include "bangfu/domain/org_types.h"
#include "bangfu/domain/identity.h"
#include "bangfu/domain/person_types.h"
#include "engine_internal.h"
#include "lang.h"

namespace bangfu::policy {
namespace {

constexpr Type T(TypeKind k, uint8_t sub = 0) { return Type{k, sub}; }
constexpr Type kBoolT = T(TypeKind::kBool);
constexpr Type kIntT = T(TypeKind::kInt);
constexpr Type kMoneyT = T(TypeKind::kMoney);
constexpr Type kDateT = T(TypeKind::kDate);
constexpr Type kRegionT = T(TypeKind::kRegion);
constexpr Type kRatioT = T(TypeKind::kRatio);
constexpr Type kStringT = T(TypeKind::kString);
constexpr Type EnumT(EnumId e) { return T(TypeKind::kEnum, static_cast<uint8_t>(e)); }
constexpr Type SetT(EnumId e) { return T(TypeKind::kSet, static_cast<uint8_t>(e)); }
constexpr Type EntityT(Entity e) { return T(TypeKind::kEntity, static_cast<uint8_t>(e)); }
constexpr Type DurT(DurationUnit u) { return T(TypeKind::kDuration, static_cast<uint8_t>(u)); }
constexpr Type kAnyDuration = T(TypeKind::kDuration, 255);  // a parameter: months or days

// ---- column readers: a missing value becomes null ----
struct Val {
  int64_t v = 0;
  bool ok = true;
};
template <typename V, typename Conv>
void ReadColumn(const std::vector<V>& col, const int64_t* rows, int n, Vec* o, Conv conv) {
  for (int i = 0; i < n; ++i) {
    if (rows[i] < 0) {
      o->null[i] = 1;
      continue;
    }
    const Val x = conv(col[rows[i]]);
    o->v[i] = x.v;
    o->den[i] = 1;
    o->null[i] = !x.ok;
  }
}
Val DateConv(Date d) { return {d.days(), d.days() != kNoDay}; }
// Recognition dates: no date means never recognised, which compares after every date.
Val NeverConv(Date d) { return {d.days() == kNoDay ? kOpenDay : d.days(), true}; }
Val TriConv(Tri t) { return {t == Tri::kTrue, t != Tri::kUnknown}; }
template <typename E>
Val EnumConv(E e) {
  return {static_cast<int64_t>(e), static_cast<int>(e) != 0};
}
Val CodeConv(int64_t c) { return {c, c != 0}; }
Val CountConv(int64_t c) { return {c, c >= 0}; }
Val EducationConv(uint8_t e) { return {e, e != 255}; }
Val YearConv(int16_t y) { return {y, y > 0}; }

#define BANGFU_COL(column, conv) \
  [](const Facts& f, const int64_t* r, int n, Vec* o) { ReadColumn(f.column, r, n, o, conv); }

// A text field evaluates to its row; the text is read where it is used (parameter keys).
void ReadRow(const Facts&, const int64_t* rows, int n, Vec* o) {
  for (int i = 0; i < n; ++i) {
    o->v[i] = rows[i];
    o->den[i] = 1;
    o->null[i] = rows[i] < 0;
  }
}
const std::string* CourseText(const Facts& f, Row r) { return &f.trainings.course[r]; }

// ---- helpers for function implementations ----
bool AnyNull(const Vec* const* a, size_t nargs, int i) {
  for (size_t k = 0; k < nargs; ++k)
    if (a[k]->null[i]) return true;
  return false;
}
// Applies fn(i) → Val to every row whose arguments are all present.
template <typename F>
void Map(const Vec* const* a, size_t nargs, int n, Vec* o, F fn) {
  for (int i = 0; i < n; ++i) {
    o->den[i] = 1;
    if (AnyNull(a, nargs, i)) {
      o->null[i] = 1;
      continue;
    }
    const Val x = fn(i);
    o->v[i] = x.v;
    o->null[i] = !x.ok;
  }
}
Date D(int64_t days) { return Date::FromDays(static_cast<int32_t>(days)); }
// The calendar year of a real day, without the full civil conversion: the hot paths
// (graduate_of_year, year) call this per row.
int YearOf(int64_t days) {
  static const std::vector<int32_t> kJan1 = [] {
    std::vector<int32_t> v;
    for (int y = 1800; y <= 2400; ++y) v.push_back(Date::FromYmdUnchecked(y, 1, 1).days());
    return v;
  }();
  if (days < kJan1.front() || days >= kJan1.back())
    return Date::FromDays(static_cast<int32_t>(days)).year();
  size_t i = static_cast<size_t>((days - kJan1.front()) / 366);  // at most the right index
  while (i + 1 < kJan1.size() && kJan1[i + 1] <= days) ++i;
  return 1800 + static_cast<int>(i);
}
// Whether a date value is a real calendar day (not "open"/"never"), so that calendar
// arithmetic on it is defined.
bool Real(int64_t days) { return days > kNoDay && days < kOpenDay; }
Row R(int64_t v) { return static_cast<Row>(v); }

// Whether person p holds one of the categories in `bits` on day d. Spans without a start
// date are ignored (they cannot place the person in the category at any date).
bool HasCategory(const Facts& f, Row p, uint64_t bits, Date d) {
  const auto& pt = f.persons;
  for (uint32_t k = pt.category_offsets[p]; k < pt.category_offsets[p + 1]; ++k) {
    const CategorySpan& s = pt.categories[k];
    if (((bits >> s.category) & 1) && s.from.days() != kNoDay && s.from <= d && d <= s.to)
      return true;
  }
  return false;
}
constexpr uint64_t Bit(domain::Category c) { return uint64_t{1} << static_cast<int>(c); }

// Consecutive monthly contributions by `payer` ending with the month before the as-of month.
int64_t ConsecutiveMonths(const EvalCtx& c, Row p, Row payer) {
  const auto& k = c.f.contributions;
  MonthIndex want = c.as_of_month - 1;
  int64_t count = 0;
  for (uint32_t j = k.person_offsets[p + 1]; j-- > k.person_offsets[p];) {
    if (k.month[j] > want) continue;
    if (k.month[j] < want) break;
    if (k.payer[j] == payer) {
      ++count;
      --want;
    }
  }
  return count;
}

// Monthly 低保 payment of a household in month m, or -1 when none was paid.
int64_t DibaoIn(const EvalCtx& c, Row h, MonthIndex m) {
  const auto& d = c.f.dibao_payments;
  int64_t sum = -1;
  for (const Row* it = c.ix.household_dibao.begin(h); it != c.ix.household_dibao.end(h); ++it) {
    if (d.month[*it] == m) sum = std::max<int64_t>(sum, 0) + d.amount[*it];
    if (d.month[*it] > m) break;
  }
  return sum;
}

Val Age(const EvalCtx& c, Row p, Date d) {
  const Date b = c.f.persons.birth_date[p];
  if (!Real(b.days()) || !Real(d.days())) return {0, false};
  return {domain::AgeBetween(b, d), true};
}

void FnAge(const EvalCtx& c, const Expr&, const Vec* const* a, int n, Vec* o) {
  Map(a, 2, n, o, [&](int i) { return Age(c, R(a[0]->v[i]), D(a[1]->v[i])); });
}
void FnIs4050(const EvalCtx& c, const Expr&, const Vec* const* a, int n, Vec* o) {
  Map(a, 2, n, o, [&](int i) -> Val {
    const Row p = R(a[0]->v[i]);
    const Sex s = c.f.persons.sex[p];
    const Val age = Age(c, p, D(a[1]->v[i]));
    if (s == Sex::kUnknown || !age.ok) return {0, false};
    return {age.v >= (s == Sex::kFemale ? 40 : 50), true};
  });
}
void FnHasCategory(const EvalCtx& c, const Expr&, const Vec* const* a, int n, Vec* o) {
  Map(a, 3, n, o, [&](int i) -> Val {
    return {HasCategory(c.f, R(a[0]->v[i]), static_cast<uint64_t>(a[1]->v[i]), D(a[2]->v[i])),
            true};
  });
}
void FnRegisteredUnemployed(const EvalCtx& c, const Expr&, const Vec* const* a, int n, Vec* o) {
  Map(a, 2, n, o, [&](int i) -> Val {
    return {HasCategory(c.f, R(a[0]->v[i]), Bit(domain::Category::kRegisteredUnemployed),
                        D(a[1]->v[i])),
            true};
  });
}
void FnZeroEmployment(const EvalCtx& c, const Expr&, const Vec* const* a, int n, Vec* o) {
  Map(a, 2, n, o, [&](int i) -> Val {
    const Row p = R(a[0]->v[i]);
    const Date d = D(a[1]->v[i]);
    if (HasCategory(c.f, p, Bit(domain::Category::kZeroEmployment), d)) return {1, true};
    const Row h = c.f.persons.household[p];
    if (h == kNoRow) return {0, true};
    const Date since = c.f.households.zero_employment_since[h];
    return {since.days() != kNoDay && since <= d, true};
  });
}
void FnGraduateOfYear(const EvalCtx& c, const Expr&, const Vec* const* a, int n, Vec* o) {
  Map(a, 2, n, o, [&](int i) -> Val {
    const Date g = c.f.persons.graduation_date[R(a[0]->v[i])];
    if (!Real(g.days()) || !Real(a[1]->v[i])) return {0, false};
    return {YearOf(g.days()) == YearOf(a[1]->v[i]), true};
  });
}
Date Plus(Date d, int64_t n, uint8_t unit) {
  return unit == static_cast<uint8_t>(DurationUnit::kDays) ? d.AddDays(static_cast<int32_t>(n))
                                                           : d.AddMonths(static_cast<int>(n));
}
void FnLeftSchoolWithin(const EvalCtx& c, const Expr& call, const Vec* const* a, int n, Vec* o) {
  const uint8_t unit = call.kids[2]->type.sub;
  Map(a, 3, n, o, [&](int i) -> Val {
    const Date g = c.f.persons.graduation_date[R(a[0]->v[i])];
    if (!Real(g.days()) || !Real(a[1]->v[i])) return {0, false};
    const Date d = D(a[1]->v[i]);
    return {g <= d && d < Plus(g, a[2]->v[i], unit), true};
  });
}
void FnYear(const EvalCtx&, const Expr&, const Vec* const* a, int n, Vec* o) {
  Map(a, 1, n, o, [&](int i) -> Val {
    if (!Real(a[0]->v[i])) return {0, false};  // "never" has no year
    return {YearOf(a[0]->v[i]), true};
  });
}
// The first day of the date's month: lets a rule count calendar months (the month a monthly
// payment is for against the month something began) instead of whole months from a day.
void FnMonthStart(const EvalCtx&, const Expr&, const Vec* const* a, int n, Vec* o) {
  Map(a, 1, n, o, [&](int i) -> Val {
    if (!Real(a[0]->v[i])) return {0, false};  // "never" and "open" have no month
    const Date d = D(a[0]->v[i]);
    return {Date::FromYmdUnchecked(d.year(), d.month(), 1).days(), true};
  });
}
// The first of two values that is known (SQL's COALESCE): the first argument unless it is
// missing, else the second; missing only when both are. "open" and "never" are known values.
// Lets a rule judge at the date something happened when that date is known and at another
// date otherwise (RC-LOAN: the founder's group at the licence date, else at the as-of date),
// which `a or b` over two judgements cannot: it asks both and is undecidable whenever the
// first date is missing and the second judgement is false.
void FnFirstKnown(const EvalCtx&, const Expr&, const Vec* const* a, int n, Vec* o) {
  for (int i = 0; i < n; ++i) {
    const Vec* k = a[0]->null[i] ? a[1] : a[0];
    o->v[i] = k->v[i];
    o->den[i] = 1;
    o->null[i] = k->null[i];
  }
}
void FnInRegion(const EvalCtx&, const Expr& call, const Vec* const* a, int n, Vec* o) {
  // The checker stored the prefix as a number in num and its divisor in den.
  const int64_t prefix = call.kids[1]->num;
  const int64_t div = call.kids[1]->den;
  Map(a, 1, n, o, [&](int i) -> Val { return {a[0]->v[i] / div == prefix, true}; });
}
void FnContributionMonths(const EvalCtx& c, const Expr&, const Vec* const* a, int n, Vec* o) {
  Map(a, 2, n, o, [&](int i) -> Val {
    return {ConsecutiveMonths(c, R(a[0]->v[i]), R(a[1]->v[i])), true};
  });
}
void FnSelfPaidMonths(const EvalCtx& c, const Expr&, const Vec* const* a, int n, Vec* o) {
  Map(a, 1, n, o, [&](int i) -> Val {
    return {ConsecutiveMonths(c, R(a[0]->v[i]), kNoRow), true};
  });
}
void FnMonthsEmployed(const EvalCtx& c, const Expr&, const Vec* const* a, int n, Vec* o) {
  const auto& m = c.f.employments;
  Map(a, 1, n, o, [&](int i) -> Val {
    const Row e = R(a[0]->v[i]);
    const Date s = m.start[e], end = m.end[e];
    if (s.days() == kNoDay || end.days() == kNoDay) return {0, false};
    if (s > c.as_of) return {0, true};
    const Date until = end >= c.as_of ? c.as_of : end.AddDays(1);
    return {s.MonthsUntil(until), true};
  });
}
void FnStillEmployed(const EvalCtx& c, const Expr&, const Vec* const* a, int n, Vec* o) {
  const auto& m = c.f.employments;
  Map(a, 1, n, o, [&](int i) -> Val {
    const Row e = R(a[0]->v[i]);
    if (m.start[e].days() == kNoDay || m.end[e].days() == kNoDay) return {0, false};
    return {m.start[e] <= c.as_of && c.as_of <= m.end[e], true};
  });
}
void FnEmployedAt(const EvalCtx& c, const Expr&, const Vec* const* a, int n, Vec* o) {
  const auto& m = c.f.employments;
  Map(a, 2, n, o, [&](int i) -> Val {
    const Row p = R(a[0]->v[i]);
    const Date d = D(a[1]->v[i]);
    bool unknown = false;
    for (const Row* e = c.ix.person_employments.begin(p); e != c.ix.person_employments.end(p);
         ++e) {
      if (m.start[*e].days() == kNoDay || m.end[*e].days() == kNoDay) {
        unknown = true;
        continue;
      }
      if (m.start[*e] <= d && d <= m.end[*e]) return {1, true};
    }
    return {0, !unknown};
  });
}
void FnYearsOperating(const EvalCtx& c, const Expr&, const Vec* const* a, int n, Vec* o) {
  Map(a, 1, n, o, [&](int i) -> Val {
    const Date l = c.f.businesses.licence_date[R(a[0]->v[i])];
    if (l.days() == kNoDay) return {0, false};
    return {l.MonthsUntil(c.as_of) / 12, true};
  });
}
void FnFirstBusiness(const EvalCtx& c, const Expr&, const Vec* const* a, int n, Vec* o) {
  const auto& b = c.f.businesses;
  Map(a, 1, n, o, [&](int i) -> Val {
    const Row me = R(a[0]->v[i]);
    if (b.founder_offsets[me] == b.founder_offsets[me + 1]) return {0, false};
    const Row founder = b.founders[b.founder_offsets[me]];
    const Date mine = b.licence_date[me];
    if (mine.days() == kNoDay) return {0, false};
    bool unknown = false;
    for (const Row* x = c.ix.person_businesses.begin(founder);
         x != c.ix.person_businesses.end(founder); ++x) {
      if (*x == me) continue;
      const Date other = b.licence_date[*x];
      if (other.days() == kNoDay) {
        unknown = true;
      } else if (other < mine || (other == mine && *x < me)) {
        return {0, true};
      }
    }
    return {1, !unknown};
  });
}
void FnRetentionRate(const EvalCtx& c, const Expr&, const Vec* const* a, int n, Vec* o) {
  const auto& t = c.f.internships;
  for (int i = 0; i < n; ++i) {
    o->null[i] = 1;
    o->den[i] = 1;
    if (a[0]->null[i]) continue;
    const Row base = R(a[0]->v[i]);
    int64_t finished = 0, hired = 0;
    bool unknown = false;
    for (const Row* x = c.ix.employer_internships.begin(base);
         x != c.ix.employer_internships.end(base); ++x) {
      if (t.finished[*x] != Tri::kTrue || t.end[*x].days() == kNoDay || t.end[*x] > c.as_of)
        continue;
      ++finished;
      if (t.hired_after[*x] == Tri::kUnknown) unknown = true;
      hired += t.hired_after[*x] == Tri::kTrue;
    }
    if (finished == 0 || unknown) continue;
    o->v[i] = hired;
    o->den[i] = finished;
    o->null[i] = 0;
  }
}
void FnInternshipMonths(const EvalCtx& c, const Expr&, const Vec* const* a, int n, Vec* o) {
  const auto& t = c.f.internships;
  Map(a, 1, n, o, [&](int i) -> Val {
    const Row x = R(a[0]->v[i]);
    if (t.start[x].days() == kNoDay || t.end[x].days() == kNoDay) return {0, false};
    const Date last = std::min(t.end[x], c.as_of);
    if (last < t.start[x]) return {0, true};
    return {t.start[x].MonthsUntil(last.AddDays(1)), true};
  });
}
void FnReceivesDibao(const EvalCtx& c, const Expr&, const Vec* const* a, int n, Vec* o) {
  Map(a, 1, n, o, [&](int i) -> Val {
    const Row h = c.f.persons.household[R(a[0]->v[i])];
    if (h == kNoRow) return {0, false};
    return {DibaoIn(c, h, c.as_of_month - 1) > 0, true};
  });
}
void FnDibaoReduction(const EvalCtx& c, const Expr&, const Vec* const* a, int n, Vec* o) {
  Map(a, 2, n, o, [&](int i) -> Val {
    const Row h = c.f.persons.household[R(a[0]->v[i])];
    if (h == kNoRow || !Real(a[1]->v[i])) return {0, false};
    const int64_t before = DibaoIn(c, h, MonthOf(D(a[1]->v[i])) - 1);
    if (before < 0) return {0, false};
    const int64_t now = std::max<int64_t>(DibaoIn(c, h, c.as_of_month - 1), 0);
    return {std::max<int64_t>(before - now, 0), true};
  });
}
void FnFirstAppraisal(const EvalCtx& c, const Expr&, const Vec* const* a, int n, Vec* o) {
  const auto& t = c.f.trainings;
  Map(a, 1, n, o, [&](int i) -> Val {
    const Row me = R(a[0]->v[i]);
    if (t.end[me].days() == kNoDay) return {0, false};
    const Row p = t.person[me];
    for (const Row* x = c.ix.person_trainings.begin(p); x != c.ix.person_trainings.end(p); ++x) {
      if (*x == me || t.kind[*x] != TrainingKind::kSkillAppraisal ||
          t.certificate[*x] != Tri::kTrue || t.end[*x].days() == kNoDay)
        continue;
      if (t.end[*x] < t.end[me] || (t.end[*x] == t.end[me] && *x < me)) return {0, true};
    }
    return {1, true};
  });
}
void FnKeyGroupEmployees(const EvalCtx& c, const Expr&, const Vec* const* a, int n, Vec* o) {
  const auto& m = c.f.employments;
  std::vector<Row> people;
  Map(a, 3, n, o, [&](int i) -> Val {
    const Row emp = R(a[0]->v[i]);
    const int64_t y = a[1]->v[i];
    if (y < 1900 || y > 9999) return {0, false};
    const Date jan1 = Date::FromYmdUnchecked(static_cast<int>(y), 1, 1);
    const Date dec31 = Date::FromYmdUnchecked(static_cast<int>(y), 12, 31);
    people.clear();
    for (const Row* e = c.ix.employer_employments.begin(emp);
         e != c.ix.employer_employments.end(emp); ++e) {
      if (m.start[*e].days() == kNoDay || m.start[*e] > dec31 || m.end[*e] < jan1) continue;
      const Date at = std::max(m.start[*e], jan1);
      if (HasCategory(c.f, m.person[*e], static_cast<uint64_t>(a[2]->v[i]), at))
        people.push_back(m.person[*e]);
    }
    std::sort(people.begin(), people.end());
    return {std::unique(people.begin(), people.end()) - people.begin(), true};
  });
}
void FnMinMax(const Vec* const* a, int n, Vec* o, bool is_min) {
  Map(a, 2, n, o, [&](int i) -> Val {
    return {is_min ? std::min(a[0]->v[i], a[1]->v[i]) : std::max(a[0]->v[i], a[1]->v[i]), true};
  });
}
void FnMin(const EvalCtx&, const Expr&, const Vec* const* a, int n, Vec* o) {
  FnMinMax(a, n, o, true);
}
void FnMax(const EvalCtx&, const Expr&, const Vec* const* a, int n, Vec* o) {
  FnMinMax(a, n, o, false);
}
void Scale(const Vec* const* a, int n, Vec* o, int64_t k) {
  Map(a, 1, n, o, [&](int i) -> Val { return {a[0]->v[i] * k, true}; });
}
void FnMonths(const EvalCtx&, const Expr&, const Vec* const* a, int n, Vec* o) {
  Scale(a, n, o, 1);
}
void FnYears(const EvalCtx&, const Expr&, const Vec* const* a, int n, Vec* o) {
  Scale(a, n, o, 12);
}
void FnDays(const EvalCtx&, const Expr&, const Vec* const* a, int n, Vec* o) { Scale(a, n, o, 1); }

const Type kPersonE = EntityT(Entity::kPerson);
const Type kEmployerE = EntityT(Entity::kEmployer);
const Type kCategorySet = SetT(EnumId::kCategory);

}  // namespace

const std::vector<FieldDef>& Fields() {
  using E = Entity;
  static const std::vector<FieldDef> v = {
      {E::kPerson, "birth_date", kDateT, "出生日期", BANGFU_COL(persons.birth_date, DateConv)},
      {E::kPerson, "sex", EnumT(EnumId::kSex), "性别", BANGFU_COL(persons.sex, EnumConv<Sex>)},
      {E::kPerson, "hukou_region", kRegionT, "户籍地", BANGFU_COL(persons.hukou_region, CodeConv)},
      {E::kPerson, "residence_region", kRegionT, "居住地",
       BANGFU_COL(persons.residence_region, CodeConv)},
      {E::kPerson, "education", EnumT(EnumId::kEducation), "学历",
       BANGFU_COL(persons.education, EducationConv)},
      {E::kPerson, "graduation_date", kDateT, "毕业时间",
       BANGFU_COL(persons.graduation_date, DateConv)},
      {E::kPerson, "rural_hukou", kBoolT, "农村户籍", BANGFU_COL(persons.rural_hukou, TriConv)},
      {E::kHousehold, "zero_employment_since", kDateT, "零就业家庭认定日期",
       BANGFU_COL(households.zero_employment_since, DateConv)},
      {E::kEmployer, "size", EnumT(EnumId::kEmployerSize), "企业规模",
       BANGFU_COL(employers.size_class, EnumConv<EmployerSize>)},
      {E::kEmployer, "kind", EnumT(EnumId::kOrgKind), "单位类型",
       BANGFU_COL(employers.kind, EnumConv<OrgKind>)},
      {E::kEmployer, "region", kRegionT, "单位所在地", BANGFU_COL(employers.region, CodeConv)},
      {E::kEmployer, "base_recognised", kDateT, "见习基地认定日期",
       BANGFU_COL(employers.base_recognised, NeverConv)},
      {E::kEmployer, "quality_base_recognised", kDateT, "高质量就业基地认定日期",
       BANGFU_COL(employers.quality_base_recognised, NeverConv)},
      {E::kEmployer, "incubator_recognised", kDateT, "孵化基地认定日期",
       BANGFU_COL(employers.incubator_recognised, NeverConv)},
      {E::kEmployer, "incubator_level", EnumT(EnumId::kIncubatorLevel), "孵化基地级别",
       BANGFU_COL(employers.incubator_level, EnumConv<IncubatorLevel>)},
      {E::kEmployer, "workshop_grade", EnumT(EnumId::kWorkshopGrade), "帮扶车间评估等次",
       BANGFU_COL(employers.workshop_grade, EnumConv<WorkshopGrade>)},
      {E::kEmployer, "workshop_year", kIntT, "帮扶车间评估年度",
       BANGFU_COL(employers.workshop_year, YearConv)},
      {E::kEmployer, "workshop_stable_jobs", kIntT, "帮扶车间稳岗就业人数",
       BANGFU_COL(employers.workshop_stable_jobs, CountConv)},
      {E::kEmployment, "kind", EnumT(EnumId::kEmploymentKind), "就业形式",
       BANGFU_COL(employments.kind, EnumConv<EmploymentKind>)},
      {E::kEmployment, "start", kDateT, "入职日期", BANGFU_COL(employments.start, DateConv)},
      {E::kEmployment, "end", kDateT, "离职日期", BANGFU_COL(employments.end, DateConv)},
      {E::kEmployment, "contract_months", kIntT, "劳动合同期限(月)",
       BANGFU_COL(employments.contract_months, CountConv)},
      {E::kBusiness, "kind", EnumT(EnumId::kOrgKind), "经营主体类型",
       BANGFU_COL(businesses.kind, EnumConv<OrgKind>)},
      {E::kBusiness, "size", EnumT(EnumId::kEmployerSize), "企业规模",
       BANGFU_COL(businesses.size_class, EnumConv<EmployerSize>)},
      {E::kBusiness, "licence_date", kDateT, "营业执照日期",
       BANGFU_COL(businesses.licence_date, DateConv)},
      {E::kBusiness, "closed_date", kDateT, "注销日期",
       BANGFU_COL(businesses.closed_date, DateConv)},
      {E::kBusiness, "region", kRegionT, "经营地", BANGFU_COL(businesses.region, CodeConv)},
      {E::kBusiness, "employees", kIntT, "带动就业人数",
       BANGFU_COL(businesses.employees, CountConv)},
      {E::kBusiness, "online", kBoolT, "网络创业", BANGFU_COL(businesses.online, TriConv)},
      {E::kBusiness, "return_home", kBoolT, "返乡创业",
       BANGFU_COL(businesses.return_home, TriConv)},
      {E::kInternship, "start", kDateT, "见习开始", BANGFU_COL(internships.start, DateConv)},
      {E::kInternship, "end", kDateT, "见习结束", BANGFU_COL(internships.end, DateConv)},
      {E::kInternship, "finished", kBoolT, "完成见习", BANGFU_COL(internships.finished, TriConv)},
      {E::kInternship, "hired_after", kBoolT, "见习后留用",
       BANGFU_COL(internships.hired_after, TriConv)},
      {E::kTraining, "kind", EnumT(EnumId::kTrainingKind), "培训类型",
       BANGFU_COL(trainings.kind, EnumConv<TrainingKind>)},
      {E::kTraining, "course", kStringT, "课程", ReadRow, CourseText},
      {E::kTraining, "start", kDateT, "培训开始", BANGFU_COL(trainings.start, DateConv)},
      {E::kTraining, "end", kDateT, "培训结束", BANGFU_COL(trainings.end, DateConv)},
      {E::kTraining, "days_attended", kIntT, "出勤天数",
       BANGFU_COL(trainings.days_attended, CountConv)},
      {E::kTraining, "subsidised", kBoolT, "补贴性培训", BANGFU_COL(trainings.subsidised, TriConv)},
      {E::kTraining, "completed", kBoolT, "培训合格", BANGFU_COL(trainings.completed, TriConv)},
      {E::kTraining, "certificate", kBoolT, "取得证书", BANGFU_COL(trainings.certificate, TriConv)},
      {E::kPlacement, "start", kDateT, "安置开始", BANGFU_COL(placements.start, DateConv)},
      {E::kPlacement, "end", kDateT, "安置结束", BANGFU_COL(placements.end, DateConv)},
  };
  return v;
}

int FindField(Entity e, std::string_view name) {
  const auto& all = Fields();
  for (size_t i = 0; i < all.size(); ++i)
    if (all[i].entity == e && all[i].name == name) return static_cast<int>(i);
  return -1;
}

const std::vector<FnDef>& Functions() {
  const Type months = DurT(DurationUnit::kMonths);
  static const std::vector<FnDef> v = {
      {"age", {kPersonE, kDateT}, kIntT, 3, "年龄", "岁", FnAge},
      {"is_4050", {kPersonE, kDateT}, kBoolT, 3, "4050人员年龄(女≥40、男≥50)", "", FnIs4050},
      {"has_category", {kPersonE, kCategorySet, kDateT}, kBoolT, 4, "人员类别", "", FnHasCategory},
      {"registered_unemployed",
       {kPersonE, kDateT},
       kBoolT,
       4,
       "登记失业",
       "",
       FnRegisteredUnemployed},
      {"zero_employment", {kPersonE, kDateT}, kBoolT, 5, "零就业家庭", "", FnZeroEmployment},
      {"graduate_of_year", {kPersonE, kDateT}, kBoolT, 3, "应届高校毕业生", "", FnGraduateOfYear},
      {"left_school_within",
       {kPersonE, kDateT, kAnyDuration},
       kBoolT,
       3,
       "离校期限内",
       "",
       FnLeftSchoolWithin},
      {"year", {kDateT}, kIntT, 2, "年份", "年", FnYear},
      {"month_start", {kDateT}, kDateT, 2, "所在月的第一天", "", FnMonthStart},
      {"first_known", {kDateT, kDateT}, kDateT, 1, "首个已知日期", "", FnFirstKnown},
      {"in_region", {kRegionT, kStringT}, kBoolT, 1, "所属地区", "", FnInRegion},
      {"contribution_months",
       {kPersonE, kEmployerE},
       kIntT,
       40,
       "本单位连续缴纳社保",
       "个月",
       FnContributionMonths},
      {"self_paid_months", {kPersonE}, kIntT, 40, "个人连续缴纳社保", "个月", FnSelfPaidMonths},
      {"months_employed",
       {EntityT(Entity::kEmployment)},
       kIntT,
       3,
       "已就业",
       "个月",
       FnMonthsEmployed},
      {"still_employed", {EntityT(Entity::kEmployment)}, kBoolT, 2, "仍在职", "", FnStillEmployed},
      {"employed_at", {kPersonE, kDateT}, kBoolT, 20, "处于就业状态", "", FnEmployedAt},
      {"years_operating",
       {EntityT(Entity::kBusiness)},
       kIntT,
       3,
       "正常经营",
       "年",
       FnYearsOperating},
      {"first_business", {EntityT(Entity::kBusiness)}, kBoolT, 20, "首次创业", "", FnFirstBusiness},
      {"retention_rate", {kEmployerE}, kRatioT, 30, "见习留用率", "", FnRetentionRate},
      {"internship_months",
       {EntityT(Entity::kInternship)},
       kIntT,
       3,
       "见习",
       "个月",
       FnInternshipMonths},
      {"receives_dibao", {kPersonE}, kBoolT, 20, "正在享受低保", "", FnReceivesDibao},
      {"dibao_reduction",
       {kPersonE, kDateT},
       kMoneyT,
       25,
       "家庭核减低保金额",
       "",
       FnDibaoReduction},
      {"first_appraisal",
       {EntityT(Entity::kTraining)},
       kBoolT,
       20,
       "初次职业技能鉴定",
       "",
       FnFirstAppraisal},
      {"key_group_employees",
       {kEmployerE, kIntT, kCategorySet},
       kIntT,
       100,
       "吸纳重点群体就业人数",
       "人",
       FnKeyGroupEmployees},
      {"min", {kIntT, kIntT}, kIntT, 1, "较小值", "", FnMin, true},
      {"max", {kIntT, kIntT}, kIntT, 1, "较大值", "", FnMax, true},
      {"months", {kIntT}, months, 0, "月数", "个月", FnMonths},
      {"years", {kIntT}, months, 0, "年数", "个月", FnYears},
      {"days", {kIntT}, DurT(DurationUnit::kDays), 0, "天数", "天", FnDays},
  };
  return v;
}

int FindFunction(std::string_view name) {
  const auto& all = Functions();
  for (size_t i = 0; i < all.size(); ++i)
    if (all[i].name == name) return static_cast<int>(i);
  return -1;
}

const std::vector<EnumValue>& EnumValues(EnumId e) {
  static const std::vector<EnumValue> kSexV = {{"male", "男", 1}, {"female", "女", 2}};
  static const std::vector<EnumValue> kSizeV = {
      {"micro", "微型", 1}, {"small", "小型", 2}, {"medium", "中型", 3}, {"large", "大型", 4}};
  static const std::vector<EnumValue> kOrgV = {{"enterprise", "企业", 1},
                                               {"individual_business", "个体工商户", 2},
                                               {"partnership", "合伙企业", 3},
                                               {"farmers_cooperative", "农民专业合作社", 4},
                                               {"social_organisation", "社会组织", 5},
                                               {"public_institution", "机关事业单位", 6}};
  static const std::vector<EnumValue> kEmpV = {{"labour_contract", "劳动合同", 1},
                                               {"flexible", "灵活就业", 2},
                                               {"public_welfare_post", "公益性岗位", 3},
                                               {"self_employed", "自主创业", 4},
                                               {"dispatch", "劳务派遣", 5}};
  static const std::vector<EnumValue> kTrainV = {{"skill", "职业技能培训", 1},
                                                 {"startup_awareness", "创业意识培训", 2},
                                                 {"startup_business", "创办企业培训", 3},
                                                 {"startup_online", "网络创业培训", 4},
                                                 {"skill_appraisal", "职业技能鉴定", 5}};
  static const std::vector<EnumValue> kIncV = {{"district", "区级", 1}, {"city", "市级", 2}};
  static const std::vector<EnumValue> kGradeV = {
      {"excellent", "优秀", 1}, {"good", "良好", 2}, {"pass", "合格", 3}, {"failed", "不合格", 4}};
  static const std::vector<EnumValue> kEduV = [] {
    std::vector<EnumValue> v;
    for (const auto& i : domain::Educations())
      v.push_back({i.id, i.label, static_cast<int64_t>(i.value)});
    return v;
  }();
  static const std::vector<EnumValue> kCatV = [] {
    std::vector<EnumValue> v;
    for (const auto& i : domain::Categories())
      v.push_back({i.id, i.label, static_cast<int64_t>(i.value)});
    return v;
  }();
  switch (e) {
    case EnumId::kSex:
      return kSexV;
    case EnumId::kEducation:
      return kEduV;
    case EnumId::kEmployerSize:
      return kSizeV;
    case EnumId::kOrgKind:
      return kOrgV;
    case EnumId::kEmploymentKind:
      return kEmpV;
    case EnumId::kTrainingKind:
      return kTrainV;
    case EnumId::kCategory:
      return kCatV;
    case EnumId::kIncubatorLevel:
      return kIncV;
    case EnumId::kWorkshopGrade:
    case EnumId::kCount:
      break;
  }
  return kGradeV;
}

std::string_view EnumName(EnumId e) {
  static constexpr std::string_view kNames[] = {
      "sex",           "education", "employer size",   "organisation kind", "employment kind",
      "training kind", "category",  "incubator level", "workshop grade"};
  const auto i = static_cast<size_t>(e);
  return i < std::size(kNames) ? kNames[i] : "enum";
}

std::string_view EntityName(Entity e) {
  static constexpr std::string_view kNames[] = {"person",   "household",  "employer", "employment",
                                                "business", "internship", "training", "placement"};
  return kNames[static_cast<size_t>(e)];
}
std::string_view EntityLabel(Entity e) {
  static constexpr std::string_view kNames[] = {"人员",     "家庭", "单位", "就业记录",
                                                "经营主体", "见习", "培训", "公益性岗位安置"};
  return kNames[static_cast<size_t>(e)];
}

std::string TypeName(Type t) {
  switch (t.kind) {
    case TypeKind::kError:
      return "error";
    case TypeKind::kBool:
      return "boolean";
    case TypeKind::kInt:
      return "count";
    case TypeKind::kMoney:
      return "money";
    case TypeKind::kDate:
      return "date";
    case TypeKind::kDuration:
      return t.sub == static_cast<uint8_t>(DurationUnit::kDays) ? "duration in days"
                                                                : "duration in months";
    case TypeKind::kRatio:
      return "ratio";
    case TypeKind::kEnum:
      return std::string(EnumName(static_cast<EnumId>(t.sub)));
    case TypeKind::kSet:
      return "set of " + std::string(EnumName(static_cast<EnumId>(t.sub)));
    case TypeKind::kRegion:
      return "region code";
    case TypeKind::kString:
      return "text";
    case TypeKind::kEntity:
      return std::string(EntityName(static_cast<Entity>(t.sub)));
    case TypeKind::kNumber:
      return "number";
  }
  return "?";
}

std::string FormatMoney(int64_t fen) { return domain::FormatYuan(fen) + "元"; }

std::string FormatValue(Type t, int64_t v, int64_t den, bool null, const Facts* f) {
  if (null) return "缺失";
  switch (t.kind) {
    case TypeKind::kBool:
      return v ? "是" : "否";
    case TypeKind::kMoney:
      return FormatMoney(v);
    case TypeKind::kDate:
      if (v == kOpenDay) return "无";
      return Date::FromDays(static_cast<int32_t>(v)).ToString();
    case TypeKind::kDuration:
      return std::to_string(v) +
             (t.sub == static_cast<uint8_t>(DurationUnit::kDays) ? "天" : "个月");
    case TypeKind::kRatio: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%lld/%lld (%.2f%%)", static_cast<long long>(v),
                    static_cast<long long>(den), den ? 100.0 * v / den : 0.0);
      return buf;
    }
    case TypeKind::kEnum:
      for (const auto& e : EnumValues(static_cast<EnumId>(t.sub)))
        if (e.code == v) return std::string(e.label);
      return std::to_string(v);
    case TypeKind::kSet: {
      std::string s = "{";
      for (const auto& e : EnumValues(static_cast<EnumId>(t.sub))) {
        if (!((static_cast<uint64_t>(v) >> e.code) & 1)) continue;
        if (s.size() > 1) s += "、";
        s += e.label;
      }
      return s + "}";
    }
    case TypeKind::kEntity: {
      if (!f) return "#" + std::to_string(v);
      const Row r = static_cast<Row>(v);
      switch (static_cast<Entity>(t.sub)) {
        case Entity::kPerson:
          return "人员#" + std::to_string(f->persons.id[r]);
        case Entity::kHousehold:
          return "家庭#" + std::to_string(f->households.id[r]);
        case Entity::kEmployer:
          return "单位#" + std::to_string(f->employers.id[r]);
        case Entity::kEmployment:
          return "就业#" + std::to_string(f->employments.id[r]);
        case Entity::kBusiness:
          return "主体#" + std::to_string(f->businesses.id[r]);
        case Entity::kInternship:
          return "见习#" + std::to_string(f->internships.id[r]);
        case Entity::kTraining:
          return "培训#" + std::to_string(f->trainings.id[r]);
        case Entity::kPlacement:
          return "安置#" + std::to_string(f->placements.id[r]);
      }
      return "#" + std::to_string(v);
    }
    default:
      return std::to_string(v);
  }
}

}  // namespace bangfu::policy
