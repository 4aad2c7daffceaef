// Case files: read the population, run the pack, compare with the expected decisions.
#include "bangfu/policy/cases.h"

#include <algorithm>
#include <filesystem>
#include <numeric>

#include "lang.h"
#include "pack_internal.h"
#include "bangfu/policy/yaml_doc.h"

namespace bangfu::policy {
namespace {

namespace fs = std::filesystem;
using Diags = std::vector<Diagnostic>;

// Reads one case file's population into Facts. Every problem is a diagnostic with a position.
class FactsReader {
 public:
  FactsReader(const YamlDoc& doc, Diags* d) : doc_(doc), d_(d) {}

  bool Read(const YAML::Node& root, CaseFacts* out) {
    Facts& f = out->facts;
    // Names first, so that records can refer to records declared later in the file.
    for (const char* t : {"persons", "households", "employers", "employments", "businesses",
                          "internships", "trainings", "placements"})
      Declare(root, t, &out->names[t]);
    names_ = &out->names;
    f.persons.category_offsets.assign(1, 0);
    Each(root, "households", {"id", "zero_employment_since"}, [&](const YAML::Node& n, Row r) {
      f.households.id.push_back(r + 1);
      f.households.zero_employment_since.push_back(OptDate(n, "zero_employment_since", kNoDate));
    });
    Each(root, "persons",
         {"id", "birth", "sex", "hukou", "residence", "education", "graduated", "household",
          "rural", "categories"},
         [&](const YAML::Node& n, Row r) { Person(f, n, r); });
    Each(root, "employers",
         {"id", "name", "size", "kind", "region", "base_recognised", "quality_base_recognised",
          "incubator_recognised", "incubator_level", "workshop_grade", "workshop_year",
          "workshop_stable_jobs"},
         [&](const YAML::Node& n, Row r) { Employer(f, n, r); });
    Each(root, "employments",
         {"id", "person", "employer", "kind", "start", "end", "contract_months"},
         [&](const YAML::Node& n, Row r) {
           auto& m = f.employments;
           m.id.push_back(r + 1);
           m.person.push_back(Ref(n, "person", "persons", false));
           m.employer.push_back(Ref(n, "employer", "employers", true));
           m.kind.push_back(Enum<EmploymentKind>(n, "kind", EnumId::kEmploymentKind));
           m.start.push_back(OptDate(n, "start", kNoDate));
           m.end.push_back(OptDate(n, "end", kOpenEnd));
           const YAML::Node c = n["contract_months"];
           m.contract_months.push_back(
               c && c.IsScalar() && c.Scalar() == "open"
                   ? kOpenEndedContract
                   : static_cast<int16_t>(Int(n, "contract_months", -1, 0, 1200)));
         });
    Contributions(root, f);
    Each(root, "businesses",
         {"id", "name", "founders", "kind", "size", "licence", "closed", "region", "employees", "online",
          "return_home", "employer"},
         [&](const YAML::Node& n, Row r) { Business(f, n, r); });
    f.businesses.founder_offsets.push_back(0);
    for (size_t i = 0; i < founders_.size(); ++i) {
      f.businesses.founders.insert(f.businesses.founders.end(), founders_[i].begin(),
                                   founders_[i].end());
      f.businesses.founder_offsets.push_back(static_cast<uint32_t>(f.businesses.founders.size()));
    }
    Each(root, "internships", {"id", "person", "base", "start", "end", "finished", "hired_after"},
         [&](const YAML::Node& n, Row r) {
           auto& t = f.internships;
           t.id.push_back(r + 1);
           t.person.push_back(Ref(n, "person", "persons", false));
           t.base.push_back(Ref(n, "base", "employers", true));
           t.start.push_back(OptDate(n, "start", kNoDate));
           t.end.push_back(OptDate(n, "end", kOpenEnd));
           t.finished.push_back(Bool(n, "finished"));
           t.hired_after.push_back(Bool(n, "hired_after"));
         });
    Each(root, "trainings",
         {"id", "person", "institution", "kind", "course", "start", "end", "days_attended",
          "subsidised", "completed", "certificate"},
         [&](const YAML::Node& n, Row r) {
           auto& t = f.trainings;
           t.id.push_back(r + 1);
           t.person.push_back(Ref(n, "person", "persons", false));
           t.institution.push_back(Int(n, "institution", 0, 0, 1'000'000'000));
           t.kind.push_back(Enum<TrainingKind>(n, "kind", EnumId::kTrainingKind));
           std::string course;
           doc_.Str(n, "course", &course, d_, false);
           t.course.push_back(course);
           t.start.push_back(OptDate(n, "start", kNoDate));
           t.end.push_back(OptDate(n, "end", kNoDate));
           t.days_attended.push_back(static_cast<int32_t>(Int(n, "days_attended", -1, 0, 10000)));
           t.subsidised.push_back(Bool(n, "subsidised"));
           t.completed.push_back(Bool(n, "completed"));
           t.certificate.push_back(Bool(n, "certificate"));
         });
    Each(root, "placements", {"id", "person", "employer", "start", "end"},
         [&](const YAML::Node& n, Row r) {
           auto& p = f.placements;
           p.id.push_back(r + 1);
           p.person.push_back(Ref(n, "person", "persons", false));
           p.employer.push_back(Ref(n, "employer", "employers", true));
           p.start.push_back(OptDate(n, "start", kNoDate));
           p.end.push_back(OptDate(n, "end", kOpenEnd));
         });
    Dibao(root, f);
    Each(root, "paid", {"rule", "person", "employer", "business", "subject", "paid_on", "amount"},
         [&](const YAML::Node& n, Row) { Paid(f, n); });
    const size_t errors = std::count_if(
        d_->begin(), d_->end(), [](const Diagnostic& x) { return x.severity == Severity::kError; });
    if (errors) return false;
    auto v = f.Validate();
    if (!v.ok()) {
      d_->push_back({Severity::kError, doc_.Pos(root), "facts: " + v.error().message});
      return false;
    }
    return true;
  }

 private:
  void Declare(const YAML::Node& root, const char* table, std::vector<std::string>* names) {
    const YAML::Node list = root[table];
    if (!list) return;
    if (!list.IsSequence()) {
      doc_.Error(list, std::string("'") + table + "' must be a list", d_);
      return;
    }
    for (const auto& n : list) {
      std::string id;
      if (!n.IsMap() || !doc_.Str(n, "id", &id, d_)) {
        names->push_back("");
        continue;
      }
      if (std::find(names->begin(), names->end(), id) != names->end())
        doc_.Error(n["id"], "duplicate id '" + id + "' in " + table, d_);
      names->push_back(id);
    }
  }

  template <typename F>
  void Each(const YAML::Node& root, const char* table, std::initializer_list<std::string_view> keys,
            F fn) {
    const YAML::Node list = root[table];
    if (!list || !list.IsSequence()) return;
    Row r = 0;
    for (const auto& n : list) {
      if (!n.IsMap()) {
        doc_.Error(n, std::string("each entry of '") + table + "' must be a mapping", d_);
        continue;
      }
      doc_.OnlyKeys(n, keys, table, d_);
      fn(n, r++);
    }
  }

  Row Ref(const YAML::Node& n, const char* key, const char* table, bool optional) {
    const YAML::Node v = n[key];
    if (!v) {
      if (!optional) doc_.Error(n, std::string("missing '") + key + "'", d_);
      return kNoRow;
    }
    const auto& names = (*names_)[table];
    if (v.IsScalar()) {
      if (optional && v.Scalar() == "self") return kNoRow;
      for (size_t i = 0; i < names.size(); ++i)
        if (names[i] == v.Scalar()) return static_cast<Row>(i);
    }
    doc_.Error(v, std::string("no ") + table + " entry with id '" + v.Scalar() + "'", d_);
    return kNoRow;
  }

  Date OptDate(const YAML::Node& n, const char* key, Date absent) {
    const YAML::Node v = n[key];
    if (!v) return absent;
    if (v.IsScalar() && v.Scalar() == "unknown") return kNoDate;
    if (v.IsScalar() && v.Scalar() == "open") return kOpenEnd;
    Date d;
    return doc_.DateAt(v, &d, d_) ? d : kNoDate;
  }

  MonthIndex Month(const YAML::Node& n, const char* key) {
    const YAML::Node v = n[key];
    if (v && v.IsScalar()) {
      auto d = Date::Parse(v.Scalar() + "-01");
      if (d.ok()) return MonthOf(*d);
    }
    doc_.Error(v ? v : n, std::string("'") + key + "' must be a month YYYY-MM", d_);
    return 0;
  }

  int64_t Int(const YAML::Node& n, const char* key, int64_t absent, int64_t lo, int64_t hi) {
    const YAML::Node v = n[key];
    if (!v) return absent;
    if (v.IsScalar() && v.Scalar() == "unknown") return absent;
    const std::string s = v.IsScalar() ? v.Scalar() : "";
    if (!s.empty() && s.size() <= 15 && s.find_first_not_of("0123456789") == std::string::npos) {
      const int64_t x = std::stoll(s);
      if (x >= lo && x <= hi) return x;
    }
    doc_.Error(v,
               std::string("'") + key + "' must be a whole number from " + std::to_string(lo) +
                   " to " + std::to_string(hi),
               d_);
    return absent;
  }

  int64_t Money(const YAML::Node& n, const char* key) {
    const YAML::Node v = n[key];
    int64_t fen = 0;
    if (v && v.IsScalar() && MoneyFromText(v.Scalar(), &fen)) return fen;
    doc_.Error(v ? v : n, std::string("'") + key + "' must be an amount in yuan like 2000 or 13.50",
               d_);
    return 0;
  }

  Tri Bool(const YAML::Node& n, const char* key) {
    const YAML::Node v = n[key];
    if (!v || (v.IsScalar() && v.Scalar() == "unknown")) return Tri::kUnknown;
    if (v.IsScalar() && v.Scalar() == "true") return Tri::kTrue;
    if (v.IsScalar() && v.Scalar() == "false") return Tri::kFalse;
    doc_.Error(v, std::string("'") + key + "' must be true, false or unknown", d_);
    return Tri::kUnknown;
  }

  int64_t EnumCode(const YAML::Node& n, const char* key, EnumId e, int64_t absent) {
    const YAML::Node v = n[key];
    if (!v || (v.IsScalar() && v.Scalar() == "unknown")) return absent;
    std::string known;
    for (const auto& x : EnumValues(e)) {
      if (v.IsScalar() && (x.id == v.Scalar() || x.label == v.Scalar())) return x.code;
      known += (known.empty() ? "" : ", ") + std::string(x.id);
    }
    doc_.Error(v, std::string("'") + key + "' must be one of: " + known, d_);
    return absent;
  }
  template <typename E>
  E Enum(const YAML::Node& n, const char* key, EnumId e) {
    return static_cast<E>(EnumCode(n, key, e, 0));
  }

  void Person(Facts& f, const YAML::Node& n, Row r) {
    auto& p = f.persons;
    p.id.push_back(r + 1);
    p.birth_date.push_back(OptDate(n, "birth", kNoDate));
    p.sex.push_back(Enum<Sex>(n, "sex", EnumId::kSex));
    p.hukou_region.push_back(Int(n, "hukou", 0, 0, 999'999'999'999));
    p.residence_region.push_back(Int(n, "residence", 0, 0, 999'999'999'999));
    p.education.push_back(static_cast<uint8_t>(EnumCode(n, "education", EnumId::kEducation, 255)));
    p.graduation_date.push_back(OptDate(n, "graduated", kNoDate));
    p.household.push_back(Ref(n, "household", "households", true));
    p.rural_hukou.push_back(Bool(n, "rural"));
    std::vector<CategorySpan> spans;
    if (const YAML::Node cs = n["categories"]) {
      if (!cs.IsSequence())
        doc_.Error(cs, "'categories' must be a list", d_);
      else
        for (const auto& c : cs) {
          if (!c.IsMap()) {
            doc_.Error(c, "a category is a mapping {category, from, to}", d_);
            continue;
          }
          doc_.OnlyKeys(c, {"category", "from", "to"}, "a category", d_);
          CategorySpan s;
          s.category = static_cast<CategoryCode>(EnumCode(c, "category", EnumId::kCategory, 0));
          if (!c["category"]) doc_.Error(c, "missing 'category'", d_);
          s.from = OptDate(c, "from", kNoDate);
          s.to = OptDate(c, "to", kOpenEnd);
          spans.push_back(s);
        }
    }
    std::sort(spans.begin(), spans.end(), [](const CategorySpan& a, const CategorySpan& b) {
      return a.category != b.category ? a.category < b.category : a.from < b.from;
    });
    p.categories.insert(p.categories.end(), spans.begin(), spans.end());
    p.category_offsets.push_back(static_cast<uint32_t>(p.categories.size()));
  }

  void Employer(Facts& f, const YAML::Node& n, Row r) {
    auto& e = f.employers;
    e.id.push_back(r + 1);
    std::string name;
    doc_.Str(n, "name", &name, d_, false);
    e.name.push_back(name);
    e.size_class.push_back(Enum<EmployerSize>(n, "size", EnumId::kEmployerSize));
    e.kind.push_back(Enum<OrgKind>(n, "kind", EnumId::kOrgKind));
    e.region.push_back(Int(n, "region", 0, 0, 999'999'999'999));
    e.base_recognised.push_back(OptDate(n, "base_recognised", kNoDate));
    e.quality_base_recognised.push_back(OptDate(n, "quality_base_recognised", kNoDate));
    e.incubator_recognised.push_back(OptDate(n, "incubator_recognised", kNoDate));
    e.incubator_level.push_back(
        Enum<IncubatorLevel>(n, "incubator_level", EnumId::kIncubatorLevel));
    e.workshop_grade.push_back(Enum<WorkshopGrade>(n, "workshop_grade", EnumId::kWorkshopGrade));
    e.workshop_year.push_back(static_cast<int16_t>(Int(n, "workshop_year", 0, 1900, 9999)));
    e.workshop_stable_jobs.push_back(
        static_cast<int32_t>(Int(n, "workshop_stable_jobs", -1, 0, 1'000'000)));
  }

  void Business(Facts& f, const YAML::Node& n, Row r) {
    auto& b = f.businesses;
    b.id.push_back(r + 1);
    std::string name;
    doc_.Str(n, "name", &name, d_, false);
    b.name.push_back(name);
    b.kind.push_back(Enum<OrgKind>(n, "kind", EnumId::kOrgKind));
    b.size_class.push_back(Enum<EmployerSize>(n, "size", EnumId::kEmployerSize));
    b.licence_date.push_back(OptDate(n, "licence", kNoDate));
    b.closed_date.push_back(OptDate(n, "closed", kOpenEnd));
    b.region.push_back(Int(n, "region", 0, 0, 999'999'999'999));
    b.employees.push_back(static_cast<int32_t>(Int(n, "employees", -1, 0, 1'000'000)));
    b.online.push_back(Bool(n, "online"));
    b.return_home.push_back(Bool(n, "return_home"));
    b.employer.push_back(Ref(n, "employer", "employers", true));
    founders_.emplace_back();
    const YAML::Node fs = n["founders"];
    if (!fs || !fs.IsSequence()) {
      doc_.Error(fs ? fs : n, "'founders' must be a list of person ids", d_);
      return;
    }
    for (const auto& x : fs) {
      const auto& names = (*names_)["persons"];
      const auto it = std::find(names.begin(), names.end(), x.IsScalar() ? x.Scalar() : "");
      if (it == names.end())
        doc_.Error(x, "no persons entry with id '" + x.Scalar() + "'", d_);
      else
        founders_.back().push_back(static_cast<Row>(it - names.begin()));
    }
  }

  void Contributions(const YAML::Node& root, Facts& f) {
    struct C {
      Row person, payer;
      MonthIndex month;
      int64_t amount;
    };
    std::vector<C> all;
    Each(root, "contributions", {"person", "payer", "from", "to", "amount"},
         [&](const YAML::Node& n, Row) {
           const Row p = Ref(n, "person", "persons", false);
           const Row payer = Ref(n, "payer", "employers", true);
           const MonthIndex from = Month(n, "from");
           const MonthIndex to = n["to"] ? Month(n, "to") : from;
           const int64_t amount = n["amount"] ? Money(n, "amount") : 100000;
           if (to < from || to - from > 1200) {
             doc_.Error(n, "'to' must be a month not before 'from'", d_);
             return;
           }
           for (MonthIndex m = from; m <= to; ++m) all.push_back({p, payer, m, amount});
         });
    std::sort(all.begin(), all.end(), [](const C& a, const C& b) {
      if (a.person != b.person) return a.person < b.person;
      return a.month != b.month ? a.month < b.month : a.payer < b.payer;
    });
    auto& k = f.contributions;
    k.person_offsets.assign(f.persons.size() + 1, 0);
    for (const C& c : all) {
      if (c.person < 0 || static_cast<size_t>(c.person) >= f.persons.size()) continue;
      k.person.push_back(c.person);
      k.payer.push_back(c.payer);
      k.month.push_back(c.month);
      k.amount.push_back(c.amount);
      ++k.person_offsets[c.person + 1];
    }
    std::partial_sum(k.person_offsets.begin(), k.person_offsets.end(), k.person_offsets.begin());
  }

  void Dibao(const YAML::Node& root, Facts& f) {
    Each(root, "dibao", {"person", "household", "from", "to", "amount"},
         [&](const YAML::Node& n, Row) {
           const Row p = Ref(n, "person", "persons", true);
           const Row h = Ref(n, "household", "households", false);
           const MonthIndex from = Month(n, "from");
           const MonthIndex to = n["to"] ? Month(n, "to") : from;
           const int64_t amount = Money(n, "amount");
           if (to < from || to - from > 1200) {
             doc_.Error(n, "'to' must be a month not before 'from'", d_);
             return;
           }
           for (MonthIndex m = from; m <= to; ++m) {
             f.dibao_payments.person.push_back(p);
             f.dibao_payments.household.push_back(h);
             f.dibao_payments.month.push_back(m);
             f.dibao_payments.amount.push_back(amount);
           }
         });
  }

  void Paid(Facts& f, const YAML::Node& n) {
    auto& p = f.paid;
    std::string rule;
    doc_.Str(n, "rule", &rule, d_);
    p.rule.push_back(rule);
    p.person.push_back(Ref(n, "person", "persons", true));
    p.employer.push_back(Ref(n, "employer", "employers", true));
    p.business.push_back(Ref(n, "business", "businesses", true));
    p.paid_on.push_back(OptDate(n, "paid_on", kNoDate));
    p.amount.push_back(n["amount"] ? Money(n, "amount") : 0);
    // The subject names a record of any table; ids are row + 1 in every table.
    int64_t subject = 0;
    if (const YAML::Node s = n["subject"]) {
      for (const auto& [table, names] : *names_) {
        const auto it = std::find(names.begin(), names.end(), s.IsScalar() ? s.Scalar() : "");
        if (it != names.end()) subject = (it - names.begin()) + 1;
      }
      if (subject == 0) doc_.Error(s, "no record with id '" + s.Scalar() + "'", d_);
    }
    p.subject.push_back(subject);
  }

  const YamlDoc& doc_;
  Diags* d_;
  std::map<std::string, std::vector<std::string>>* names_ = nullptr;
  std::vector<std::vector<Row>> founders_;
};

std::string TableOf(SubjectKind s) {
  switch (s) {
    case SubjectKind::kPerson:
      return "persons";
    case SubjectKind::kEmployment:
      return "employments";
    case SubjectKind::kBusiness:
      return "businesses";
    case SubjectKind::kInternship:
      return "internships";
    case SubjectKind::kTraining:
      return "trainings";
    case SubjectKind::kPlacement:
      return "placements";
    case SubjectKind::kEmployer:
      return "employers";
  }
  return "";
}

std::string PayeeName(const CaseFacts& cf, PayeeKind k, int64_t id) {
  if (id <= 0) return "";
  const char* table = k == PayeeKind::kPerson        ? "persons"
                      : k == PayeeKind::kBusiness    ? "businesses"
                      : k == PayeeKind::kInstitution ? nullptr
                                                     : "employers";
  if (!table) return std::to_string(id);
  const auto& names = cf.names.at(table);
  return static_cast<size_t>(id) <= names.size() ? names[id - 1] : std::to_string(id);
}

}  // namespace

CaseResult CaseRunner::RunFile(const std::string& path) {
  CaseResult res;
  res.file = path;
  auto text = ReadTextFile(path);
  if (!text.ok()) {
    res.failures.push_back(path + ": " + text.error().message);
    return res;
  }
  YamlDoc doc(*text, path);
  Diags diags;
  auto fail = [&] {
    for (const auto& d : diags)
      if (d.severity == Severity::kError) res.failures.push_back(d.ToString());
    return res;
  };
  if (!doc.Load(&diags)) return fail();
  try {
    const YAML::Node& root = doc.root();
    doc.OnlyKeys(root,
                 {"name", "description", "pack", "as_of", "persons", "households", "employers",
                  "employments", "contributions", "businesses", "internships", "trainings",
                  "placements", "dibao", "paid", "parameters", "expect"},
                 "a case file", &diags);
    doc.Str(root, "name", &res.name, &diags);
    std::string pack_rel;
    Date as_of;
    if (!doc.Str(root, "pack", &pack_rel, &diags) || !doc.DateAt(root["as_of"], &as_of, &diags))
      return fail();
    const std::string pack_path =
        (fs::path(path).parent_path() / pack_rel).lexically_normal().string();
    auto it = packs_.find(pack_path);
    if (it == packs_.end()) it = packs_.emplace(pack_path, LoadPackFile(pack_path)).first;
    if (!it->second.ok()) {
      res.failures.push_back(doc.Pos(root["pack"]).file + ":" +
                             std::to_string(doc.Pos(root["pack"]).line) + ": the pack " +
                             pack_path + " does not load");
      for (const auto& d : it->second.diagnostics)
        if (d.severity == Severity::kError) res.failures.push_back(d.ToString());
      return res;
    }
    CaseFacts cf;
    FactsReader reader(doc, &diags);
    if (!reader.Read(root, &cf)) return fail();
    const YAML::Node expect = root["expect"];
    if (!expect || !expect.IsSequence() || expect.size() == 0) {
      doc.Error(expect ? expect : root, "'expect' must be a non-empty list", &diags);
      return fail();
    }
    auto engine = Engine::Create(it->second.pack, cf.facts);
    if (!engine.ok()) {
      res.failures.push_back(path + ": " + engine.error().message);
      return res;
    }
    // What-if parameter values: [{name, key?, value}].
    std::vector<ParamOverride> overrides;
    if (const YAML::Node ps = root["parameters"]) {
      if (!ps.IsSequence())
        doc.Error(ps, "'parameters' must be a list of {name, value}", &diags);
      else
        for (const auto& p : ps) {
          doc.OnlyKeys(p, {"name", "key", "value"}, "a parameter value", &diags);
          std::string name, key, value;
          if (!p.IsMap() || !doc.Str(p, "name", &name, &diags) ||
              !doc.Str(p, "value", &value, &diags))
            continue;
          doc.Str(p, "key", &key, &diags, false);
          auto o = MakeOverride(*it->second.pack, name, key, value);
          if (o.ok())
            overrides.push_back(*o);
          else
            doc.Error(p, o.error().message, &diags);
        }
    }
    if (std::any_of(diags.begin(), diags.end(),
                    [](const Diagnostic& d) { return d.severity == Severity::kError; }))
      return fail();
    const RunResult run = (*engine)->Run(as_of, 1, overrides);
    const auto rules = Rules(*it->second.pack);
    for (const auto& x : expect) {
      doc.OnlyKeys(x, {"rule", "subject", "decision", "amount", "payee", "limit", "explains"},
                   "an expectation", &diags);
      std::string rule_id, subject, decision;
      if (!x.IsMap() || !doc.Str(x, "rule", &rule_id, &diags) ||
          !doc.Str(x, "subject", &subject, &diags) || !doc.Str(x, "decision", &decision, &diags))
        continue;
      int rule = -1;
      for (size_t i = 0; i < rules.size(); ++i)
        if (rules[i].id == rule_id) rule = static_cast<int>(i);
      if (rule < 0) {
        doc.Error(x["rule"], "the pack has no rule " + rule_id, &diags);
        continue;
      }
      const auto& names = cf.names[TableOf(rules[rule].subject)];
      const auto at = std::find(names.begin(), names.end(), subject);
      if (at == names.end()) {
        doc.Error(x["subject"],
                  "no " + TableOf(rules[rule].subject) + " entry '" + subject +
                      "' (the subject of " + rule_id + ")",
                  &diags);
        continue;
      }
      const Row row = static_cast<Row>(at - names.begin());
      const Decision d = (*engine)->At(run, rule, row);
      std::vector<std::string> wrong;
      if (decision != Name(d.outcome))
        wrong.push_back("decision " + std::string(Name(d.outcome)) + ", expected " + decision);
      if (x["amount"]) {
        int64_t fen = 0;
        if (!x["amount"].IsScalar() || !MoneyFromText(x["amount"].Scalar(), &fen))
          doc.Error(x["amount"], "'amount' must be yuan like 2000 or 13.50", &diags);
        else if (fen != d.amount)
          wrong.push_back("amount " + FormatMoney(d.amount) + ", expected " + FormatMoney(fen));
      }
      std::string s;
      if (doc.Str(x, "payee", &s, &diags, false) && s != PayeeName(cf, d.payee_kind, d.payee_id))
        wrong.push_back("payee " + PayeeName(cf, d.payee_kind, d.payee_id) + ", expected " + s);
      if (doc.Str(x, "limit", &s, &diags, false) && s != Name(d.limit))
        wrong.push_back("limit " + std::string(Name(d.limit)) + ", expected " + s);
      auto why = (*engine)->Explain(run, rule_id, row);
      if (doc.Str(x, "explains", &s, &diags, false) &&
          (!why.ok() || why->ToText().find(s) == std::string::npos))
        wrong.push_back("the explanation does not mention \"" + s + "\"");
      if (wrong.empty()) continue;
      const SourcePos pos = doc.Pos(x);
      std::string line =
          pos.file + ":" + std::to_string(pos.line) + ": " + rule_id + " " + subject + ": ";
      for (size_t i = 0; i < wrong.size(); ++i) line += (i ? "; " : "") + wrong[i];
      res.failures.push_back(line);
      if (why.ok()) res.failures.push_back(why->ToText());
    }
  } catch (const YAML::Exception& e) {
    diags.push_back({Severity::kError, {path, e.mark.line + 1, e.mark.column + 1}, e.msg});
  }
  for (const auto& d : diags)
    if (d.severity == Severity::kError) res.failures.push_back(d.ToString());
  res.passed = res.failures.empty();
  return res;
}

Result<CaseFacts> ReadCaseFacts(std::string_view yaml_text, std::string_view file_name) {
  YamlDoc doc(yaml_text, std::string(file_name));
  Diags diags;
  CaseFacts cf;
  bool ok = false;
  try {
    ok = doc.Load(&diags) && FactsReader(doc, &diags).Read(doc.root(), &cf);
  } catch (const YAML::Exception& e) {
    diags.push_back(
        {Severity::kError, {std::string(file_name), e.mark.line + 1, e.mark.column + 1}, e.msg});
  }
  if (ok) return cf;
  std::string msg;
  for (const auto& d : diags) msg += d.ToString() + "\n";
  return Error::InvalidArgument(msg, std::string(file_name));
}

std::vector<std::string> FindCaseFiles(const std::vector<std::string>& paths,
                                       std::vector<std::string>* errors) {
  // A case file has a top-level `expect:`; packs have `rules:`.
  return FindYamlFilesWithKey(paths, "expect", errors);
}

std::vector<std::string> FindYamlFilesWithKey(const std::vector<std::string>& paths,
                                              std::string_view key,
                                              std::vector<std::string>* errors) {
  const std::string at_start = std::string(key) + ":", on_line = "\n" + at_start;
  std::vector<std::string> out;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) {
      out.push_back(p);
      continue;
    }
    if (!fs::is_directory(p, ec)) {
      errors->push_back(p + ": no such file or directory");
      continue;
    }
    for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
      if (!it->is_regular_file() || it->path().extension() != ".yaml") continue;
      auto text = ReadTextFile(it->path().string());
      if (!text.ok()) continue;
      if (text->rfind(at_start, 0) == 0 || text->find(on_line) != std::string::npos)
        out.push_back(it->path().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace bangfu::policy
