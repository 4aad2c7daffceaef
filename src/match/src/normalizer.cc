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
// Added to a view's Dice when the title holds all of the view's looked-up features: a title is
// mostly an occupation's name with words around it ("医院护工" holds 护工 whole, and only 医院
// of 医院管理人员).
constexpr float kContainBonus = 0.3f;
// Weight, relative to the rarest feature, of a title feature that no occupation's name or alias
// uses (a place, a brand, 阿姨, 小哥 …): it still makes the title less specific, but does not
// push a clear 保安 or 保洁 below kMinScore the way a full-weight unknown word does.
constexpr double kUnknownShare = 0.3;
// Weight, relative to its own, of a feature only in a segment of context when another segment
// names the job: "品检员 电子厂" is a 品检员 at an electronics plant, "住院陪护 按天结算" a 陪护
// paid by the day, not an accountant (结算).
constexpr float kContextShare = 0.4f;
constexpr size_t kCommonMin = 64;       // A feature of fewer occupations is never "too common".
constexpr double kAncestorShare = 0.2;  // Support a node gets from its ancestors' match.
// Highest score without a name or alias match: its definition share plus the ancestor share
// of a fully matched ancestor (base support at most 0.5 + 0.5 + kDefinitionShare).
constexpr double kDefinitionOnlyMax = kDefinitionShare + kAncestorShare * (1.0 + kDefinitionShare);

// Feature ids for a corpus; unknown features of a query get -1. An open-addressing table
// over one character arena: a lookup is a hash and, mostly, one probe — no node chase and no
// string built (a node-based map of ~100,000 features cost a sixth of a title's time).
class Vocabulary {
 public:
  int32_t Intern(std::u16string_view f) {
    if ((words_.size() + 1) * 2 > slots_.size()) Grow();
    const uint64_t h = Hash(f);
    size_t i = h & (slots_.size() - 1);
    for (; slots_[i].id >= 0; i = (i + 1) & (slots_.size() - 1))
      if (slots_[i].tag == Tag(h) && Text(slots_[i].id) == f) return slots_[i].id;
    const auto id = static_cast<int32_t>(words_.size());
    slots_[i] = {Tag(h), id};
    words_.push_back({static_cast<uint32_t>(arena_.size()), static_cast<uint32_t>(f.size()), h});
    arena_.append(f);
    return id;
  }
  int32_t Find(std::u16string_view f) const {
    if (slots_.empty()) return -1;
    const uint64_t h = Hash(f);
    for (size_t i = h & (slots_.size() - 1); slots_[i].id >= 0; i = (i + 1) & (slots_.size() - 1))
      if (slots_[i].tag == Tag(h) && Text(slots_[i].id) == f) return slots_[i].id;
    return -1;
  }
  size_t size() const { return words_.size(); }

 private:
  // 8 bytes a slot, so that the table of the whole classification stays small in cache.
  struct Slot {
    uint32_t tag = 0;  // High hash bits: most mismatches end here without reading the text.
    int32_t id = -1;
  };
  struct Word {
    uint32_t offset;
    uint32_t length;
    uint64_t hash;
  };
  static uint64_t Hash(std::u16string_view f) {
    uint64_t h = 1469598103934665603ull;  // FNV-1a over the code units, then a final mix.
    for (char16_t c : f) h = (h ^ c) * 1099511628211ull;
    return h ^ (h >> 29);
  }
  static uint32_t Tag(uint64_t h) { return static_cast<uint32_t>(h >> 32); }
  std::u16string_view Text(int32_t id) const {
    return std::u16string_view(arena_).substr(words_[id].offset, words_[id].length);
  }
  void Grow() {
    slots_.assign(std::max<size_t>(1024, slots_.size() * 2), Slot{});
    for (size_t id = 0; id < words_.size(); ++id) {
      size_t i = words_[id].hash & (slots_.size() - 1);
      while (slots_[i].id >= 0) i = (i + 1) & (slots_.size() - 1);
      slots_[i] = {Tag(words_[id].hash), static_cast<int32_t>(id)};
    }
  }

  std::vector<Slot> slots_;  // Power-of-two size, at most half full.
  std::vector<Word> words_;  // By id.
  std::u16string arena_;
};

// The distinct features of `text` into `f` (cleared first; its capacity is reused).
void UniqueFeatures(std::u16string_view text, std::vector<std::u16string>& f) {
  f.clear();
  text::Features(text, f);
  std::sort(f.begin(), f.end());
  f.erase(std::unique(f.begin(), f.end()), f.end());
}

std::vector<std::u16string> UniqueFeatures(std::u16string_view text) {
  std::vector<std::u16string> f;
  UniqueFeatures(text, f);
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
  thread_local std::vector<Candidate> tied;
  tied.clear();
  for (const auto& c : cands)
    if (best - c.score <= kTieEpsilon) tied.push_back(c);
  int32_t chosen = top->occ;
  if (tied.size() > 1) {
    std::sort(tied.begin(), tied.end(), better);
    auto is_ancestor = [&](int32_t a, int32_t d) {
      for (int32_t p = occs[d].parent; p >= 0; p = occs[p].parent)
        if (p == a) return true;
      return false;
    };
    thread_local std::vector<int32_t> leaves;
    leaves.clear();
    for (const auto& c : tied) {
      bool covered = false;
      for (const auto& o : tied)
        if (o.occ != c.occ && is_ancestor(c.occ, o.occ)) covered = true;
      if (!covered) leaves.push_back(c.occ);
    }
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
        views_.push_back({i, 0.f, 0.f});
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
      for (int32_t f : seen) ++df[f];
    }
    df.resize(vocab_.size(), 0);
    def_postings_.resize(vocab_.size());
    const double n = static_cast<double>(std::max<size_t>(1, occs.size()));
    max_idf_ = static_cast<float>(std::log(1.0 + n));
    unknown_weight_ = static_cast<float>(kUnknownShare * max_idf_);
    idf_.resize(vocab_.size());
    // A feature only definitions use weighs as an unknown one in the title: names and aliases
    // are what a title is written in.
    for (size_t f = 0; f < idf_.size(); ++f)
      idf_[f] = df[f] ? static_cast<float>(std::log(1.0 + n / df[f])) : unknown_weight_;
    // Features in more than a tenth of all definitions ("从事", "人员" …) say nothing about
    // which occupation is meant; they still count in the title's norm.
    for (auto& list : def_postings_)
      if (list.size() > kCommonMin && list.size() * 10 > occs.size())
        std::vector<int32_t>().swap(list);
    // Likewise features in the names or aliases of more than an eighth of all occupations.
    // (df counts the occupations having the feature in any name or alias.)
    for (size_t f = 0; f < df.size(); ++f)
      if (static_cast<size_t>(df[f]) > kCommonMin && static_cast<size_t>(df[f]) * 8 > occs.size())
        common_.push_back(static_cast<int32_t>(f));
    for (const auto& o : occs) parents_.push_back(o.parent);
    view_postings_.resize(vocab_.size());
    for (int32_t v = 0; v < static_cast<int32_t>(views_.size()); ++v) {
      for (int32_t f : view_feats[v]) {
        if (!std::binary_search(common_.begin(), common_.end(), f)) {
          view_postings_[f].push_back({v, views_[v].occ});
          views_[v].found_norm += idf_[f];
        }
        views_[v].norm += idf_[f];
      }
    }
  }

  NormalizeResult Normalize(std::string_view title) const override {
    thread_local std::u16string clean;
    bool cut = false;
    text::CleanTitle(title, clean, &cut);
    text::ExpandShorthand(clean);
    NormalizeResult r = Score(clean);
    // Second look: an employer cut off before the job ("韵达快递招聘派送员") may be what names it.
    if (r.code == 0 && cut) {
      text::CleanTitle(title, clean, nullptr);
      text::ExpandShorthand(clean);
      r = Score(clean);
    }
    return r;
  }

 private:
  // The best occupation for cleaned, expanded title text.
  NormalizeResult Score(std::u16string_view clean) const {
    // Features with the share they weigh: 1 in a segment that names a job, kContextShare in
    // the others when some segment does (the employer, place or requirement around the job).
    thread_local std::vector<std::u16string_view> segments;
    thread_local std::vector<std::u16string> seg_feats;
    thread_local std::vector<std::pair<std::u16string, float>> feats;
    text::SplitSegments(clean, segments);
    thread_local std::vector<char> job;
    feats.clear();
    job.clear();
    for (auto seg : segments) job.push_back(text::NamesAJob(seg));
    const bool any_job = std::find(job.begin(), job.end(), 1) != job.end();
    for (size_t k = 0; k < segments.size(); ++k) {
      const float share = !any_job || job[k] ? 1.f : kContextShare;
      seg_feats.clear();
      text::Features(segments[k], seg_feats);
      for (auto& f : seg_feats) feats.emplace_back(std::move(f), share);
    }
    if (feats.empty()) return {};
    // One entry a feature, with its largest share.
    std::sort(feats.begin(), feats.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first < b.first : a.second > b.second;
    });
    feats.erase(std::unique(feats.begin(), feats.end(),
                            [](const auto& a, const auto& b) { return a.first == b.first; }),
                feats.end());
    thread_local Scratch view_acc, def_acc, union_acc, occ_best;
    view_acc.Reset(views_.size());
    def_acc.Reset(tax_.size());
    union_acc.Reset(tax_.size());
    occ_best.Reset(tax_.size());
    double title_norm = 0;
    for (const auto& [f, share] : feats) {
      const int32_t id = vocab_.Find(f);
      const float w = share * (id >= 0 ? idf_[id] : unknown_weight_);
      title_norm += w;
      if (id < 0) continue;
      // A feature's views are in id order and an occupation's views are consecutive, so the
      // occupations having it in any view (the union) are counted once each on the way.
      int32_t last_occ = -1;
      for (const ViewRef& r : view_postings_[id]) {
        view_acc.Add(r.view, w);
        if (r.occ != last_occ) union_acc.Add(r.occ, w);
        last_occ = r.occ;
      }
      for (int32_t o : def_postings_[id]) def_acc.Add(o, w);
    }
    for (int32_t v : view_acc.touched) {
      float dice = static_cast<float>(2.0 * view_acc.acc[v] / (title_norm + views_[v].norm));
      if (view_acc.acc[v] >= views_[v].found_norm * 0.9999f) dice += kContainBonus;
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
    thread_local std::vector<Candidate> cands;
    cands.clear();
    double best = 0;
    auto add = [&](int32_t o) {
      double anc = 0;
      for (int32_t p = parents_[o]; p >= 0; p = parents_[p]) anc = std::max(anc, base(p));
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

  struct View {
    int32_t occ;
    float norm;
    float found_norm = 0.f;  // Of the features looked up (not too common).
  };
  // A posting of a view under a feature, with the view's occupation beside it so that the
  // union of an occupation's views is counted without another lookup.
  struct ViewRef {
    int32_t view;
    int32_t occ;
  };
  // Scores rounded so that sums taken in different orders tie exactly.
  static double Round(double s) { return std::round(s * 1e5) / 1e5; }

  const Taxonomy& tax_;
  Vocabulary vocab_;
  std::vector<View> views_;
  std::vector<float> idf_;
  float max_idf_ = 1.f;
  float unknown_weight_ = 1.f;  // Title weight of a feature no name or alias has.
  std::vector<std::vector<ViewRef>> view_postings_;
  std::vector<int32_t> parents_;  // Occupation → parent index (-1 at the top), compact.
  std::vector<std::vector<int32_t>> def_postings_;
  std::vector<int32_t> common_;  // Sorted ids of features too common to look up.
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
