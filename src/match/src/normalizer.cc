#include "bangfu/match/normalizer.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "bm25.h"
#include "text.h"

namespace bangfu::match {
namespace {

constexpr double kDefinitionShare = 0.2;  // Weight of definition/tasks coverage.
constexpr double kMinScore = 0.25;        // Below this the title fits nothing.
constexpr double kTieEpsilon = 1e-6;
constexpr size_t kCommonMin = 64;       // A feature of fewer occupations is never "too common".
constexpr double kAncestorShare = 0.2;  // Support a node gets from its ancestors' match.
// Highest score without a name or alias match: its definition share plus the ancestor share
// of a fully matched ancestor (base support at most 0.5 + 0.5 + kDefinitionShare).
constexpr double kDefinitionOnlyMax = kDefinitionShare + kAncestorShare * (1.0 + kDefinitionShare);

// Feature ids for a corpus; unknown features of a query get -1.
class Vocabulary {
 public:
  int32_t Intern(const std::u16string& f) {
    auto [it, inserted] = ids_.emplace(f, static_cast<int32_t>(ids_.size()));
    return it->second;
  }
  int32_t Find(const std::u16string& f) const {
    auto it = ids_.find(f);
    return it == ids_.end() ? -1 : it->second;
  }
  size_t size() const { return ids_.size(); }

 private:
  std::unordered_map<std::u16string, int32_t> ids_;
};

std::vector<std::u16string> UniqueFeatures(std::u16string_view text) {
  std::vector<std::u16string> f;
  text::Features(text, f);
  std::sort(f.begin(), f.end());
  f.erase(std::unique(f.begin(), f.end()), f.end());
  return f;
}

// Names and aliases with their "/"-separated alternatives split apart.
std::vector<std::u16string> ViewTexts(const Occupation& occ) {
  std::vector<std::u16string> out;
  auto add = [&](const std::string& s) {
    std::u16string folded = text::Fold(s);
    size_t start = 0;
    while (start <= folded.size()) {
      size_t slash = folded.find(u'/', start);
      if (slash == std::u16string::npos) slash = folded.size();
      std::u16string part = folded.substr(start, slash - start);
      if (!part.empty()) out.push_back(std::move(part));
      start = slash + 1;
    }
  };
  add(occ.name);
  for (const auto& a : occ.aliases) add(a);
  return out;
}

struct Scratch {
  std::vector<float> acc;
  std::vector<int32_t> touched;
  void Reset(size_t n) {
    if (acc.size() < n) acc.resize(n, 0.f);
    for (int32_t i : touched) acc[i] = 0.f;
    touched.clear();
  }
  void Add(int32_t i, float v) {
    if (acc[i] == 0.f) touched.push_back(i);
    acc[i] += v;
  }
};

struct Candidate {
  int32_t occ;
  double score;
};

// Best candidate; exact ties between codes that are not ancestor and descendant resolve to
// their nearest common present ancestor.
NormalizeResult Pick(const Taxonomy& tax, const std::vector<Candidate>& cands) {
  const auto& occs = tax.occupations();
  auto better = [&](const Candidate& a, const Candidate& b) {
    if (a.score != b.score) return a.score > b.score;
    if (occs[a.occ].level != occs[b.occ].level) return occs[a.occ].level > occs[b.occ].level;
    return occs[a.occ].code < occs[b.occ].code;
  };
  if (cands.empty()) return {};
  const Candidate* top = &cands[0];
  for (const auto& c : cands)
    if (better(c, *top)) top = &c;
  if (top->score < kMinScore) return {};
  const double best = top->score;
  std::vector<Candidate> tied_cands;
  for (const auto& c : cands)
    if (best - c.score <= kTieEpsilon) tied_cands.push_back(c);
  std::sort(tied_cands.begin(), tied_cands.end(), better);
  std::vector<OccCode> tied;
  for (const auto& c : tied_cands) tied.push_back(occs[c.occ].code);
  auto is_ancestor = [&](int32_t a, int32_t d) {
    for (int32_t p = occs[d].parent; p >= 0; p = occs[p].parent)
      if (p == a) return true;
    return false;
  };
  std::vector<int32_t> leaves;
  for (OccCode c : tied) {
    const int32_t i = tax.Find(c);
    bool covered = false;
    for (OccCode o : tied)
      if (o != c && is_ancestor(i, tax.Find(o))) covered = true;
    if (!covered) leaves.push_back(i);
  }
  int32_t chosen = top->occ;
  if (leaves.size() > 1) {
    // Nearest common ancestor: walk up from the first leaf until it covers all others.
    for (int32_t p = occs[leaves[0]].parent; p >= 0; p = occs[p].parent) {
      bool all = true;
      for (size_t k = 1; k < leaves.size() && all; ++k) all = is_ancestor(p, leaves[k]);
      if (all) {
        chosen = p;
        break;
      }
    }
  }
  return {occs[chosen].code, occs[chosen].name, best};
}

class DiceNormalizer : public Normalizer {
 public:
  explicit DiceNormalizer(const Taxonomy& tax) : tax_(tax) {
    const auto& occs = tax.occupations();
    std::vector<std::vector<int32_t>> view_feats;
    std::vector<int32_t> df;
    for (int32_t i = 0; i < static_cast<int32_t>(occs.size()); ++i) {
      std::vector<int32_t> seen;
      for (const auto& v : ViewTexts(occs[i])) {
        std::vector<int32_t> ids;
        for (const auto& f : UniqueFeatures(v)) ids.push_back(vocab_.Intern(f));
        if (ids.empty()) continue;
        views_.push_back({i, 0.f});
        view_feats.push_back(ids);
        seen.insert(seen.end(), ids.begin(), ids.end());
      }
      std::u16string def = text::Fold(occs[i].definition + " " + occs[i].tasks);
      std::vector<int32_t> def_ids;
      for (const auto& f : UniqueFeatures(def)) def_ids.push_back(vocab_.Intern(f));
      if (def_postings_.size() < vocab_.size()) def_postings_.resize(vocab_.size());
      for (int32_t f : def_ids) def_postings_[f].push_back(i);
      std::sort(seen.begin(), seen.end());
      seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
      if (df.size() < vocab_.size()) df.resize(vocab_.size(), 0);
      if (occ_postings_.size() < vocab_.size()) occ_postings_.resize(vocab_.size());
      for (int32_t f : seen) {
        ++df[f];
        occ_postings_[f].push_back(i);
      }
    }
    df.resize(vocab_.size(), 0);
    def_postings_.resize(vocab_.size());
    occ_postings_.resize(vocab_.size());
    const double n = static_cast<double>(std::max<size_t>(1, occs.size()));
    max_idf_ = static_cast<float>(std::log(1.0 + n));
    idf_.resize(vocab_.size());
    for (size_t f = 0; f < idf_.size(); ++f)
      idf_[f] = df[f] ? static_cast<float>(std::log(1.0 + n / df[f])) : max_idf_;
    // Features in more than a tenth of all definitions ("从事", "人员" …) say nothing about
    // which occupation is meant; they still count in the title's norm.
    for (auto& list : def_postings_)
      if (list.size() > kCommonMin && list.size() * 10 > occs.size())
        std::vector<int32_t>().swap(list);
    // Likewise features in the names or aliases of more than an eighth of all occupations.
    for (size_t f = 0; f < occ_postings_.size(); ++f)
      if (occ_postings_[f].size() > kCommonMin && occ_postings_[f].size() * 8 > occs.size()) {
        std::vector<int32_t>().swap(occ_postings_[f]);
        common_.push_back(static_cast<int32_t>(f));
      }
    view_postings_.resize(vocab_.size());
    for (int32_t v = 0; v < static_cast<int32_t>(views_.size()); ++v) {
      for (int32_t f : view_feats[v]) {
        if (!std::binary_search(common_.begin(), common_.end(), f)) view_postings_[f].push_back(v);
        views_[v].norm += idf_[f];
      }
    }
  }

  NormalizeResult Normalize(std::string_view title) const override {
    std::u16string clean = text::CleanTitle(title);
    text::ExpandShorthand(clean);
    const auto feats = UniqueFeatures(clean);
    if (feats.empty()) return {};
    thread_local Scratch view_acc, def_acc, union_acc, occ_best;
    view_acc.Reset(views_.size());
    def_acc.Reset(tax_.size());
    union_acc.Reset(tax_.size());
    occ_best.Reset(tax_.size());
    double title_norm = 0;
    for (const auto& f : feats) {
      const int32_t id = vocab_.Find(f);
      const float w = id >= 0 ? idf_[id] : max_idf_;
      title_norm += w;
      if (id < 0) continue;
      for (int32_t v : view_postings_[id]) view_acc.Add(v, w);
      for (int32_t o : def_postings_[id]) def_acc.Add(o, w);
      for (int32_t o : occ_postings_[id]) union_acc.Add(o, w);
    }
    for (int32_t v : view_acc.touched) {
      const float dice = static_cast<float>(2.0 * view_acc.acc[v] / (title_norm + views_[v].norm));
      const int32_t o = views_[v].occ;
      if (occ_best.acc[o] == 0.f) occ_best.touched.push_back(o);
      occ_best.acc[o] = std::max(occ_best.acc[o], dice);
    }
    // Base support: the closest single view, how much of the title all views together
    // cover, and how much of it the definition covers.
    const double inv_norm = 1.0 / title_norm;
    auto base = [&](int32_t o) {
      return 0.5 * occ_best.acc[o] +
             (0.5 * union_acc.acc[o] + kDefinitionShare * def_acc.acc[o]) * inv_norm;
    };
    std::vector<Candidate> cands;
    cands.reserve(occ_best.touched.size());
    double best = 0;
    auto add = [&](int32_t o) {
      double anc = 0;
      for (int32_t p = tax_.occupations()[o].parent; p >= 0; p = tax_.occupations()[p].parent)
        anc = std::max(anc, base(p));
      cands.push_back({o, Round(base(o) + kAncestorShare * anc)});
      best = std::max(best, cands.back().score);
    };
    for (int32_t o : occ_best.touched) add(o);
    // An occupation only its definition mentions scores at most kDefinitionOnlyMax.
    if (best < kDefinitionOnlyMax)
      for (int32_t o : def_acc.touched)
        if (occ_best.acc[o] == 0.f) add(o);
    return Pick(tax_, cands);
  }

 private:
  struct View {
    int32_t occ;
    float norm;
  };
  // Scores rounded so that sums taken in different orders tie exactly.
  static double Round(double s) { return std::round(s * 1e5) / 1e5; }

  const Taxonomy& tax_;
  Vocabulary vocab_;
  std::vector<View> views_;
  std::vector<float> idf_;
  float max_idf_ = 1.f;
  std::vector<std::vector<int32_t>> view_postings_;
  std::vector<std::vector<int32_t>> def_postings_;
  std::vector<std::vector<int32_t>> occ_postings_;  // Feature → occupations (any view).
  std::vector<int32_t> common_;                     // Sorted ids of features too common to look up.
};

class Bm25Normalizer : public Normalizer {
 public:
  explicit Bm25Normalizer(const Taxonomy& tax) : tax_(tax) {
    for (const auto& occ : tax.occupations()) {
      std::string doc = occ.name;
      for (const auto& a : occ.aliases) doc += " " + a;
      doc += " " + occ.definition;
      std::vector<std::u16string> f;
      text::Features(text::Fold(doc), f);
      index_.Add(f);
    }
  }

  NormalizeResult Normalize(std::string_view title) const override {
    std::u16string clean = text::CleanTitle(title);
    text::ExpandShorthand(clean);
    std::vector<std::u16string> query;
    text::Features(clean, query);
    const auto& occs = tax_.occupations();
    int32_t best = -1;
    double best_score = 0;
    index_.Query(query, [&](int32_t doc, double score) {
      if (best < 0 || score > best_score ||
          (score == best_score && occs[doc].code < occs[best].code)) {
        best = doc;
        best_score = score;
      }
    });
    if (best < 0) return {};
    return {occs[best].code, occs[best].name, best_score};
  }

 private:
  const Taxonomy& tax_;
  Bm25Index index_;
};

}  // namespace

std::unique_ptr<Normalizer> Normalizer::Create(const Taxonomy& taxonomy, NormalizerKind kind) {
  if (kind == NormalizerKind::kBm25) return std::make_unique<Bm25Normalizer>(taxonomy);
  return std::make_unique<DiceNormalizer>(taxonomy);
}

Result<std::vector<LabelledTitle>> ParseLabelledTitles(std::string_view text) {
  std::vector<LabelledTitle> out;
  int64_t line_no = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos)
      return Error::InvalidArgument("第 " + std::to_string(line_no) + " 行缺少制表符分隔的职业代码",
                                    "line " + std::to_string(line_no));
    std::string_view code_text = line.substr(tab + 1);
    const size_t tab2 = code_text.find('\t');
    if (tab2 != std::string_view::npos) code_text = code_text.substr(0, tab2);
    auto code = ParseOccCode(code_text);
    if (!code)
      return Error::InvalidArgument(
          "第 " + std::to_string(line_no) + " 行职业代码无效: " + std::string(code_text),
          "line " + std::to_string(line_no));
    out.push_back({std::string(line.substr(0, tab)), *code, line_no});
  }
  return out;
}

NormalizeAccuracy EvaluateNormalizer(const Normalizer& normalizer,
                                     const std::vector<LabelledTitle>& set,
                                     std::vector<std::string>* misses) {
  NormalizeAccuracy acc;
  for (const auto& t : set) {
    const NormalizeResult r = normalizer.Normalize(t.title);
    ++acc.total;
    const bool exact = r.code == t.code;
    const bool middle = r.code != 0 &&
                        AncestorAt(r.code, OccupationLevel::kMiddle) ==
                            AncestorAt(t.code, OccupationLevel::kMiddle) &&
                        ShapeLevel(r.code) >= OccupationLevel::kMiddle;
    acc.exact += exact;
    acc.middle += middle;
    if (!exact && misses)
      misses->push_back(t.title + "\t" + FormatOccCode(t.code) + "\t" +
                        (r.code ? FormatOccCode(r.code) + " " + r.name : std::string("-")));
  }
  return acc;
}

}  // namespace bangfu::match
