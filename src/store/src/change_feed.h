// The ledger change feed: which persons and households each committed transaction wrote, in
// commit order, so that a process holding the ledger in memory (PersonIndex) can catch up with
// what any process committed since it last looked.
//
// Every transaction that writes persons or households notes the ids on the Db
// (Db::NoteChanged); just before it commits, Db writes them as one row of ledger_changes
// (WriteLedgerChanges). The row's seq is the previous largest plus one, taken while no other
// transaction can commit a row of its own: SQLite has one writer at a time anyway, PostgreSQL
// takes an EXCLUSIVE lock on the table for the moment between the row and the commit. So seq
// order is commit order: a reader that has seen seq N has seen every row up to N, and a reader
// that sees a row whose seq is not the next it expects knows rows were pruned and reads the
// ledger whole. (An updated_at column with a look-back window, as the matcher uses, misses a
// transaction that ran longer than the window.)
#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "migrations.h"

namespace bangfu::store {

// Sorted, disjoint, inclusive id ranges.
using IdRanges = std::vector<std::pair<int64_t, int64_t>>;

// Sorts and merges ranges that overlap or touch.
void NormalizeRanges(IdRanges& ranges);

// "1-1000000,1000005,1000007-1000009": the ranges (normalized) as the feed stores them.
std::string EncodeRanges(IdRanges ranges);
// The inverse of EncodeRanges; items that are not "N" or "N-M" are skipped.
IdRanges DecodeRanges(std::string_view text);

// What one transaction wrote.
struct LedgerChanges {
  IdRanges persons;
  IdRanges households;
  bool empty() const { return persons.empty() && households.empty(); }
};

// Writes `changes` as the next row of ledger_changes on the transaction's session `s`, and now
// and then removes rows older than kFeedRetentionDays (never the newest). Throws like SOCI.
void WriteLedgerChanges(soci::session& s, Dialect dialect, const LedgerChanges& changes);

// What the feed holds after position `after`: the ranges of all rows after it, the newest
// position (the feed's own newest when it went back), and whether they follow on from `after`
// (false: rows were pruned, or the feed is behind `after` — a restored backup — and the reader
// must read everything again).
struct FeedRead {
  int64_t newest = 0;
  LedgerChanges changes;
  bool complete = true;
};
FeedRead ReadLedgerChanges(soci::session& s, int64_t after);
// The newest position of the feed (0: empty).
int64_t NewestLedgerChange(soci::session& s);

// The SQL conditions selecting `ranges` of `column`: BETWEEN for a range, IN lists of up to 500
// for single ids; each is one statement's WHERE clause (ids are integers we hold, inlined).
std::vector<std::string> RangeClauses(const std::string& column, const IdRanges& ranges);

// A reader that is more than this far behind reads the ledger whole instead of the feed.
inline constexpr int kFeedRetentionDays = 7;

}  // namespace bangfu::store
