#include "bangfu/casework/standard.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "bangfu/policy/cases.h"
#include "bangfu/policy/yaml_doc.h"

namespace bangfu::casework {
namespace {

using policy::Diagnostic;
using policy::Severity;
using policy::YamlDoc;
using Diags = std::vector<Diagnostic>;

constexpr std::string_view kAnchorNames[] = {"registration", "graduation", "plan_opened"};
constexpr std::string_view kAnchorLabels[] = {"登记", "毕业", "制定援助计划"};
constexpr std::string_view kNeedNames[] = {"everyone", "wants_work", "training_need",
                                           "startup_intention", "no_intention"};
constexpr std::string_view kNeedLabels[] = {"所有未就业人员", "有就业意愿", "有培训需求",
                                            "有创业意向", "暂无就业意愿"};

template <typename E, size_t N>
bool Lookup(const std::string_view (&names)[N], std::string_view s, E* out) {
  for (size_t i = 0; i < N; ++i)
    if (names[i] == s) {
      *out = static_cast<E>(i);
      return true;
    }
  return false;
}
template <size_t N>
std::string OneOf(const std::string_view (&names)[N]) {
  std::string s;
  for (auto n : names) s += (s.empty() ? "" : ", ") + std::string(n);
  return s;
}

std::string ServiceKindIds() {
  std::string s;
  for (const auto& k : domain::ServiceKinds()) s += (s.empty() ? "" : ", ") + std::string(k.id);
  return s;
}

bool ParseInt(std::string_view s, int* out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

std::optional<ServiceKind> ParseServiceKind(std::string_view name) {
  return domain::ParseServiceKind(name);
}
std::string_view Name(Anchor a) { return kAnchorNames[static_cast<int>(a)]; }
std::string_view Label(Anchor a) { return kAnchorLabels[static_cast<int>(a)]; }
std::string_view Name(Need n) { return kNeedNames[static_cast<int>(n)]; }
std::string_view Label(Need n) { return kNeedLabels[static_cast<int>(n)]; }

int StandardSet::Find(std::string_view id) const {
  for (size_t i = 0; i < standards_.size(); ++i)
    if (standards_[i].id == id) return static_cast<int>(i);
  return -1;
}

class StandardLoader {
 public:
  LoadedStandards Load(const std::vector<std::pair<std::string, std::string>>& texts) {
    auto set = std::make_shared<StandardSet>();
    struct Parsed {
      Standard s;
      std::unique_ptr<YamlDoc> doc;
      YAML::Node covers;
    };
    std::vector<Parsed> parsed;
    bool ok = true;
    for (const auto& [file, text] : texts) {
      Parsed p;
      p.doc = std::make_unique<YamlDoc>(text, file);
      const size_t errors_before = CountErrors();
      try {
        if (p.doc->Load(&diags_)) ReadStandard(*p.doc, &p.s, &p.covers);
      } catch (const YAML::Exception& e) {
        diags_.push_back({Severity::kError, {file, e.mark.line + 1, e.mark.column + 1}, e.msg});
      }
      if (CountErrors() != errors_before) {
        ok = false;
        continue;
      }
      p.s.file = file;
      parsed.push_back(std::move(p));
    }
    // Precedence: highest priority first; equal priorities are refused, so the order never
    // depends on file names. Indexes are sorted, not the entries: assigning a YAML::Node
    // overwrites the node it refers to.
    std::vector<size_t> order(parsed.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return parsed[a].s.priority > parsed[b].s.priority;
    });
    for (size_t oi = 0; oi < order.size(); ++oi) {
      Parsed& p = parsed[order[oi]];
      for (size_t oj = 0; oj < oi; ++oj) {
        const Standard& q = set->standards_[oj];
        if (q.id == p.s.id) {
          diags_.push_back({Severity::kError, p.s.pos,
                            "duplicate standard '" + p.s.id + "' (also " + q.file + ")"});
          ok = false;
        } else if (q.priority == p.s.priority) {
          diags_.push_back({Severity::kError, p.s.pos,
                            "standards '" + q.id + "' and '" + p.s.id +
                                "' have the same priority " + std::to_string(p.s.priority) +
                                ": which applies to a person both cover would be undefined"});
          ok = false;
        }
      }
      // The coverage must be compiled while the document text is alive (positions).
      try {
        if (set->coverage_.Add(*p.doc, p.covers, "standard:" + p.s.id, &diags_) < 0) ok = false;
      } catch (const YAML::Exception& e) {
        diags_.push_back({Severity::kError, p.s.pos, e.msg});
        ok = false;
      }
      set->standards_.push_back(std::move(p.s));
    }
    LoadedStandards out;
    std::stable_sort(diags_.begin(), diags_.end(), [](const Diagnostic& a, const Diagnostic& b) {
      return std::tie(a.pos.file, a.pos.line, a.pos.column) <
             std::tie(b.pos.file, b.pos.line, b.pos.column);
    });
    out.diagnostics = std::move(diags_);
    if (ok) out.set = std::move(set);
    return out;
  }

 private:
  size_t CountErrors() const {
    return std::count_if(diags_.begin(), diags_.end(),
                         [](const Diagnostic& d) { return d.severity == Severity::kError; });
  }

  void ReadStandard(const YamlDoc& doc, Standard* s, YAML::Node* covers) {
    const YAML::Node& root = doc.root();
    doc.OnlyKeys(root, {"standard", "name", "source", "priority", "covers", "requirements", "notes"},
                 "a standard", &diags_);
    s->pos = doc.Pos(root["standard"]);
    if (s->pos.line == 0) s->pos = {doc.file(), 1, 1};
    doc.Str(root, "standard", &s->id, &diags_);
    doc.Str(root, "name", &s->name, &diags_);
    doc.Str(root, "source", &s->source, &diags_);
    std::string text;
    if (doc.Str(root, "priority", &text, &diags_) && !ParseInt(text, &s->priority))
      doc.Error(root["priority"], "'priority' must be a whole number", &diags_);
    *covers = root["covers"];
    if (!*covers) doc.Error(root, "missing 'covers' (the conditions of the people covered)", &diags_);
    else if (covers->IsSequence())
      for (const auto& c : *covers)
        if (c.IsScalar()) s->covers.push_back(c.Scalar());
    const YAML::Node reqs = root["requirements"];
    if (!reqs || !reqs.IsSequence() || reqs.size() == 0) {
      doc.Error(reqs ? reqs : root, "'requirements' must be a non-empty list", &diags_);
      return;
    }
    for (const auto& n : reqs) {
      Requirement r;
      if (ReadRequirement(doc, n, &r)) {
        for (const auto& o : s->requirements)
          if (o.id == r.id) doc.Error(n["id"], "duplicate requirement '" + r.id + "'", &diags_);
        s->requirements.push_back(std::move(r));
      }
    }
  }

  bool ReadRequirement(const YamlDoc& doc, const YAML::Node& n, Requirement* r) {
    if (!n.IsMap()) {
      doc.Error(n, "a requirement must be a mapping", &diags_);
      return false;
    }
    doc.OnlyKeys(n, {"id", "name", "clause", "services", "at_least", "within", "for", "note"},
                 "a requirement", &diags_);
    r->pos = doc.Pos(n);
    bool ok = doc.Str(n, "id", &r->id, &diags_) & doc.Str(n, "name", &r->name, &diags_) &
              doc.Str(n, "clause", &r->clause, &diags_);
    const YAML::Node services = n["services"];
    if (!services || !services.IsSequence() || services.size() == 0) {
      doc.Error(services ? services : n, "'services' must be a non-empty list of service kinds",
                &diags_);
      ok = false;
    } else {
      for (const auto& k : services) {
        auto kind = k.IsScalar() ? ParseServiceKind(k.Scalar()) : std::nullopt;
        if (!kind) {
          doc.Error(k, "unknown service kind '" + (k.IsScalar() ? k.Scalar() : std::string()) +
                           "' (one of: " + ServiceKindIds() + ")",
                    &diags_);
          ok = false;
        } else {
          r->services |= 1u << static_cast<int>(*kind);
        }
      }
    }
    std::string text;
    if (doc.Str(n, "at_least", &text, &diags_) &&
        (!ParseInt(text, &r->at_least) || r->at_least < 1 || r->at_least > kMaxAtLeast)) {
      doc.Error(n["at_least"], "'at_least' must be a whole number from 1 to 100", &diags_);
      ok = false;
    }
    if (doc.Str(n, "within", &text, &diags_)) ok &= ReadWithin(doc, n["within"], text, r);
    else ok = false;
    if (doc.Str(n, "for", &text, &diags_, false) && !Lookup(kNeedNames, text, &r->need)) {
      doc.Error(n["for"], "'for' must be one of: " + OneOf(kNeedNames), &diags_);
      ok = false;
    }
    return ok;
  }

  // "30 days of registration"
  bool ReadWithin(const YamlDoc& doc, const YAML::Node& n, const std::string& text,
                  Requirement* r) {
    const size_t sp = text.find(' ');
    const std::string_view t(text);
    const std::string_view kDays = " days of ";
    const size_t at = t.find(kDays);
    if (sp == std::string::npos || at != sp) {
      doc.Error(n, "'within' must read 'N days of ANCHOR' (ANCHOR one of: " + OneOf(kAnchorNames) +
                       ")",
                &diags_);
      return false;
    }
    if (!ParseInt(t.substr(0, sp), &r->within_days) || r->within_days < 1 ||
        r->within_days > 3660) {
      diags_.push_back({Severity::kError, doc.PosIn(n, 0),
                        "the number of days must be a whole number from 1 to 3660"});
      return false;
    }
    const std::string_view anchor = t.substr(at + kDays.size());
    if (!Lookup(kAnchorNames, anchor, &r->anchor)) {
      diags_.push_back({Severity::kError, doc.PosIn(n, static_cast<int>(at + kDays.size())),
                        "unknown anchor '" + std::string(anchor) +
                            "' (one of: " + OneOf(kAnchorNames) + ")"});
      return false;
    }
    return true;
  }

  Diags diags_;
};

LoadedStandards LoadStandardTexts(const std::vector<std::pair<std::string, std::string>>& texts) {
  return StandardLoader().Load(texts);
}

LoadedStandards LoadStandards(const std::vector<std::string>& files) {
  std::vector<std::pair<std::string, std::string>> texts;
  LoadedStandards failed;
  for (const auto& f : files) {
    auto t = policy::ReadTextFile(f);
    if (!t.ok())
      failed.diagnostics.push_back({Severity::kError, {f, 0, 0}, t.error().message});
    else
      texts.emplace_back(f, std::move(*t));
  }
  if (!failed.diagnostics.empty()) return failed;
  return LoadStandardTexts(texts);
}

std::vector<std::string> FindStandardFiles(const std::vector<std::string>& paths,
                                           std::vector<std::string>* errors) {
  // Case files name their set under `standards:`, so only standard files match.
  return policy::FindYamlFilesWithKey(paths, "standard", errors);
}

}  // namespace bangfu::casework
