#include "change_feed.h"

#include <algorithm>
#include <charconv>
#include <chrono>

#include "sql_values.h"

namespace bangfu::store {

void NormalizeRanges(IdRanges& ranges) {
  std::sort(ranges.begin(), ranges.end());
  size_t out = 0;
  for (const auto& r : ranges) {
    if (out > 0 && r.first <= ranges[out - 1].second + 1) {
      ranges[out - 1].second = std::max(ranges[out - 1].second, r.second);
    } else {
      ranges[out++] = r;
    }
  }
  ranges.resize(out);
}

std::string EncodeRanges(IdRanges ranges) {
  NormalizeRanges(ranges);
  std::string out;
  out.reserve(ranges.size() * 9);
  for (const auto& [a, b] : ranges) {
    if (!out.empty()) out += ',';
    out += std::to_string(a);
    if (b != a) out += '-' + std::to_string(b);
  }
  return out;
}

IdRanges DecodeRanges(std::string_view text) {
  IdRanges out;
  auto number = [](std::string_view s, int64_t& v) {
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    return r.ec == std::errc() && r.ptr == s.data() + s.size() && !s.empty();
  };
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    int64_t a = 0, b = 0;
    const size_t dash = item.find('-');
    if (dash == std::string_view::npos) {
      if (number(item, a)) out.emplace_back(a, a);
    } else if (number(item.substr(0, dash), a) && number(item.substr(dash + 1), b) && a <= b) {
      out.emplace_back(a, b);
    }
  }
  NormalizeRanges(out);
  return out;
}

std::vector<std::string> RangeClauses(const std::string& column, const IdRanges& ranges) {
  std::vector<std::string> out;
  std::vector<int64_t> singles;
  auto flush = [&] {
    if (singles.empty()) return;
    out.push_back(column + " IN (" + IdList(singles) + ")");
    singles.clear();
  };
  for (const auto& [a, b] : ranges) {
    if (a == b) {
      singles.push_back(a);
      if (singles.size() == 500) flush();
    } else {
      out.push_back(column + " BETWEEN " + std::to_string(a) + " AND " + std::to_string(b));
    }
  }
  flush();
  return out;
}

int64_t NewestLedgerChange(soci::session& s) {
  long long n = 0;
  s << "SELECT COALESCE(MAX(seq), 0) FROM ledger_changes", soci::into(n);
  return n;
}

FeedRead ReadLedgerChanges(soci::session& s, int64_t after) {
  FeedRead out;
  out.newest = after;
  long long seq = 0;
  std::string persons, households;
  soci::statement st = (s.prepare << "SELECT seq, persons, households FROM ledger_changes WHERE seq > :a ORDER BY seq",
                        soci::use(static_cast<long long>(after)), soci::into(seq), soci::into(persons),
                        soci::into(households));
  st.execute();
  while (st.fetch()) {
    if (seq != out.newest + 1) out.complete = false;  // Pruned rows in between.
    out.newest = seq;
    for (const auto& r : DecodeRanges(persons)) out.changes.persons.push_back(r);
    for (const auto& r : DecodeRanges(households)) out.changes.households.push_back(r);
  }
  if (out.newest == after) {
    // Nothing after `after`; below it means the feed went back (a restored backup): start over
    // from where it is.
    if (const int64_t newest = NewestLedgerChange(s); newest < after) {
      out.complete = false;
      out.newest = newest;
    }
  }
  NormalizeRanges(out.changes.persons);
  NormalizeRanges(out.changes.households);
  return out;
}

void WriteLedgerChanges(soci::session& s, Dialect dialect, const LedgerChanges& changes) {
  // PostgreSQL: no other transaction may write a row between this one's and its commit, or a
  // reader could see seq N+1 committed before N. EXCLUSIVE still lets readers read.
  if (dialect == Dialect::kPostgres) s << "LOCK TABLE ledger_changes IN EXCLUSIVE MODE";
  const long long seq = NewestLedgerChange(s) + 1;
  const long long now = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  const std::string persons = EncodeRanges(changes.persons);
  const std::string households = EncodeRanges(changes.households);
  s << "INSERT INTO ledger_changes (seq, at, persons, households) VALUES (:s, :a, :p, :h)",
      soci::use(seq), soci::use(now), soci::use(persons), soci::use(households);
  // Pruned every 256 rows: a few rows a day on a quiet ledger, a bounded table on a busy one.
  if (seq % 256 == 0) {
    const long long cutoff = now - static_cast<long long>(kFeedRetentionDays) * 86400LL * 1000000LL;
    s << "DELETE FROM ledger_changes WHERE at < :c AND seq < :s", soci::use(cutoff), soci::use(seq);
  }
}

}  // namespace bangfu::store
