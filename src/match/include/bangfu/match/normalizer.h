// Occupation normalisation: a free-text job title or desired occupation ("汽修学徒工",
// "金房物业招聘保安") → the most specific occupation code the text supports.
//
// How: the title is cleaned of job-board noise and split into features (ICU word segments and
// Han bigrams, see text.h). Every occupation is indexed by the same features of its name and of
// each alias (a "view"), and of its definition and tasks. Candidates come from the inverted
// index only (features in more than an eighth of the names and aliases, or a tenth of the
// definitions, of a large taxonomy are not looked up: they count only in the title's norm). A
// candidate's base support is half the best IDF-weighted Dice overlap between the title and one of
// its views (plus 0.3 when the title holds all of that view's looked-up features: "医院护工"
// contains the alias 护工), half the share of the title all its views together cover, plus 0.2 ×
// the share its definition covers; its score adds 0.2 × the best base support of its ancestors
// (so 高中数学老师 goes to 高级中学教师, helped by 教学人员's 数学老师). A title feature that no
// name or alias has (a place, a brand, 阿姨) weighs 0.3 of the rarest feature in the title's norm.
// Titles are head-final: when some space-separated segment ends in a job word (员, 工, 师, 保安,
// 收银 …), the features of the other segments (employer, place, requirement) weigh 0.4 of theirs.
// Below 0.25 nothing fits; an employer cut off before 招聘 is then put back for a second look
// ("韵达快递招聘派送员"). The best candidate wins; ties go to the
// deeper level, then the smaller code. When two different codes tie exactly, neither is supported
// over the other and their nearest common ancestor present in the taxonomy is returned instead
// (e.g. "老师" → a 中类 rather than one teacher 细类).
//
// Thread-safe after construction: Normalize may be called from many threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bangfu/match/taxonomy.h"

namespace bangfu::match {

struct NormalizeResult {
  OccCode code = 0;  // 0: nothing in the taxonomy fits the title.
  std::string name;  // The occupation's name; empty when code is 0.
  double score = 0;  // In [0, 1.62]; higher is a closer match.
};

// Which matcher to run; kBm25 is the baseline the evaluation compares against: Okapi BM25
// (k1 = 1.2, b = 0.75) with each occupation's name, aliases and definition as one document
// and the same cleaned, shorthand-expanded title features as the query.
enum class NormalizerKind { kDefault, kBm25 };

class Normalizer {
 public:
  virtual ~Normalizer() = default;
  // `taxonomy` must outlive the normaliser.
  static std::unique_ptr<Normalizer> Create(const Taxonomy& taxonomy,
                                            NormalizerKind kind = NormalizerKind::kDefault);
  virtual NormalizeResult Normalize(std::string_view title) const = 0;
};

// Labelled titles: one "title<TAB>code" per line ('#' comments and blank lines skipped).
struct LabelledTitle {
  std::string title;
  OccCode code = 0;
  int64_t line = 0;
};
Result<std::vector<LabelledTitle>> ParseLabelledTitles(std::string_view text);

struct NormalizeAccuracy {
  int64_t total = 0;
  int64_t exact = 0;   // Same code.
  int64_t middle = 0;  // Same 中类 (first two segments), including exact.
  double ExactRate() const { return total ? static_cast<double>(exact) / total : 0; }
  double MiddleRate() const { return total ? static_cast<double>(middle) / total : 0; }
};

// Runs the normaliser over the set; `misses` (may be null) receives the titles it got wrong
// as "title<TAB>expected<TAB>got".
NormalizeAccuracy EvaluateNormalizer(const Normalizer& normalizer,
                                     const std::vector<LabelledTitle>& set,
                                     std::vector<std::string>* misses);

}  // namespace bangfu::match
