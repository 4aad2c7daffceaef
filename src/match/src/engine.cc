#include "bangfu/match/engine.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>

namespace bangfu::match {
namespace {

using domain::Category;
using domain::Education;

// Score contributions (see docs/matching.md for the reasoning).
constexpr double kOccExact = 0.40, kOccMinor = 0.28, kOccMiddle = 0.16;
constexpr double kRegionTown = 0.20, kRegionCounty = 0.15, kRegionCity = 0.08,
                 kRegionProvince = 0.03;
constexpr double kEduMeets = 0.10, kEduOneBelow = -0.05, kEduFarBelow = -0.15;
constexpr double kMajorMatch = 0.08, kMajorAny = 0.04;
constexpr double kSkills = 0.10;
constexpr double kSalaryCovered = 0.08, kSalaryUnstated = 0.04, kSalaryNear = 0.02,
                 kSalaryFar = -0.05;
constexpr double kKindPriority = 0.05, kKindGraduate = 0.03;
constexpr double kWarnDiscriminationPenalty = -0.20, kWarnArrearsPenalty = -0.10;

constexpr RegionCode kCityDiv = 100000000ULL;        // 12 → 4 digits.
constexpr RegionCode kProvinceDiv = 10000000000ULL;  // 12 → 2 digits.
constexpr RegionCode kCountyDiv = 1000000ULL;        // 12 → 6 digits.

// Common prefix depth of two region codes: 12 village, 9 town, 6 county, 4 city, 2 province.
int CommonRegionDigits(RegionCode a, RegionCode b) {
  if (a == 0 || b == 0) return 0;
  if (a == b) return 12;
  if (a / 1000 == b / 1000) return 9;
  if (a / kCountyDiv == b / kCountyDiv) return 6;
  if (a / kCityDiv == b / kCityDiv) return 4;
  if (a / kProvinceDiv == b / kProvinceDiv) return 2;
  return 0;
}

// Finest level at which two codes agree: 4 same code, 3 same 小类, 2 same 中类, 0 none.
int OccMatchLevel(OccCode want, OccCode have) {
  if (want == 0 || have == 0) return 0;
  if (want == have) return 4;
  const bool both_minor =
      ShapeLevel(want) >= OccupationLevel::kMinor && ShapeLevel(have) >= OccupationLevel::kMinor;
  if (both_minor &&
      AncestorAt(want, OccupationLevel::kMinor) == AncestorAt(have, OccupationLevel::kMinor))
    return 3;
  if (ShapeLevel(want) >= OccupationLevel::kMiddle &&
      ShapeLevel(have) >= OccupationLevel::kMiddle &&
      AncestorAt(want, OccupationLevel::kMiddle) == AncestorAt(have, OccupationLevel::kMiddle))
    return 2;
  return 0;
}

std::string Yuan(int64_t v) { return std::to_string(v); }

// Interned strings (skills, majors) → small ids; 0 is "none".
class Interner {
 public:
  uint32_t Intern(const std::string& s) {
    if (s.empty()) return 0;
    auto [it, inserted] = ids_.emplace(s, static_cast<uint32_t>(names_.size() + 1));
    if (inserted) names_.push_back(s);
    return it->second;
  }
  // 0 when the string was never interned.
  uint32_t Find(const std::string& s) const {
    auto it = ids_.find(s);
    return it == ids_.end() ? 0 : it->second;
  }
  const std::string& Name(uint32_t id) const { return names_[id - 1]; }
  int64_t Bytes() const {
    int64_t b = static_cast<int64_t>(ids_.bucket_count() * sizeof(void*));
    for (const auto& n : names_) b += 64 + static_cast<int64_t>(n.capacity());
    return b;
  }

 private:
  std::unordered_map<std::string, uint32_t> ids_;
  std::vector<std::string> names_;
};

std::vector<uint32_t> InternSorted(Interner& in, const std::vector<std::string>& v) {
  std::vector<uint32_t> out;
  for (const auto& s : v)
    if (uint32_t id = in.Intern(s)) out.push_back(id);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  out.shrink_to_fit();
  return out;
}

struct PostingRec {
  uint64_t id = 0;
  RegionCode region = 0;
  OccCode occ = 0;
  int32_t openings = 0;
  int32_t salary_min = 0, salary_max = 0;
  uint32_t warnings = 0;
  Education edu_min = Education::kJuniorOrBelow;
  WorkKind kind = WorkKind::kFullTime;
  bool live = false;
  std::vector<uint32_t> majors, skills;
};

struct PersonRec {
  uint64_t id = 0;
  RegionCode region = 0;
  std::vector<OccCode> desired;
  std::vector<uint32_t> skills;
  uint32_t major = 0;
  uint32_t categories = 0;
  int32_t salary = 0;
  Education edu = Education::kJuniorOrBelow;
  bool graduate = false;
  bool live = false;
};

// Lists of slots under 64-bit keys; append on insert, swap-remove on delete.
class SlotIndex {
 public:
  void Add(uint64_t key, uint32_t slot) { lists_[key].push_back(slot); }
  void Remove(uint64_t key, uint32_t slot) {
    auto it = lists_.find(key);
    if (it == lists_.end()) return;
    auto& v = it->second;
    auto pos = std::find(v.begin(), v.end(), slot);
    if (pos != v.end()) {
      *pos = v.back();
      v.pop_back();
    }
    if (v.empty()) lists_.erase(it);
  }
  const std::vector<uint32_t>* Find(uint64_t key) const {
    auto it = lists_.find(key);
    return it == lists_.end() ? nullptr : &it->second;
  }
  int64_t Bytes() const {
    int64_t b = static_cast<int64_t>(lists_.bucket_count() * sizeof(void*));
    for (const auto& [k, v] : lists_)
      b += 48 + static_cast<int64_t>(v.capacity() * sizeof(uint32_t));
    return b;
  }

 private:
  std::unordered_map<uint64_t, std::vector<uint32_t>> lists_;
};

// Index keys: (occupation level, region scope, code at that level, region prefix at that
// scope). A record is filed under its code's exact, 小类 and 中类 codes, each in its county,
// city and province (exact also nationwide), and under its county for any occupation.
enum class Level : uint64_t { kAny = 0, kExact = 1, kMinor = 2, kMiddle = 3 };
enum class Scope : uint64_t { kNation = 0, kProvince = 1, kCity = 2, kCounty = 3, kTown = 4 };

OccCode CodeAt(OccCode c, Level level) {
  if (level == Level::kExact) return c;
  if (level == Level::kMinor)
    return ShapeLevel(c) >= OccupationLevel::kMinor ? AncestorAt(c, OccupationLevel::kMinor) : 0;
  if (level == Level::kMiddle)
    return ShapeLevel(c) >= OccupationLevel::kMiddle ? AncestorAt(c, OccupationLevel::kMiddle) : 0;
  return 0;
}

uint64_t Key(Level level, Scope scope, OccCode code, RegionCode r) {
  static const RegionCode kDiv[] = {0, kProvinceDiv, kCityDiv, kCountyDiv, 1000};
  const uint64_t prefix = scope == Scope::kNation ? 0 : r / kDiv[static_cast<int>(scope)];
  return (static_cast<uint64_t>(level) << 62) | (static_cast<uint64_t>(scope) << 59) |
         (uint64_t{code} << 32) | prefix;
}

// Every key a record with occupation `c` in region `r` is filed under (without the any-
// occupation county key).
void AppendKeys(OccCode c, RegionCode r, std::vector<uint64_t>& out) {
  for (Level level : {Level::kExact, Level::kMinor, Level::kMiddle}) {
    const OccCode code = CodeAt(c, level);
    if (code == 0) continue;
    for (Scope scope : {Scope::kProvince, Scope::kCity, Scope::kCounty, Scope::kTown})
      out.push_back(Key(level, scope, code, r));
    if (level == Level::kExact) out.push_back(Key(level, Scope::kNation, code, r));
  }
}

// The candidate lists in the order they are read, each with the highest occupation plus region
// contribution a record first met in it can have (records nearer were met in earlier tiers).
// Adding the most the other factors can give for the querying side (RestBound) bounds every
// score still unseen; reading stops before a tier whose bound cannot beat the k-th best score
// kept, so the top-k equals that of scoring every record of every tier.
struct Tier {
  Level level;
  Scope scope;
  double bound;
};

const std::vector<Tier>& Tiers() {
  static const std::vector<Tier> tiers = [] {
    std::vector<Tier> t = {
        {Level::kExact, Scope::kTown, kOccExact + kRegionTown},
        {Level::kExact, Scope::kCounty, kOccExact + kRegionCounty},
        {Level::kExact, Scope::kCity, kOccExact + kRegionCity},
        {Level::kMinor, Scope::kTown, kOccMinor + kRegionTown},
        {Level::kMinor, Scope::kCounty, kOccMinor + kRegionCounty},
        {Level::kExact, Scope::kProvince, kOccExact + kRegionProvince},
        {Level::kExact, Scope::kNation, kOccExact},
        {Level::kMinor, Scope::kCity, kOccMinor + kRegionCity},
        {Level::kMiddle, Scope::kTown, kOccMiddle + kRegionTown},
        {Level::kMiddle, Scope::kCounty, kOccMiddle + kRegionCounty},
        {Level::kMinor, Scope::kProvince, kOccMinor + kRegionProvince},
        {Level::kMiddle, Scope::kCity, kOccMiddle + kRegionCity},
        {Level::kAny, Scope::kCounty, kRegionTown},
        {Level::kMiddle, Scope::kProvince, kOccMiddle + kRegionProvince},
    };
    std::stable_sort(t.begin(), t.end(),
                     [](const Tier& a, const Tier& b) { return a.bound > b.bound; });
    return t;
  }();
  return tiers;
}

// The most education, major, skills, salary, work kind and warnings can add to any pair with
// this person (or posting): each factor at its best for what this side has.
double RestBound(const PersonRec& a) {
  const bool hardship = (a.categories & HardshipCategories()) != 0;
  return kEduMeets + (a.major ? kMajorMatch : kMajorAny) + (a.skills.empty() ? 0.0 : kSkills) +
         (a.salary ? kSalaryCovered : kSalaryUnstated) +
         std::max(hardship ? kKindPriority : 0.0, a.graduate ? kKindGraduate : 0.0);
}
double RestBound(const PostingRec& j) {
  double kind = 0;
  if (j.kind == WorkKind::kPublicWelfare) kind = kKindPriority;
  if (j.kind == WorkKind::kGrassroots || j.kind == WorkKind::kInternship) kind = kKindGraduate;
  return kEduMeets + (j.majors.empty() ? kMajorAny : kMajorMatch) +
         (j.skills.empty() ? 0.0 : kSkills) + (j.salary_max ? kSalaryCovered : kSalaryUnstated) +
         kind + ((j.warnings & kWarnDiscrimination) ? kWarnDiscriminationPenalty : 0.0) +
         ((j.warnings & kWarnWageArrears) ? kWarnArrearsPenalty : 0.0);
}

struct Seen {
  std::vector<uint32_t> stamp;
  uint32_t gen = 0;
  void Start(size_t n) {
    if (stamp.size() < n) stamp.resize(n, 0);
    if (++gen == 0) {
      std::fill(stamp.begin(), stamp.end(), 0);
      gen = 1;
    }
  }
  bool Mark(uint32_t slot) {
    if (stamp[slot] == gen) return false;
    stamp[slot] = gen;
    return true;
  }
};

struct Scored {
  double score;
  uint64_t id;
  uint32_t slot;
};

// Keeps the best k by (score desc, id asc).
class TopK {
 public:
  explicit TopK(int k) : k_(std::max(0, k)) {}
  static bool Better(const Scored& a, const Scored& b) {
    return a.score != b.score ? a.score > b.score : a.id < b.id;
  }
  void Offer(const Scored& s) {
    if (k_ == 0) return;
    if (static_cast<int>(heap_.size()) < k_) {
      heap_.push_back(s);
      std::push_heap(heap_.begin(), heap_.end(), Better);
    } else if (Better(s, heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), Better);
      heap_.back() = s;
      std::push_heap(heap_.begin(), heap_.end(), Better);
    }
  }
  size_t size() const { return heap_.size(); }
  bool full() const { return k_ > 0 && static_cast<int>(heap_.size()) == k_; }
  // The lowest score kept; only when full().
  double worst() const { return heap_.front().score; }
  std::vector<Scored> Sorted() {
    std::sort(heap_.begin(), heap_.end(), Better);
    return heap_;
  }

 private:
  int k_;
  std::vector<Scored> heap_;  // Heap whose front is the worst kept.
};

bool IsHardship(uint32_t categories) { return (categories & HardshipCategories()) != 0; }

}  // namespace

std::string_view WorkKindId(WorkKind k) {
  static const std::string_view ids[] = {"full_time",  "part_time",      "gig",
                                         "internship", "public_welfare", "grassroots"};
  return ids[static_cast<int>(k)];
}
std::string_view WorkKindLabel(WorkKind k) {
  static const std::string_view labels[] = {"全职",     "兼职",       "零工",
                                            "就业见习", "公益性岗位", "基层岗位"};
  return labels[static_cast<int>(k)];
}
std::optional<WorkKind> ParseWorkKind(std::string_view s) {
  for (int i = 0; i <= static_cast<int>(WorkKind::kGrassroots); ++i) {
    const auto k = static_cast<WorkKind>(i);
    if (s == WorkKindId(k) || s == WorkKindLabel(k)) return k;
  }
  return std::nullopt;
}
std::optional<uint32_t> ParseEmployerWarning(std::string_view s) {
  if (s == "discrimination" || s == "就业歧视") return kWarnDiscrimination;
  if (s == "fraud" || s == "招聘欺诈") return kWarnFraud;
  if (s == "wage_arrears" || s == "欠薪") return kWarnWageArrears;
  return std::nullopt;
}

uint32_t HardshipCategories() {
  return CategoryBit(Category::kDibao) | CategoryBit(Category::kZeroEmployment) |
         CategoryBit(Category::kPovertyAlleviated) | CategoryBit(Category::kLaidOff4050) |
         CategoryBit(Category::kDisabled) | CategoryBit(Category::kLongTermUnemployed) |
         CategoryBit(Category::kHardshipCertified);
}

std::optional<RegionCode> ParseRegionCode(std::string_view s) {
  if (s.size() != 12) return std::nullopt;
  RegionCode v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<RegionCode>(c - '0');
  }
  if (s[0] == '0') return std::nullopt;  // Province codes run from 11 to 82.
  return v;
}

std::optional<RegionRange> RegionPrefixRange(std::string_view s) {
  if (s.size() > 12) return std::nullopt;
  RegionCode v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<RegionCode>(c - '0');
  }
  if (s.empty()) return RegionRange{};
  RegionCode scale = 1;
  for (size_t i = s.size(); i < 12; ++i) scale *= 10;
  return RegionRange{v * scale, (v + 1) * scale};
}

struct Matcher::Impl {
  std::vector<PostingRec> postings;
  std::vector<PersonRec> persons;
  std::vector<uint32_t> free_postings, free_persons;
  std::unordered_map<uint64_t, uint32_t> posting_slot, person_slot;
  SlotIndex posting_index, person_index;  // Occupation keys and county keys.
  Interner skills, majors;
  int64_t live_postings = 0, live_persons = 0;

  static void File(SlotIndex& index, const std::vector<OccCode>& codes, RegionCode region,
                   uint32_t slot, bool add) {
    std::vector<uint64_t> keys;
    for (OccCode c : codes) AppendKeys(c, region, keys);
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    keys.push_back(Key(Level::kAny, Scope::kCounty, 0, region));
    for (uint64_t key : keys) add ? index.Add(key, slot) : index.Remove(key, slot);
  }
  void IndexPosting(const PostingRec& p, uint32_t slot, bool add) {
    File(posting_index, {p.occ}, p.region, slot, add);
  }
  void IndexPerson(const PersonRec& p, uint32_t slot, bool add) {
    File(person_index, p.desired, p.region, slot, add);
  }

  // nullopt when a hard rule forbids the pair.
  std::optional<double> Score(const PersonRec& a, const PostingRec& j,
                              std::vector<Reason>* why) const {
    if (j.openings <= 0) return std::nullopt;
    if (j.warnings & kWarnFraud) return std::nullopt;
    const bool hardship = IsHardship(a.categories);
    if (j.kind == WorkKind::kPublicWelfare && !hardship) return std::nullopt;
    if ((j.kind == WorkKind::kGrassroots || j.kind == WorkKind::kInternship) && !a.graduate)
      return std::nullopt;
    double s = 0;
    auto add = [&](Factor f, double v, auto&& text) {
      s += v;
      if (why) why->push_back({f, v, text()});
    };
    // Occupation: the best of the desired codes, later wishes weighing a little less.
    double occ = 0;
    int occ_level = 0;
    OccCode occ_want = 0;
    for (size_t i = 0; i < a.desired.size(); ++i) {
      const int level = OccMatchLevel(a.desired[i], j.occ);
      const double base = level == 4   ? kOccExact
                          : level == 3 ? kOccMinor
                          : level == 2 ? kOccMiddle
                                       : 0;
      const double v = base * (i == 0 ? 1.0 : i == 1 ? 0.9 : 0.8);
      if (v > occ) {
        occ = v;
        occ_level = level;
        occ_want = a.desired[i];
      }
    }
    add(Factor::kOccupation, occ, [&] {
      if (occ_level == 0) return std::string("职业不在求职意向内");
      const char* lv = occ_level == 4 ? "职业一致" : occ_level == 3 ? "同职业小类" : "同职业中类";
      return std::string(lv) + "（意向 " + FormatOccCode(occ_want) + "，岗位 " +
             FormatOccCode(j.occ) + "）";
    });
    const int digits = CommonRegionDigits(a.region, j.region);
    const double reg = digits >= 9   ? kRegionTown
                       : digits == 6 ? kRegionCounty
                       : digits == 4 ? kRegionCity
                       : digits == 2 ? kRegionProvince
                                     : 0;
    add(Factor::kRegion, reg, [&] {
      return std::string(digits >= 9   ? "同镇街"
                         : digits == 6 ? "同区县"
                         : digits == 4 ? "同市"
                         : digits == 2 ? "同省"
                                       : "不同省份");
    });
    const int gap = static_cast<int>(j.edu_min) - static_cast<int>(a.edu);
    add(Factor::kEducation,
        gap <= 0   ? kEduMeets
        : gap == 1 ? kEduOneBelow
                   : kEduFarBelow,
        [&] {
          return std::string(gap <= 0 ? "学历符合（" : "学历低于要求（") +
                 std::string(domain::Label(a.edu)) + "，要求" +
                 std::string(domain::Label(j.edu_min)) + "及以上）";
        });
    if (j.majors.empty()) {
      add(Factor::kMajor, kMajorAny, [] { return std::string("不限专业"); });
    } else {
      const bool hit = a.major && std::binary_search(j.majors.begin(), j.majors.end(), a.major);
      add(Factor::kMajor, hit ? kMajorMatch : 0.0, [&] {
        return hit ? "专业对口（" + majors.Name(a.major) + "）" : std::string("专业不在岗位要求内");
      });
    }
    if (!j.skills.empty()) {
      std::vector<uint32_t> common;
      std::set_intersection(a.skills.begin(), a.skills.end(), j.skills.begin(), j.skills.end(),
                            std::back_inserter(common));
      add(Factor::kSkills, kSkills * common.size() / j.skills.size(), [&] {
        std::string t =
            "技能匹配 " + std::to_string(common.size()) + "/" + std::to_string(j.skills.size());
        for (size_t i = 0; i < common.size(); ++i) t += (i ? "、" : "：") + skills.Name(common[i]);
        return t;
      });
    }
    if (a.salary == 0 || j.salary_max == 0) {
      add(Factor::kSalary, kSalaryUnstated, [] { return std::string("薪资未注明或无期望"); });
    } else {
      const double v = a.salary <= j.salary_max           ? kSalaryCovered
                       : a.salary * 5 <= j.salary_max * 6 ? kSalaryNear
                                                          : kSalaryFar;
      add(Factor::kSalary, v, [&] {
        return std::string(a.salary <= j.salary_max ? "薪资符合期望" : "期望薪资高于岗位上限") +
               "（岗位 " + Yuan(j.salary_min) + "–" + Yuan(j.salary_max) + " 元/月，期望 " +
               Yuan(a.salary) + " 元）";
      });
    }
    if (j.kind == WorkKind::kPublicWelfare) {
      add(Factor::kWorkKind, kKindPriority,
          [] { return std::string("公益性岗位，优先安置就业困难人员"); });
    } else if (j.kind == WorkKind::kGrassroots || j.kind == WorkKind::kInternship) {
      add(Factor::kWorkKind, kKindGraduate,
          [&] { return std::string(WorkKindLabel(j.kind)) + "，面向高校毕业生"; });
    }
    if (j.warnings & kWarnDiscrimination)
      add(Factor::kEmployerWarning, kWarnDiscriminationPenalty,
          [] { return std::string("用人单位有就业歧视记录"); });
    if (j.warnings & kWarnWageArrears)
      add(Factor::kEmployerWarning, kWarnArrearsPenalty,
          [] { return std::string("用人单位有欠薪记录"); });
    return s;
  }

  std::vector<Match> Finish(TopK& top, bool explain, const PersonRec* person,
                            const PostingRec* posting) const {
    std::vector<Match> out;
    for (const Scored& sc : top.Sorted()) {
      Match m{sc.id, std::round(sc.score * 1e4) / 1e4, {}};
      if (explain) {
        const PersonRec& a = person ? *person : persons[sc.slot];
        const PostingRec& j = posting ? *posting : postings[sc.slot];
        (void)Score(a, j, &m.reasons);
      }
      out.push_back(std::move(m));
    }
    return out;
  }

  // The best k by `score(slot)` (nullopt = forbidden pair) of the records filed under
  // `codes` around `region` in `index`, reading the tiers in order (see Tier).
  template <typename ScoreSlot>
  TopK Gather(const SlotIndex& index, size_t slots, int k, const std::vector<OccCode>& codes,
              RegionCode region, double rest_bound, ScoreSlot score) const {
    TopK top(k);
    if (k <= 0) return top;
    thread_local Seen seen;
    seen.Start(slots);
    auto visit = [&](const std::vector<uint32_t>* list) {
      if (!list) return;
      for (uint32_t slot : *list)
        if (seen.Mark(slot))
          if (auto s = score(slot)) top.Offer(*s);
    };
    for (const Tier& tier : Tiers()) {
      if (top.full() && top.worst() > tier.bound + rest_bound + 1e-9) break;
      if (tier.level == Level::kAny) {
        visit(index.Find(Key(Level::kAny, tier.scope, 0, region)));
        continue;
      }
      for (OccCode c : codes)
        if (OccCode code = CodeAt(c, tier.level))
          visit(index.Find(Key(tier.level, tier.scope, code, region)));
    }
    return top;
  }

  std::vector<Match> PostingsFor(const PersonRec& a, int k, bool explain) const {
    TopK top = Gather(posting_index, postings.size(), k, a.desired, a.region, RestBound(a),
                      [&](uint32_t slot) -> std::optional<Scored> {
                        const PostingRec& j = postings[slot];
                        auto s = Score(a, j, nullptr);
                        if (!s) return std::nullopt;
                        return Scored{*s, j.id, slot};
                      });
    return Finish(top, explain, &a, nullptr);
  }

  std::vector<Match> PersonsFor(const PostingRec& j, int k, bool explain,
                                RegionRange within) const {
    TopK top = Gather(person_index, persons.size(), k, {j.occ}, j.region, RestBound(j),
                      [&](uint32_t slot) -> std::optional<Scored> {
                        const PersonRec& a = persons[slot];
                        if (!within.Contains(a.region)) return std::nullopt;
                        auto s = Score(a, j, nullptr);
                        if (!s) return std::nullopt;
                        return Scored{*s, a.id, slot};
                      });
    return Finish(top, explain, nullptr, &j);
  }
};

Matcher::Matcher() : impl_(std::make_unique<Impl>()) {}
Matcher::~Matcher() = default;

namespace {

// A free slot (reused first) in `recs`.
template <typename Rec>
uint32_t AllocSlot(std::vector<Rec>& recs, std::vector<uint32_t>& free) {
  if (!free.empty()) {
    const uint32_t slot = free.back();
    free.pop_back();
    return slot;
  }
  recs.emplace_back();
  return static_cast<uint32_t>(recs.size() - 1);
}

// Unindexes and frees the record of `id`; false when there is none.
template <typename Rec, typename Unindex>
bool Release(uint64_t id, std::unordered_map<uint64_t, uint32_t>& slots, std::vector<Rec>& recs,
             std::vector<uint32_t>& free, int64_t& live, Unindex unindex) {
  auto it = slots.find(id);
  if (it == slots.end()) return false;
  const uint32_t slot = it->second;
  unindex(slot);
  recs[slot] = Rec{};
  free.push_back(slot);
  slots.erase(it);
  --live;
  return true;
}

int32_t ClampYuan(int64_t v) { return static_cast<int32_t>(std::clamp<int64_t>(v, 0, 100000000)); }

}  // namespace

Result<void> Matcher::UpsertPosting(const Posting& p) {
  if (p.id == 0) return Error::InvalidArgument("岗位编号不能为空", "id");
  if (!ParseOccCode(FormatOccCode(p.occupation)) || p.occupation == 0)
    return Error::InvalidArgument("岗位职业代码无效", "occupation");
  if (p.region < 100000000000ULL || p.region > 999999999999ULL)
    return Error::InvalidArgument("岗位地区代码应为 12 位", "region");
  if (p.salary_min_yuan < 0 || p.salary_max_yuan < 0 ||
      (p.salary_max_yuan != 0 && p.salary_min_yuan > p.salary_max_yuan))
    return Error::InvalidArgument("薪资范围无效（下限高于上限或为负）", "salary");
  Impl& m = *impl_;
  RemovePosting(p.id);
  const uint32_t slot = AllocSlot(m.postings, m.free_postings);
  PostingRec& r = m.postings[slot];
  r.id = p.id;
  r.region = p.region;
  r.occ = p.occupation;
  r.openings = p.openings;
  r.salary_min = ClampYuan(p.salary_min_yuan);
  r.salary_max = ClampYuan(p.salary_max_yuan);
  r.warnings = p.warnings;
  r.edu_min = p.education_min;
  r.kind = p.kind;
  r.majors = InternSorted(m.majors, p.majors);
  r.skills = InternSorted(m.skills, p.skills);
  r.live = true;
  m.posting_slot[p.id] = slot;
  m.IndexPosting(r, slot, true);
  ++m.live_postings;
  return {};
}

Result<void> Matcher::UpsertPerson(const Person& p) {
  if (p.id == 0) return Error::InvalidArgument("人员编号不能为空", "id");
  for (OccCode c : p.desired)
    if (!ParseOccCode(FormatOccCode(c)) || c == 0)
      return Error::InvalidArgument("求职意向职业代码无效", "desired");
  if (p.region < 100000000000ULL || p.region > 999999999999ULL)
    return Error::InvalidArgument("居住地区代码应为 12 位", "region");
  if (p.expected_salary_yuan < 0) return Error::InvalidArgument("期望薪资不能为负", "salary");
  Impl& m = *impl_;
  RemovePerson(p.id);
  const uint32_t slot = AllocSlot(m.persons, m.free_persons);
  PersonRec& r = m.persons[slot];
  r.id = p.id;
  r.region = p.region;
  r.desired.clear();
  for (OccCode c : p.desired)
    if (std::find(r.desired.begin(), r.desired.end(), c) == r.desired.end()) r.desired.push_back(c);
  r.desired.shrink_to_fit();
  r.skills = InternSorted(m.skills, p.skills);
  r.major = m.majors.Intern(p.major);
  r.categories = p.categories | (p.graduate ? CategoryBit(Category::kGraduate) : 0);
  r.salary = ClampYuan(p.expected_salary_yuan);
  r.edu = p.education;
  r.graduate = p.graduate || (p.categories & CategoryBit(Category::kGraduate));
  r.live = true;
  m.person_slot[p.id] = slot;
  m.IndexPerson(r, slot, true);
  ++m.live_persons;
  return {};
}

bool Matcher::RemovePosting(uint64_t id) {
  Impl& m = *impl_;
  return Release(id, m.posting_slot, m.postings, m.free_postings, m.live_postings,
                 [&](uint32_t slot) { m.IndexPosting(m.postings[slot], slot, false); });
}

bool Matcher::RemovePerson(uint64_t id) {
  Impl& m = *impl_;
  return Release(id, m.person_slot, m.persons, m.free_persons, m.live_persons,
                 [&](uint32_t slot) { m.IndexPerson(m.persons[slot], slot, false); });
}

Result<std::vector<Match>> Matcher::PostingsFor(uint64_t person_id, int k, bool explain) const {
  auto it = impl_->person_slot.find(person_id);
  if (it == impl_->person_slot.end())
    return Error::NotFound("人员不存在: " + std::to_string(person_id), "person");
  return impl_->PostingsFor(impl_->persons[it->second], k, explain);
}

std::vector<Match> Matcher::PostingsFor(const Person& p, int k, bool explain) const {
  PersonRec r;
  r.id = p.id;
  r.region = p.region;
  r.desired = p.desired;
  // Skills and the major are looked up, not interned: unknown ones cannot match anything.
  for (const auto& s : p.skills)
    if (uint32_t id = impl_->skills.Find(s)) r.skills.push_back(id);
  std::sort(r.skills.begin(), r.skills.end());
  r.skills.erase(std::unique(r.skills.begin(), r.skills.end()), r.skills.end());
  r.major = impl_->majors.Find(p.major);
  r.categories = p.categories | (p.graduate ? CategoryBit(Category::kGraduate) : 0);
  r.salary = ClampYuan(p.expected_salary_yuan);
  r.edu = p.education;
  r.graduate = p.graduate || (p.categories & CategoryBit(Category::kGraduate));
  return impl_->PostingsFor(r, k, explain);
}

Result<std::vector<Match>> Matcher::PersonsFor(uint64_t posting_id, int k, bool explain,
                                               RegionRange within) const {
  auto it = impl_->posting_slot.find(posting_id);
  if (it == impl_->posting_slot.end())
    return Error::NotFound("岗位不存在: " + std::to_string(posting_id), "posting");
  return impl_->PersonsFor(impl_->postings[it->second], k, explain, within);
}

MatcherStats Matcher::Stats() const {
  const Impl& m = *impl_;
  MatcherStats s;
  s.postings = m.live_postings;
  s.persons = m.live_persons;
  s.posting_bytes = static_cast<int64_t>(m.postings.capacity() * sizeof(PostingRec)) +
                    m.posting_index.Bytes() +
                    static_cast<int64_t>(m.posting_slot.bucket_count() * sizeof(void*) +
                                         m.posting_slot.size() * 32);
  for (const auto& p : m.postings)
    s.posting_bytes += static_cast<int64_t>((p.majors.capacity() + p.skills.capacity()) * 4);
  s.person_bytes = static_cast<int64_t>(m.persons.capacity() * sizeof(PersonRec)) +
                   m.person_index.Bytes() +
                   static_cast<int64_t>(m.person_slot.bucket_count() * sizeof(void*) +
                                        m.person_slot.size() * 32);
  for (const auto& p : m.persons)
    s.person_bytes += static_cast<int64_t>(p.desired.capacity() * 4 + p.skills.capacity() * 4);
  return s;
}

}  // namespace bangfu::match
