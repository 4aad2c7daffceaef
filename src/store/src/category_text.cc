#include "category_text.h"

#include <algorithm>

#include "bulk.h"

namespace bangfu::store {

std::string EncodeCategories(const std::vector<service::CategoryPeriod>& periods) {
  std::vector<const service::CategoryPeriod*> ordered;
  ordered.reserve(periods.size());
  for (const auto& p : periods) ordered.push_back(&p);
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const auto* a, const auto* b) { return a->valid_from < b->valid_from; });
  std::string out;
  for (const auto* p : ordered) {
    if (!out.empty()) out += '\x1e';
    out += p->category;
    out += '\x1f';
    out += p->valid_from.ToString();
    out += '\x1f';
    if (p->valid_to) out += p->valid_to->ToString();
    out += '\x1f';
    for (const char c : p->source) {
      if (c == '\\') out += "\\\\";
      else if (c == '\x1e') out += "\\R";
      else if (c == '\x1f') out += "\\U";
      else out += c;
    }
  }
  return out;
}

std::string UnescapeSource(std::string_view escaped) {
  std::string out;
  out.reserve(escaped.size());
  for (size_t i = 0; i < escaped.size(); ++i) {
    const char c = escaped[i];
    if (c == '\\' && i + 1 < escaped.size()) {
      const char n = escaped[++i];
      out += n == 'R' ? '\x1e' : n == 'U' ? '\x1f' : n;
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<service::CategoryPeriod> DecodeCategories(std::string_view text) {
  std::vector<service::CategoryPeriod> out;
  ForEachStoredPeriod(text, [&](const StoredPeriod& p) {
    out.push_back({std::string(p.category), FastDate(p.valid_from).value_or(Date()), FastDate(p.valid_to),
                   UnescapeSource(p.source)});
  });
  return out;
}

}  // namespace bangfu::store
