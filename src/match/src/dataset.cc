#include "bangfu/match/dataset.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <sstream>
#include <unordered_map>

#include "bangfu/base/csv.h"
#include "bm25.h"
#include "text.h"

namespace bangfu::match {
namespace {

using domain::Category;
using domain::Education;

const char* const kSkillWords[] = {
    "C1驾照",   "电工证",   "焊工证",    "叉车证",     "消防证",     "健康证",   "Excel",
    "Office",   "CAD",      "Java",      "Python",     "普通话二甲", "英语四级", "教师资格证",
    "初级会计", "护士执业", "Photoshop", "短视频剪辑", "直播带货",   "客户沟通", "中式烹饪",
    "面点制作", "收银系统", "仓储管理",  "数据分析",   "SQL",        "Linux",    "保洁服务",
    "育婴师证", "养老护理", "电商运营",  "电话销售",   "摄影",       "美容护理", "美发造型",
    "汽车维修", "家政服务", "月嫂服务",  "钢筋绑扎",   "砌筑",       "数控编程", "质量检验"};
const char* const kMajors[] = {
    "计算机科学与技术", "会计学",     "护理学",         "学前教育",           "汉语言文学",
    "机械设计",         "电气自动化", "市场营销",       "物流管理",           "英语",
    "土木工程",         "电子商务",   "烹饪工艺与营养", "汽车检测与维修技术", "数字媒体技术",
    "社会工作"};

constexpr int kSkillCount = sizeof kSkillWords / sizeof *kSkillWords;
constexpr int kMajorCount = sizeof kMajors / sizeof *kMajors;

RegionCode Region(int city, int county, int town, int village) {
  return 50ULL * 10000000000ULL + static_cast<RegionCode>(city) * 100000000ULL +
         static_cast<RegionCode>(county) * 1000000ULL + static_cast<RegionCode>(town) * 1000ULL +
         static_cast<RegionCode>(village);
}

// Four distinct skills typical of an occupation, fixed by its code.
std::vector<int> SkillPool(OccCode code) {
  std::vector<int> pool;
  uint64_t h = code * 0x9E3779B97F4A7C15ULL;
  while (pool.size() < 4) {
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ULL;
    const int s = static_cast<int>((h >> 17) % kSkillCount);
    if (std::find(pool.begin(), pool.end(), s) == pool.end()) pool.push_back(s);
  }
  return pool;
}

bool Eligible(const Person& a, const Posting& j) {
  if (j.openings <= 0 || (j.warnings & kWarnFraud)) return false;
  const bool hardship = (a.categories & HardshipCategories()) != 0;
  if (j.kind == WorkKind::kPublicWelfare && !hardship) return false;
  if ((j.kind == WorkKind::kGrassroots || j.kind == WorkKind::kInternship) && !a.graduate)
    return false;
  return true;
}

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += (i ? "|" : "") + v[i];
  return s;
}

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t bar = s.find('|', start);
    if (bar == std::string::npos) bar = s.size();
    if (bar > start) out.push_back(s.substr(start, bar - start));
    start = bar + 1;
  }
  return out;
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

Error RowError(int64_t line, const std::string& column, const std::string& what) {
  return Error::InvalidArgument("第 " + std::to_string(line) + " 行 " + column + ": " + what,
                                "line " + std::to_string(line) + " " + column);
}

Result<int64_t> Int(const csv::Row& row, int col, const std::string& name, bool allow_empty) {
  const std::string& s = row.fields[col];
  if (s.empty() && allow_empty) return int64_t{0};
  int64_t v = 0;
  if (s.empty() || s.size() > 18) return RowError(row.line, name, "应为整数，实为 \"" + s + "\"");
  for (char c : s) {
    if (c < '0' || c > '9') return RowError(row.line, name, "应为整数，实为 \"" + s + "\"");
    v = v * 10 + (c - '0');
  }
  return v;
}

// Reads a CSV with the given columns; calls parse(row, cols) for each record.
template <typename T, typename Parse>
Result<std::vector<T>> ReadTable(std::string_view text, const std::vector<std::string>& columns,
                                 Parse parse) {
  csv::Reader reader(text);
  csv::Row row;
  auto first = reader.Next(row);
  if (!first.ok()) return first.error();
  if (!*first) return Error::InvalidArgument("文件为空", "header");
  auto cols = csv::MapHeader(row, columns);
  if (!cols.ok()) return cols.error();
  std::vector<T> out;
  while (true) {
    auto more = reader.Next(row);
    if (!more.ok()) return more.error();
    if (!*more) break;
    if (row.fields.size() == 1 && row.fields[0].empty()) continue;
    int max_col = *std::max_element(cols->begin(), cols->end());
    if (static_cast<int>(row.fields.size()) <= max_col)
      return RowError(row.line, columns[0], "列数不足");
    auto item = parse(row, *cols);
    if (!item.ok()) return item.error();
    out.push_back(std::move(*item));
  }
  return out;
}

}  // namespace

Dataset Generate(const Taxonomy& tax, const GenerateOptions& o) {
  std::mt19937_64 rng(o.seed);
  std::vector<OccCode> leaves;
  for (const auto& occ : tax.occupations())
    if (occ.level == OccupationLevel::kUnit) leaves.push_back(occ.code);
  std::shuffle(leaves.begin(), leaves.end(), rng);
  std::vector<double> weights;
  for (size_t i = 0; i < leaves.size(); ++i) weights.push_back(1.0 / std::pow(i + 1.0, 0.9));
  std::discrete_distribution<size_t> pick_occ(weights.begin(), weights.end());
  std::unordered_map<OccCode, std::vector<OccCode>> by_minor;
  for (OccCode c : leaves) by_minor[AncestorAt(c, OccupationLevel::kMinor)].push_back(c);

  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  auto random_region = [&] { return Region(uni(1, 2), uni(1, 20), uni(1, 15), uni(1, 10)); };
  auto skill_subset = [&](OccCode c, int n) {
    std::vector<int> pool = SkillPool(c);
    std::shuffle(pool.begin(), pool.end(), rng);
    std::vector<std::string> out;
    for (int i = 0; i < n && i < 4; ++i) out.push_back(kSkillWords[pool[i]]);
    return out;
  };

  Dataset d;
  if (leaves.empty()) return d;
  for (int64_t i = 0; i < o.postings; ++i) {
    Posting p;
    p.id = static_cast<uint64_t>(i + 1);
    p.occupation = leaves[pick_occ(rng)];
    p.openings = uni(1, 5);
    p.education_min = static_cast<Education>(std::min(uni(0, 4), uni(0, 4)));
    if (chance(0.3)) p.majors.push_back(kMajors[uni(0, kMajorCount - 1)]);
    p.skills = skill_subset(p.occupation, uni(1, 3));
    p.salary_min_yuan = 2500 + 500 * uni(0, 13);
    p.salary_max_yuan = p.salary_min_yuan + 500 * uni(1, 6);
    p.region = random_region();
    const int k = uni(0, 99);
    p.kind = k < 70   ? WorkKind::kFullTime
             : k < 80 ? WorkKind::kPartTime
             : k < 88 ? WorkKind::kGig
             : k < 93 ? WorkKind::kInternship
             : k < 97 ? WorkKind::kPublicWelfare
                      : WorkKind::kGrassroots;
    if (chance(0.03)) p.warnings |= kWarnDiscrimination;
    if (chance(0.01)) p.warnings |= kWarnFraud;
    if (chance(0.02)) p.warnings |= kWarnWageArrears;
    d.postings.push_back(std::move(p));
  }
  const uint32_t hardship_cats[] = {
      CategoryBit(Category::kDibao), CategoryBit(Category::kZeroEmployment),
      CategoryBit(Category::kPovertyAlleviated), CategoryBit(Category::kDisabled),
      CategoryBit(Category::kLongTermUnemployed)};
  for (int64_t i = 0; i < o.persons; ++i) {
    Person a;
    a.id = static_cast<uint64_t>(i + 1);
    a.graduate = chance(0.4);
    if (chance(0.2)) a.categories |= hardship_cats[uni(0, 4)];
    if (!d.postings.empty() && chance(2.0 / 3.0)) {
      const Posting& j = d.postings[uni(0, static_cast<int>(d.postings.size()) - 1)];
      OccCode want = j.occupation;
      const auto& sib = by_minor[AncestorAt(want, OccupationLevel::kMinor)];
      if (sib.size() > 1 && chance(0.2)) want = sib[uni(0, static_cast<int>(sib.size()) - 1)];
      a.desired.push_back(want);
      if (chance(0.3)) a.desired.push_back(leaves[pick_occ(rng)]);
      a.region = j.region / 1000000 * 1000000 + static_cast<RegionCode>(uni(1, 15)) * 1000 +
                 static_cast<RegionCode>(uni(1, 10));
      a.education =
          static_cast<Education>(std::min(5, static_cast<int>(j.education_min) + uni(0, 1)));
      a.expected_salary_yuan = j.salary_min_yuan + 500 * uni(-1, 2);
      a.skills = skill_subset(j.occupation, uni(1, 3));
      if (!j.majors.empty() && chance(0.7)) a.major = j.majors[0];
      if (j.kind == WorkKind::kPublicWelfare) a.categories |= hardship_cats[uni(0, 4)];
      if (j.kind == WorkKind::kInternship || j.kind == WorkKind::kGrassroots) a.graduate = true;
    } else {
      const int n = uni(0, 2);
      for (int k = 0; k < n; ++k) a.desired.push_back(leaves[pick_occ(rng)]);
      a.region = random_region();
      a.education = static_cast<Education>(uni(0, 4));
      a.expected_salary_yuan = chance(0.2) ? 0 : 3000 + 500 * uni(0, 12);
      if (!a.desired.empty()) a.skills = skill_subset(a.desired[0], uni(0, 3));
      if (chance(0.5)) a.major = kMajors[uni(0, kMajorCount - 1)];
    }
    if (a.graduate) a.categories |= CategoryBit(Category::kGraduate);
    d.persons.push_back(std::move(a));
  }
  return d;
}

std::vector<LabelledPair> TrueMatches(const Dataset& data) {
  std::vector<LabelledPair> out;
  for (const Person& a : data.persons) {
    for (const Posting& j : data.postings) {
      if (!Eligible(a, j) || a.education < j.education_min) continue;
      if (a.expected_salary_yuan != 0 && j.salary_max_yuan != 0 &&
          a.expected_salary_yuan > j.salary_max_yuan)
        continue;
      bool exact = false, minor = false;
      for (OccCode c : a.desired) {
        exact = exact || c == j.occupation;
        minor = minor || (ShapeLevel(c) >= OccupationLevel::kMinor &&
                          ShapeLevel(j.occupation) >= OccupationLevel::kMinor &&
                          AncestorAt(c, OccupationLevel::kMinor) ==
                              AncestorAt(j.occupation, OccupationLevel::kMinor));
      }
      const bool county = a.region / 1000000 == j.region / 1000000;
      const bool city = a.region / 100000000 == j.region / 100000000;
      int gain = 0;
      if (exact && county)
        gain = 2;
      else if ((exact && city) || (minor && county))
        gain = 1;
      if (gain) out.push_back({a.id, j.id, gain});
    }
  }
  return out;
}

std::string PostingsToCsv(const std::vector<Posting>& postings) {
  std::ostringstream s;
  s << "id,occupation,openings,education_min,majors,skills,salary_min,salary_max,region,kind,"
       "warnings\n";
  for (const auto& p : postings) {
    std::vector<std::string> warnings;
    if (p.warnings & kWarnDiscrimination) warnings.push_back("discrimination");
    if (p.warnings & kWarnFraud) warnings.push_back("fraud");
    if (p.warnings & kWarnWageArrears) warnings.push_back("wage_arrears");
    s << p.id << ',' << FormatOccCode(p.occupation) << ',' << p.openings << ','
      << domain::Id(p.education_min) << ',' << CsvField(Join(p.majors)) << ','
      << CsvField(Join(p.skills)) << ',' << p.salary_min_yuan << ',' << p.salary_max_yuan << ','
      << p.region << ',' << WorkKindId(p.kind) << ',' << Join(warnings) << '\n';
  }
  return s.str();
}

std::string PersonsToCsv(const std::vector<Person>& persons) {
  std::ostringstream s;
  s << "id,desired,education,major,skills,expected_salary,region,categories,graduate\n";
  for (const auto& a : persons) {
    std::vector<std::string> desired, cats;
    for (OccCode c : a.desired) desired.push_back(FormatOccCode(c));
    for (const auto& info : domain::Categories())
      if (a.categories & CategoryBit(info.value)) cats.push_back(std::string(info.id));
    s << a.id << ',' << Join(desired) << ',' << domain::Id(a.education) << ',' << CsvField(a.major)
      << ',' << CsvField(Join(a.skills)) << ',' << a.expected_salary_yuan << ',' << a.region << ','
      << Join(cats) << ',' << (a.graduate ? 1 : 0) << '\n';
  }
  return s.str();
}

Result<std::vector<Posting>> PostingsFromCsv(std::string_view text) {
  const std::vector<std::string> cols = {"id",     "occupation", "openings",   "education_min",
                                         "majors", "skills",     "salary_min", "salary_max",
                                         "region", "kind",       "warnings"};
  return ReadTable<Posting>(
      text, cols, [&](const csv::Row& row, const std::vector<int>& c) -> Result<Posting> {
        Posting p;
        auto id = Int(row, c[0], "id", false);
        if (!id.ok()) return id.error();
        p.id = static_cast<uint64_t>(*id);
        auto occ = ParseOccCode(row.fields[c[1]]);
        if (!occ) return RowError(row.line, "occupation", "职业代码无效: " + row.fields[c[1]]);
        p.occupation = *occ;
        auto openings = Int(row, c[2], "openings", false);
        if (!openings.ok()) return openings.error();
        p.openings = static_cast<int32_t>(std::min<int64_t>(*openings, 1000000));
        auto edu = domain::ParseEducation(row.fields[c[3]]);
        if (!edu) return RowError(row.line, "education_min", "学历无效: " + row.fields[c[3]]);
        p.education_min = *edu;
        p.majors = Split(row.fields[c[4]]);
        p.skills = Split(row.fields[c[5]]);
        auto lo = Int(row, c[6], "salary_min", true);
        if (!lo.ok()) return lo.error();
        auto hi = Int(row, c[7], "salary_max", true);
        if (!hi.ok()) return hi.error();
        p.salary_min_yuan = *lo;
        p.salary_max_yuan = *hi;
        auto region = ParseRegionCode(row.fields[c[8]]);
        if (!region)
          return RowError(row.line, "region", "地区代码应为 12 位数字: " + row.fields[c[8]]);
        p.region = *region;
        auto kind = ParseWorkKind(row.fields[c[9]]);
        if (!kind) return RowError(row.line, "kind", "岗位类型无效: " + row.fields[c[9]]);
        p.kind = *kind;
        for (const auto& w : Split(row.fields[c[10]])) {
          auto bit = ParseEmployerWarning(w);
          if (!bit) return RowError(row.line, "warnings", "预警标记无效: " + w);
          p.warnings |= *bit;
        }
        return p;
      });
}

Result<std::vector<Person>> PersonsFromCsv(std::string_view text) {
  const std::vector<std::string> cols = {"id",     "desired",    "education",
                                         "major",  "skills",     "expected_salary",
                                         "region", "categories", "graduate"};
  return ReadTable<Person>(
      text, cols, [&](const csv::Row& row, const std::vector<int>& c) -> Result<Person> {
        Person a;
        auto id = Int(row, c[0], "id", false);
        if (!id.ok()) return id.error();
        a.id = static_cast<uint64_t>(*id);
        for (const auto& d : Split(row.fields[c[1]])) {
          auto occ = ParseOccCode(d);
          if (!occ) return RowError(row.line, "desired", "职业代码无效: " + d);
          a.desired.push_back(*occ);
        }
        auto edu = domain::ParseEducation(row.fields[c[2]]);
        if (!edu) return RowError(row.line, "education", "学历无效: " + row.fields[c[2]]);
        a.education = *edu;
        a.major = row.fields[c[3]];
        a.skills = Split(row.fields[c[4]]);
        auto salary = Int(row, c[5], "expected_salary", true);
        if (!salary.ok()) return salary.error();
        a.expected_salary_yuan = *salary;
        auto region = ParseRegionCode(row.fields[c[6]]);
        if (!region)
          return RowError(row.line, "region", "地区代码应为 12 位数字: " + row.fields[c[6]]);
        a.region = *region;
        for (const auto& cat : Split(row.fields[c[7]])) {
          auto parsed = domain::ParseCategory(cat);
          if (!parsed) return RowError(row.line, "categories", "人员类别无效: " + cat);
          a.categories |= CategoryBit(*parsed);
        }
        const std::string& g = row.fields[c[8]];
        if (g != "0" && g != "1" && !g.empty())
          return RowError(row.line, "graduate", "应为 0 或 1，实为 \"" + g + "\"");
        a.graduate = g == "1";
        return a;
      });
}

std::string PairsToTsv(const std::vector<LabelledPair>& pairs) {
  std::ostringstream s;
  s << "# person\tposting\tgain\n";
  for (const auto& p : pairs) s << p.person << '\t' << p.posting << '\t' << p.gain << '\n';
  return s.str();
}

Result<std::vector<LabelledPair>> PairsFromTsv(std::string_view text) {
  std::vector<LabelledPair> out;
  std::istringstream in{std::string(text)};
  std::string line;
  int64_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    unsigned long long person = 0, posting = 0;
    int gain = 0;
    char extra = 0;
    if (std::sscanf(line.c_str(), "%llu\t%llu\t%d%c", &person, &posting, &gain, &extra) != 3 ||
        gain < 0 || gain > 3)
      return Error::InvalidArgument(
          "第 " + std::to_string(n) + " 行应为 \"人员编号<TAB>岗位编号<TAB>相关度(0-3)\"",
          "line " + std::to_string(n));
    out.push_back({person, posting, gain});
  }
  return out;
}

RankingQuality EvaluateRanking(const std::map<uint64_t, std::vector<uint64_t>>& ranked,
                               const std::vector<LabelledPair>& pairs, int k) {
  std::map<uint64_t, std::unordered_map<uint64_t, int>> truth;
  for (const auto& p : pairs)
    if (p.gain > 0) truth[p.person][p.posting] = std::max(truth[p.person][p.posting], p.gain);
  RankingQuality q;
  q.k = k;
  static const std::vector<uint64_t> kNone;
  for (const auto& [person, gains] : truth) {
    auto it = ranked.find(person);
    const auto& list = it == ranked.end() ? kNone : it->second;
    int hits = 0;
    double dcg = 0;
    for (int i = 0; i < k && i < static_cast<int>(list.size()); ++i) {
      auto g = gains.find(list[i]);
      if (g == gains.end()) continue;
      ++hits;
      dcg += (std::pow(2.0, g->second) - 1) / std::log2(i + 2.0);
    }
    std::vector<int> ideal;
    for (const auto& [posting, gain] : gains) ideal.push_back(gain);
    std::sort(ideal.rbegin(), ideal.rend());
    double idcg = 0;
    for (int i = 0; i < k && i < static_cast<int>(ideal.size()); ++i)
      idcg += (std::pow(2.0, ideal[i]) - 1) / std::log2(i + 2.0);
    q.recall += static_cast<double>(hits) / std::min<size_t>(k, gains.size());
    q.ndcg += idcg > 0 ? dcg / idcg : 0;
    ++q.queries;
  }
  if (q.queries) {
    q.recall /= q.queries;
    q.ndcg /= q.queries;
  }
  return q;
}

Result<std::map<uint64_t, std::vector<uint64_t>>> RankWithMatcher(const Dataset& data, int k) {
  Matcher m;
  for (const auto& p : data.postings) {
    auto r = m.UpsertPosting(p);
    if (!r.ok())
      return Error::InvalidArgument("岗位 " + std::to_string(p.id) + ": " + r.error().message,
                                    r.error().field);
  }
  for (const auto& a : data.persons) {
    auto r = m.UpsertPerson(a);
    if (!r.ok())
      return Error::InvalidArgument("人员 " + std::to_string(a.id) + ": " + r.error().message,
                                    r.error().field);
  }
  std::map<uint64_t, std::vector<uint64_t>> out;
  for (const auto& a : data.persons) {
    auto& list = out[a.id];
    for (const auto& match : m.PostingsFor(a, k, false)) list.push_back(match.id);
  }
  return out;
}

std::map<uint64_t, std::vector<uint64_t>> RankWithBm25(const Taxonomy& tax, const Dataset& data,
                                                       int k) {
  auto name = [&](OccCode c) {
    const Occupation* o = tax.Get(c);
    return o ? o->name : FormatOccCode(c);
  };
  auto county = [](RegionCode r) { return " 地区" + std::to_string(r / 1000000); };
  Bm25Index index;
  for (const auto& p : data.postings) {
    std::string doc =
        name(p.occupation) + " " + Join(p.skills) + " " + Join(p.majors) + county(p.region);
    std::vector<std::u16string> f;
    text::Features(text::Fold(doc), f);
    index.Add(f);
  }
  std::map<uint64_t, std::vector<uint64_t>> out;
  for (const auto& a : data.persons) {
    std::string q;
    for (OccCode c : a.desired) q += name(c) + " ";
    q += Join(a.skills) + " " + a.major + county(a.region);
    std::vector<std::u16string> f;
    text::Features(text::Fold(q), f);
    std::vector<std::pair<double, uint64_t>> scored;
    index.Query(f, [&](int32_t doc, double s) { scored.push_back({-s, data.postings[doc].id}); });
    const size_t n = std::min<size_t>(k, scored.size());
    std::partial_sort(scored.begin(), scored.begin() + n, scored.end());
    auto& list = out[a.id];
    for (size_t i = 0; i < n; ++i) list.push_back(scored[i].second);
  }
  return out;
}

}  // namespace bangfu::match
