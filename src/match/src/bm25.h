// Okapi BM25 (k1 = 1.2, b = 0.75) over documents given as feature lists (text.h features);
// the baseline every evaluation here compares against. Build once, then query from any
// number of threads.
#pragma once

#include <cmath>
#include <string>
#include <unordered_map>
#include <vector>

#include "text.h"

namespace bangfu::match {

class Bm25Index {
 public:
  // Documents are numbered in the order added, from 0.
  void Add(const std::vector<std::u16string>& features) {
    std::unordered_map<int32_t, int32_t> tf;
    for (const auto& f : features) {
      auto [it, inserted] = vocab_.emplace(f, static_cast<int32_t>(vocab_.size()));
      ++tf[it->second];
    }
    postings_.resize(vocab_.size());
    const int32_t doc = static_cast<int32_t>(doc_len_.size());
    for (auto [id, n] : tf) postings_[id].push_back({doc, n});
    doc_len_.push_back(static_cast<float>(features.size()));
    total_len_ += static_cast<double>(features.size());
  }

  size_t size() const { return doc_len_.size(); }

  // Calls sink(doc, score) once per document sharing a feature with the query (features of
  // the query are counted once each).
  template <typename Sink>
  void Query(const std::vector<std::u16string>& query, Sink sink) const {
    thread_local std::vector<float> acc;
    thread_local std::vector<int32_t> touched;
    if (acc.size() < doc_len_.size()) acc.resize(doc_len_.size(), 0.f);
    const double n = static_cast<double>(doc_len_.size());
    const double avg = n > 0 ? total_len_ / n : 1.0;
    std::vector<int32_t> ids;
    for (const auto& f : query) {
      auto it = vocab_.find(f);
      if (it != vocab_.end()) ids.push_back(it->second);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    for (int32_t id : ids) {
      const double df = static_cast<double>(postings_[id].size());
      const double idf = std::log(1.0 + (n - df + 0.5) / (df + 0.5));
      for (const auto& [doc, tf] : postings_[id]) {
        const double k = kK1 * (1 - kB + kB * doc_len_[doc] / avg);
        if (acc[doc] == 0.f) touched.push_back(doc);
        acc[doc] += static_cast<float>(idf * tf * (kK1 + 1) / (tf + k));
      }
    }
    for (int32_t d : touched) {
      sink(d, static_cast<double>(acc[d]));
      acc[d] = 0.f;
    }
    touched.clear();
  }

 private:
  static constexpr double kK1 = 1.2;
  static constexpr double kB = 0.75;
  std::unordered_map<std::u16string, int32_t> vocab_;
  std::vector<std::vector<std::pair<int32_t, int32_t>>> postings_;
  std::vector<float> doc_len_;
  double total_len_ = 0;
};

}  // namespace bangfu::match
