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

std::vector<service::CategoryPeriod> DecodeCategories(std::string_view text) {
  std::vector<service::CategoryPeriod> out;
  while (!text.empty()) {
    const size_t end = text.find('\x1e');
    std::string_view one = text.substr(0, end);
    std::string_view fields[4];
    for (int i = 0; i < 4; ++i) {
      const size_t sep = i < 3 ? one.find('\x1f') : std::string_view::npos;
      fields[i] = one.substr(0, sep);
      one = sep == std::string_view::npos ? std::string_view() : one.substr(sep + 1);
    }
    service::CategoryPeriod p;
    p.category = std::string(fields[0]);
    p.valid_from = FastDate(fields[1]).value_or(Date());
    p.valid_to = FastDate(fields[2]);
    for (size_t i = 0; i < fields[3].size(); ++i) {
      const char c = fields[3][i];
      if (c == '\\' && i + 1 < fields[3].size()) {
        const char n = fields[3][++i];
        p.source += n == 'R' ? '\x1e' : n == 'U' ? '\x1f' : n;
      } else {
        p.source += c;
      }
    }
    out.push_back(std::move(p));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return out;
}

}  // namespace bangfu::store
