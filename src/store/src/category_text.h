// A person's category periods as one text column of the person's row (persons.categories,
// migration 53), instead of a row each in a table of their own: a million-person import writes
// one row per person, and every reader of a person already reads that row.
//
// The text: periods separated by U+001E (record separator), each "category U+001F valid_from
// U+001F valid_to U+001F source" with dates as YYYY-MM-DD and valid_to empty when open-ended.
// The source is free text from lists and forms, so in it a backslash is written "\\", U+001E
// "\R" and U+001F "\U"; category ids and dates never hold those characters. Periods are kept in
// order of valid_from (ties in the order given), the order readers have always had.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bangfu/service/ledger.h"

namespace bangfu::store {

std::string EncodeCategories(const std::vector<service::CategoryPeriod>& periods);

// The periods of `text`; a period whose dates do not parse keeps what parses (a missing
// valid_from reads as the default Date, an unparsable valid_to as open-ended).
std::vector<service::CategoryPeriod> DecodeCategories(std::string_view text);

// One period as stored, without copying: the source still escaped (UnescapeSource).
struct StoredPeriod {
  std::string_view category, valid_from, valid_to, source;
};
// The source of a StoredPeriod as it was written.
std::string UnescapeSource(std::string_view escaped);
// Calls `f(const StoredPeriod&)` for each period of `text`, in order.
template <typename F>
void ForEachStoredPeriod(std::string_view text, F&& f) {
  while (!text.empty()) {
    const size_t end = text.find('\x1e');
    std::string_view one = text.substr(0, end);
    StoredPeriod p;
    std::string_view* fields[] = {&p.category, &p.valid_from, &p.valid_to};
    for (std::string_view* field : fields) {
      const size_t sep = one.find('\x1f');
      *field = one.substr(0, sep);
      one = sep == std::string_view::npos ? std::string_view() : one.substr(sep + 1);
    }
    p.source = one;  // The rest: the source never holds a bare U+001F.
    f(static_cast<const StoredPeriod&>(p));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
}

}  // namespace bangfu::store
