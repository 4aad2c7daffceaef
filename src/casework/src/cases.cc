#include "bangfu/casework/cases.h"

#include <algorithm>
#include <filesystem>

#include "bangfu/casework/compliance.h"
#include "bangfu/policy/cases.h"
#include "bangfu/policy/yaml_doc.h"

namespace bangfu::casework {
namespace {

namespace fs = std::filesystem;
using policy::Diagnostic;
using policy::Severity;
using policy::YamlDoc;
using Diags = std::vector<Diagnostic>;

bool HasErrors(const Diags& d) {
  return std::any_of(d.begin(), d.end(),
                     [](const Diagnostic& x) { return x.severity == Severity::kError; });
}

bool ReadBool(const YamlDoc& doc, const YAML::Node& map, const char* key, bool* out, Diags* d) {
  std::string s;
  if (!doc.Str(map, key, &s, d, false)) return true;
  if (s == "true" || s == "false") {
    *out = s == "true";
    return true;
  }
  doc.Error(map[key], std::string("'") + key + "' must be true or false", d);
  return false;
}

bool ReadOptDate(const YamlDoc& doc, const YAML::Node& map, const char* key, Date* out, Diags* d) {
  if (!map[key]) return true;
  return doc.DateAt(map[key], out, d);
}

}  // namespace

StandardCaseResult StandardCaseRunner::RunFile(const std::string& path) {
  StandardCaseResult res;
  res.file = path;
  auto text = policy::ReadTextFile(path);
  if (!text.ok()) {
    res.failures.push_back(text.error().message);
    return res;
  }
  YamlDoc doc(*text, path);
  Diags diags;
  auto fail = [&] {
    for (const auto& d : diags)
      if (d.severity == Severity::kError) res.failures.push_back(d.ToString());
    return res;
  };
  try {
    if (!doc.Load(&diags)) return fail();
    const YAML::Node& root = doc.root();
    doc.OnlyKeys(root,
                 {"name", "description", "standards", "as_of", "persons", "households",
                  "casework", "services", "expect"},
                 "a standard case file", &diags);
    doc.Str(root, "name", &res.name, &diags);
    Date as_of;
    doc.DateAt(root["as_of"], &as_of, &diags);
    const YAML::Node std_list = root["standards"];
    std::vector<std::string> files;
    if (!std_list || !std_list.IsSequence() || std_list.size() == 0)
      doc.Error(std_list ? std_list : root, "'standards' must be a non-empty list of files", &diags);
    else
      for (const auto& s : std_list)
        files.push_back((fs::path(path).parent_path() / s.Scalar()).lexically_normal().string());
    if (HasErrors(diags)) return fail();
    auto it = sets_.find(files);
    if (it == sets_.end()) it = sets_.emplace(files, LoadStandards(files)).first;
    if (!it->second.ok()) {
      res.failures.push_back(doc.Pos(std_list).file + ":" + std::to_string(doc.Pos(std_list).line) +
                             ": the standards do not load");
      for (const auto& d : it->second.diagnostics)
        if (d.severity == Severity::kError) res.failures.push_back(d.ToString());
      return res;
    }
    const StandardSet& set = *it->second.set;

    auto cf = policy::ReadCaseFacts(*text, path);
    if (!cf.ok()) {
      res.failures.push_back(cf.error().message);
      return res;
    }
    const auto& names = cf->names["persons"];
    auto person_row = [&](const YAML::Node& map, policy::Row* row) {
      std::string name;
      if (!doc.Str(map, "person", &name, &diags)) return false;
      auto p = std::find(names.begin(), names.end(), name);
      if (p == names.end()) {
        doc.Error(map["person"], "no person '" + name + "' in 'persons'", &diags);
        return false;
      }
      *row = static_cast<policy::Row>(p - names.begin());
      return true;
    };

    const size_t n = cf->facts.persons.size();
    CaseInputs cases;
    cases.Resize(n);
    if (const YAML::Node cw = root["casework"]) {
      for (const auto& c : cw) {
        doc.OnlyKeys(c, {"person", "intention", "training_need", "startup_intention",
                         "registered", "plan_opened"},
                     "a casework entry", &diags);
        policy::Row r;
        if (!c.IsMap() || !person_row(c, &r)) continue;
        std::string s;
        if (doc.Str(c, "intention", &s, &diags, false)) {
          bool found = false;
          for (auto i : {Intention::kUnknown, Intention::kWantsWork, Intention::kNoIntention,
                         Intention::kEmployed})
            if (Name(i) == s) {
              cases.intention[r] = i;
              found = true;
            }
          if (!found)
            doc.Error(c["intention"],
                      "'intention' must be one of: unknown, wants_work, no_intention, employed",
                      &diags);
        }
        bool b = false;
        if (ReadBool(doc, c, "training_need", &b, &diags)) cases.training_need[r] = b;
        b = false;
        if (ReadBool(doc, c, "startup_intention", &b, &diags)) cases.startup_intention[r] = b;
        ReadOptDate(doc, c, "registered", &cases.registered[r], &diags);
        ReadOptDate(doc, c, "plan_opened", &cases.plan_opened[r], &diags);
      }
    }
    // Service records: collected per person, then laid out CSR.
    std::vector<std::vector<std::pair<ServiceKind, Date>>> per(n);
    if (const YAML::Node sv = root["services"]) {
      for (const auto& s : sv) {
        doc.OnlyKeys(s, {"person", "kind", "date"}, "a service record", &diags);
        policy::Row r;
        std::string kind;
        Date d;
        if (!s.IsMap() || !person_row(s, &r) || !doc.Str(s, "kind", &kind, &diags) ||
            !doc.DateAt(s["date"], &d, &diags))
          continue;
        auto k = ParseServiceKind(kind);
        if (!k) {
          doc.Error(s["kind"], "unknown service kind '" + kind + "'", &diags);
          continue;
        }
        per[r].emplace_back(*k, d);
      }
    }
    ServiceRecords records;
    for (const auto& v : per) {
      for (const auto& [k, d] : v) {
        records.kind.push_back(k);
        records.date.push_back(d);
      }
      records.offsets.push_back(static_cast<uint32_t>(records.kind.size()));
    }
    const YAML::Node expect = root["expect"];
    if (!expect || !expect.IsSequence() || expect.size() == 0)
      doc.Error(expect ? expect : root, "'expect' must be a non-empty list", &diags);
    if (HasErrors(diags)) return fail();

    auto run = ComplianceRun::Compute(set, cf->facts, cases, records, as_of, 1);
    if (!run.ok()) {
      res.failures.push_back(path + ": " + run.error().message);
      return res;
    }
    for (const auto& x : expect) {
      doc.OnlyKeys(x,
                   {"person", "standard", "status", "requirement", "done", "missing", "deadline",
                    "overdue", "applies", "completed_on"},
                   "an expectation", &diags);
      policy::Row r;
      if (!x.IsMap() || !person_row(x, &r)) continue;
      const PersonCompliance pc = run->Detail(r);
      const auto where = doc.Pos(x);
      auto mismatch = [&](const std::string& what, const std::string& want,
                          const std::string& got) {
        res.failures.push_back(where.file + ":" + std::to_string(where.line) + ":" +
                               std::to_string(where.column) + ": " + names[r] + " " + what +
                               ": expected " + want + ", got " + got);
      };
      std::string want;
      if (doc.Str(x, "standard", &want, &diags, false)) {
        const std::string got = pc.standard < 0 ? "none" : set.standards()[pc.standard].id;
        if (got != want) mismatch("standard", want, got);
      }
      if (doc.Str(x, "status", &want, &diags, false) && want != Name(pc.status))
        mismatch("status", want, std::string(Name(pc.status)));
      if (!doc.Str(x, "requirement", &want, &diags, false)) continue;
      const RequirementStatus* rs = nullptr;
      for (const auto& q : pc.requirements)
        if (set.standards()[pc.standard].requirements[q.requirement].id == want) rs = &q;
      if (!rs) {
        mismatch("requirement " + want, "present", "absent (not under a standard that has it)");
        continue;
      }
      auto date_text = [](Date d) { return d == policy::kNoDate ? "none" : d.ToString(); };
      std::string s;
      if (doc.Str(x, "done", &s, &diags, false) && s != std::to_string(rs->done))
        mismatch(want + " done", s, std::to_string(rs->done));
      if (doc.Str(x, "missing", &s, &diags, false) && s != std::to_string(rs->missing()))
        mismatch(want + " missing", s, std::to_string(rs->missing()));
      if (doc.Str(x, "deadline", &s, &diags, false) && s != date_text(rs->deadline))
        mismatch(want + " deadline", s, date_text(rs->deadline));
      if (doc.Str(x, "completed_on", &s, &diags, false) && s != date_text(rs->completed_on))
        mismatch(want + " completed_on", s, date_text(rs->completed_on));
      if (doc.Str(x, "overdue", &s, &diags, false) && s != (rs->overdue ? "true" : "false"))
        mismatch(want + " overdue", s, rs->overdue ? "true" : "false");
      if (doc.Str(x, "applies", &s, &diags, false) && s != (rs->applies ? "true" : "false"))
        mismatch(want + " applies", s, rs->applies ? "true" : "false");
    }
  } catch (const YAML::Exception& e) {
    diags.push_back({Severity::kError, {path, e.mark.line + 1, e.mark.column + 1}, e.msg});
  }
  if (HasErrors(diags)) return fail();
  res.passed = res.failures.empty();
  return res;
}

}  // namespace bangfu::casework
