// The ledger's people as lists filter and sort them, held in memory: what SQL indexes on
// persons and person_categories served before (name, status, graduation, last contact,
// mobile, category lists). A bulk import then maintains no index for lists at all, which is
// most of what it paid per row (docs/operations.md §8).
//
// The index is built from the database on first use and kept current through the change feed
// (change_feed.h): before each query it reads the feed rows committed since it last looked,
// whichever process wrote them (the server, a `bangfu import` beside it), and re-reads the
// persons and households they name. A gap in the feed (rows pruned while the index was not in
// use) makes it read the ledger whole again.
//
// Memory: about 120 bytes a person (one column per field, names inline up to 15 bytes),
// plus their category periods.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "bangfu/base/date.h"
#include "bangfu/base/result.h"
#include "bangfu/service/ledger.h"
#include "db.h"

namespace bangfu::store {

class PersonIndex {
 public:
  explicit PersonIndex(Db& db) : db_(db) {}

  struct Page {
    std::vector<int64_t> ids;  // The page's people, in the filter's order.
    int64_t total = 0;         // Everyone who matches.
  };
  // The filter's page (page/size as service::PersonFilter says). The filter's id_number_hash
  // is not served here (the unique SQL index is); its mobile_hash is matched on the first 8
  // bytes of the blind index, so a caller compares the page's whole hashes. With `only`, just
  // that person is considered (a search by ID number: is the one it found in the filter?).
  Result<Page> Find(const service::PersonFilter& filter, std::optional<int64_t> only = std::nullopt);
  // People of that name born that day, ascending ids.
  Result<std::vector<int64_t>> FindByNameAndBirth(const std::string& name, Date birth);

  // Catches up with the change feed (the first time: reads the ledger whole).
  Status Refresh();

 private:
  static constexpr int32_t kNoDate = INT32_MIN;  // Sorts before every date, as '' did in SQL.

  struct Period {
    uint16_t category;
    int32_t from;
    int32_t to;  // kNoDate: open.
  };
  // One column per field, indexed by person id (ids are dense: an autoincrement key).
  struct Columns {
    std::vector<uint8_t> present;
    std::vector<uint32_t> region;  // Into regions.
    std::vector<uint16_t> status;  // Into statuses.
    std::vector<int32_t> graduation, birth, last_contact;  // Days since epoch, or kNoDate.
    std::vector<int64_t> responsible, household, updated;  // 0: none.
    std::vector<uint64_t> mobile;  // First 8 bytes of the blind index, 0 for no mobile.
    std::vector<std::string> name;
    std::vector<std::vector<Period>> periods;
    // Values held once: region codes, statuses and categories of the ledger.
    std::vector<std::string> regions, statuses, categories;
    std::unordered_map<std::string, uint32_t> region_ids, status_ids, category_ids;
    std::vector<uint8_t> zero_household;  // By household id.
    size_t people = 0;

    void Grow(size_t id);
    uint32_t Intern(std::vector<std::string>& values, std::unordered_map<std::string, uint32_t>& ids,
                    std::string_view v);
  };
  // One person's row as the index reads it.
  struct Row;

  Status FullBuild();
  Status CatchUp();
  // Reads the persons (with their periods) whose ids are in `ranges`, and stores them.
  Status ReadPersons(soci::session& s, const IdRanges* ranges, Columns& into);
  Status ReadHouseholds(soci::session& s, const IdRanges* ranges, Columns& into);

  Db& db_;
  std::mutex refresh_mu_;    // One catch-up at a time.
  std::shared_mutex mu_;     // Guards cols_ and seq_.
  Columns cols_;
  int64_t seq_ = -1;         // The last feed row applied; -1: never built.
};

}  // namespace bangfu::store
