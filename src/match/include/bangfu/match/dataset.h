// Matching data as files, a generator of synthetic districts with known true matches, and
// ranking quality (recall@k, nDCG@k) against labelled pairs, for the engine and for a BM25
// baseline over posting text.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "bangfu/base/result.h"
#include "bangfu/match/engine.h"
#include "bangfu/match/taxonomy.h"

namespace bangfu::match {

struct Dataset {
  std::vector<Posting> postings;
  std::vector<Person> persons;
};

// A labelled pair: `gain` 2 = a true match, 1 = an acceptable one; unlisted pairs are 0.
struct LabelledPair {
  uint64_t person = 0;
  uint64_t posting = 0;
  int gain = 0;
};

struct GenerateOptions {
  int64_t postings = 2000;
  int64_t persons = 1000;
  uint64_t seed = 1;
};

// A synthetic province (50) of 2 cities × 20 counties × 15 towns × 10 villages. Occupations
// are the taxonomy's leaves with Zipf-distributed popularity; each occupation has its own small
// pool of skills. Two people in three are drawn near a random posting (its occupation or a
// sibling in the same 小类, its county, enough education, a salary it pays); the rest at
// random. 20% are hardship persons, 40% graduates. Deterministic for a seed. The taxonomy
// must have at least one leaf.
Dataset Generate(const Taxonomy& taxonomy, const GenerateOptions& options);

// The ground truth the generator's world implies, by checking every pair (for small data):
// gain 2 when the person desires the posting's exact occupation, lives in its county, meets
// its education and the hard rules, and it pays what they expect; gain 1 when instead the
// occupation only shares the 小类, or the place only the city. Sorted by person, posting.
std::vector<LabelledPair> TrueMatches(const Dataset& data);

// CSV with a header. postings: id,occupation,openings,education_min,majors,skills,salary_min,
// salary_max,region,kind,warnings. persons: id,desired,education,major,skills,
// expected_salary,region,categories,graduate. Lists inside a field are separated by '|';
// education, kind, warnings and categories use their ids (domain::Id, WorkKindId …).
std::string PostingsToCsv(const std::vector<Posting>& postings);
std::string PersonsToCsv(const std::vector<Person>& persons);
// Errors name the line and the column ("第 3 行 region: …", field "line 3 region").
Result<std::vector<Posting>> PostingsFromCsv(std::string_view text);
Result<std::vector<Person>> PersonsFromCsv(std::string_view text);
// Pairs: "person<TAB>posting<TAB>gain" lines.
std::string PairsToTsv(const std::vector<LabelledPair>& pairs);
Result<std::vector<LabelledPair>> PairsFromTsv(std::string_view text);

struct RankingQuality {
  int k = 10;
  int64_t queries = 0;  // People with at least one labelled pair.
  double recall = 0;    // Mean of |relevant ∩ top-k| / min(k, |relevant|), relevant = gain > 0.
  double ndcg = 0;      // Mean nDCG@k with gain 2^g − 1 and log2 discounts.
};

// `ranked[person]` is the ranked posting ids returned for that person.
RankingQuality EvaluateRanking(const std::map<uint64_t, std::vector<uint64_t>>& ranked,
                               const std::vector<LabelledPair>& pairs, int k);

// The engine: loads every posting and person into a Matcher and returns each person's top-k.
// Fails with the first posting or person the matcher rejects (its id in the message).
Result<std::map<uint64_t, std::vector<uint64_t>>> RankWithMatcher(const Dataset& data, int k);

// The baseline: Okapi BM25 over each posting's text (occupation name, skills, majors, county
// code) queried with the person's text (desired occupation names, skills, major, county code).
// Returns the top-k posting ids for every person in `data`.
std::map<uint64_t, std::vector<uint64_t>> RankWithBm25(const Taxonomy& taxonomy,
                                                       const Dataset& data, int k);

}  // namespace bangfu::match
