#include "person_index.h"

#include <algorithm>
#include <charconv>
#include <functional>

#include "bulk.h"
#include "category_text.h"
#include "sql_values.h"

namespace bangfu::store {
namespace {

int32_t DaysOr(std::string_view text, int32_t none) {
  auto d = FastDate(text);
  return d ? d->days() : none;
}

// The first 8 bytes of a blind index, from its hex text, with the lowest bit set; 0 for none
// (so that a hash whose first bytes are zero still has a key).
uint64_t HashKey(std::string_view hex) {
  uint64_t v = 0;
  if (hex.size() < 16) return 0;
  std::from_chars(hex.data(), hex.data() + 16, v, 16);
  return v | 1;
}
uint64_t HashKeyOfBytes(std::string_view bytes) { return bytes.size() < 8 ? 0 : HashKey(HexText(bytes.substr(0, 8))); }

}  // namespace

struct PersonIndex::Row {
  int64_t id = 0, responsible = 0, household = 0, updated = 0;
  uint64_t mobile = 0;
  int32_t graduation = kNoDate, birth = kNoDate, last_contact = kNoDate;
  std::string region, status, name;
  std::string categories;  // As stored (category_text.h).
};

void PersonIndex::Columns::Grow(size_t id) {
  if (id < present.size()) return;
  const size_t n = std::max(id + 1, present.size() + present.size() / 2);
  present.resize(n, 0);
  region.resize(n, 0);
  status.resize(n, 0);
  graduation.resize(n, kNoDate);
  birth.resize(n, kNoDate);
  last_contact.resize(n, kNoDate);
  responsible.resize(n, 0);
  household.resize(n, 0);
  updated.resize(n, 0);
  mobile.resize(n, 0);
  name.resize(n);
  periods.resize(n);
}

uint32_t PersonIndex::Columns::Intern(std::vector<std::string>& values,
                                      std::unordered_map<std::string, uint32_t>& ids,
                                      std::string_view v) {
  auto [it, added] = ids.try_emplace(std::string(v), static_cast<uint32_t>(values.size()));
  if (added) values.emplace_back(v);
  return it->second;
}

namespace {

// The persons' columns the index keeps, in the order PersonIndex reads them.
std::string PersonColumns(Dialect d) {
  const std::string mobile = d == Dialect::kSqlite ? "hex(substr(mobile_hash, 1, 8))"
                                                   : "encode(substring(mobile_hash from 1 for 8), 'hex')";
  return "id, region_code, status, graduation_date, birth_date, last_contact, "
         "COALESCE(responsible_user_id, 0), COALESCE(household_id, 0), updated_at, name, " + mobile +
         ", categories";
}

}  // namespace

Status PersonIndex::ReadPersons(soci::session& s, const IdRanges* ranges, Columns& into) {
  // Either straight into `into` (a full build: a fresh Columns no reader sees yet) or, for a
  // catch-up, collected first and applied under the lock, so that readers wait only for that.
  const Dialect d = db_.dialect();
  const std::vector<std::string> person_where =
      ranges ? RangeClauses("id", *ranges) : std::vector<std::string>{"1 = 1"};
  auto apply = [&into](Row& r) {
    into.Grow(static_cast<size_t>(r.id));
    const auto i = static_cast<size_t>(r.id);
    if (!into.present[i]) ++into.people;
    into.present[i] = 1;
    into.region[i] = into.Intern(into.regions, into.region_ids, r.region);
    into.status[i] = static_cast<uint16_t>(into.Intern(into.statuses, into.status_ids, r.status));
    into.graduation[i] = r.graduation;
    into.birth[i] = r.birth;
    into.last_contact[i] = r.last_contact;
    into.responsible[i] = r.responsible;
    into.household[i] = r.household;
    into.updated[i] = r.updated;
    into.mobile[i] = r.mobile;
    into.name[i] = std::move(r.name);
    into.periods[i].clear();
    ForEachStoredPeriod(r.categories, [&](const StoredPeriod& p) {
      into.periods[i].push_back({static_cast<uint16_t>(into.Intern(into.categories, into.category_ids, p.category)),
                                 DaysOr(p.valid_from, kNoDate), DaysOr(p.valid_to, kNoDate)});
    });
  };
  std::vector<Row> rows;
  for (const auto& where : person_where) {
    auto c = Cursor::Open(s, d, "SELECT " + PersonColumns(d) + " FROM persons WHERE " + where, {});
    while (c->Next()) {
      Row r;
      r.id = c->Int(0);
      r.region = c->Text(1);
      r.status = c->Text(2);
      r.graduation = DaysOr(c->Text(3), kNoDate);
      r.birth = DaysOr(c->Text(4), kNoDate);
      r.last_contact = DaysOr(c->Text(5), kNoDate);
      r.responsible = c->Int(6);
      r.household = c->Int(7);
      r.updated = c->Int(8);
      r.name = c->Text(9);
      r.mobile = HashKey(c->Text(10));
      r.categories = c->Text(11);
      if (ranges) rows.push_back(std::move(r));
      else apply(r);
    }
  }
  if (!ranges) return OkStatus();
  std::unique_lock lock(mu_);
  for (auto& r : rows) apply(r);
  return OkStatus();
}

Status PersonIndex::ReadHouseholds(soci::session& s, const IdRanges* ranges, Columns& into) {
  const std::vector<std::string> where =
      ranges ? RangeClauses("id", *ranges) : std::vector<std::string>{"zero_employment <> 0"};
  std::vector<std::pair<int64_t, bool>> rows;
  for (const auto& w : where) {
    auto c = Cursor::Open(s, db_.dialect(), "SELECT id, zero_employment FROM households WHERE " + w, {});
    while (c->Next()) rows.emplace_back(c->Int(0), c->Int(1) != 0);
  }
  std::unique_lock lock(mu_, std::defer_lock);
  if (ranges) lock.lock();
  for (const auto& [id, zero] : rows) {
    if (id < 0) continue;
    if (static_cast<size_t>(id) >= into.zero_household.size())
      into.zero_household.resize(static_cast<size_t>(id) + 1 + into.zero_household.size() / 2, 0);
    into.zero_household[id] = zero ? 1 : 0;
  }
  return OkStatus();
}

Status PersonIndex::FullBuild() {
  auto built = db_.RunApart<bool>("读取人员索引", [&](soci::session& s) -> Result<bool> {
    // The feed position first: whatever commits while the ledger is read is read again from
    // the feed next time (reading a row twice is harmless, missing one is not).
    const int64_t newest = NewestLedgerChange(s);
    Columns fresh;
    long long top = 0;
    s << "SELECT COALESCE(MAX(id), 0) FROM persons", soci::into(top);
    fresh.Grow(static_cast<size_t>(top));
    BANGFU_RETURN_IF_ERROR(ReadPersons(s, nullptr, fresh));
    BANGFU_RETURN_IF_ERROR(ReadHouseholds(s, nullptr, fresh));
    std::unique_lock lock(mu_);
    cols_ = std::move(fresh);
    seq_ = newest;
    return true;
  });
  if (!built.ok()) return built.error();
  return OkStatus();
}

Status PersonIndex::CatchUp() {
  auto done = db_.RunApart<bool>("读取人员变更", [&](soci::session& s) -> Result<bool> {
    FeedRead feed = ReadLedgerChanges(s, seq_);
    if (!feed.complete) return false;  // Read everything instead.
    BANGFU_RETURN_IF_ERROR(ReadPersons(s, &feed.changes.persons, cols_));
    BANGFU_RETURN_IF_ERROR(ReadHouseholds(s, &feed.changes.households, cols_));
    std::unique_lock lock(mu_);
    seq_ = feed.newest;
    return true;
  });
  if (!done.ok()) return done.error();
  return *done ? OkStatus() : FullBuild();
}

Status PersonIndex::Refresh() {
  std::lock_guard refreshing(refresh_mu_);
  if (seq_ < 0) return FullBuild();
  auto newest = db_.RunApart<int64_t>("读取人员变更", [&](soci::session& s) -> Result<int64_t> {
    return NewestLedgerChange(s);
  });
  if (!newest.ok()) return newest.error();
  if (*newest == seq_) return OkStatus();
  return CatchUp();
}

Result<PersonIndex::Page> PersonIndex::Find(const service::PersonFilter& f, std::optional<int64_t> only) {
  BANGFU_RETURN_IF_ERROR(Refresh());
  std::shared_lock lock(mu_);
  const Columns& c = cols_;
  const size_t n = c.present.size();

  // Per-value answers worked out once: which regions are in the prefix, which status and
  // category are asked for (a value the ledger has never held matches no one).
  std::vector<uint8_t> region_ok(c.regions.size(), 1);
  if (!f.region_prefix.empty())
    for (size_t i = 0; i < c.regions.size(); ++i) region_ok[i] = c.regions[i].starts_with(f.region_prefix);
  constexpr uint32_t kNone = UINT32_MAX;
  auto lookup = [&](const std::unordered_map<std::string, uint32_t>& ids, const std::string& v) {
    auto it = ids.find(v);
    return it == ids.end() ? kNone : it->second;
  };
  const uint32_t status = f.status.empty() ? kNone : lookup(c.status_ids, f.status);
  const uint32_t category = f.category.empty() ? kNone : lookup(c.category_ids, f.category);
  const uint32_t registered = lookup(c.category_ids, "registered_unemployed");
  Page page;
  if ((!f.status.empty() && status == kNone) || (!f.category.empty() && category == kNone) ||
      (f.registered_unemployed.value_or(false) && registered == kNone))
    return page;
  const int32_t as_of = f.as_of.days();
  auto in_force = [&](size_t i, uint32_t cat) {
    for (const auto& p : c.periods[i])
      if (p.category == cat && p.from <= as_of && (p.to == kNoDate || p.to >= as_of)) return true;
    return false;
  };
  int32_t grad_from = 0, grad_to = 0;
  if (f.graduation_year) {
    grad_from = Date::FromYmdUnchecked(*f.graduation_year, 1, 1).days();
    grad_to = Date::FromYmdUnchecked(*f.graduation_year, 12, 31).days();
  }
  const int32_t contact_before = f.not_contacted_days ? f.as_of.AddDays(-*f.not_contacted_days).days() : 0;
  const uint64_t mobile = f.mobile_hash.empty() ? 0 : HashKeyOfBytes(f.mobile_hash);
  if (!f.mobile_hash.empty() && mobile == 0) return page;

  std::vector<int64_t> ids;
  const size_t first = only ? static_cast<size_t>(std::max<int64_t>(*only, 1)) : 1;
  const size_t last = only ? std::min(n, first + 1) : n;
  for (size_t i = first; i < last; ++i) {
    if (!c.present[i] || !region_ok[c.region[i]]) continue;
    if (status != kNone && c.status[i] != status) continue;
    if (f.graduation_year && (c.graduation[i] < grad_from || c.graduation[i] > grad_to)) continue;
    if (f.responsible_user_id && c.responsible[i] != *f.responsible_user_id) continue;
    if (f.not_contacted_days && c.last_contact[i] != kNoDate && c.last_contact[i] > contact_before) continue;
    if (mobile && c.mobile[i] != mobile) continue;
    if (f.zero_employment_household) {
      const int64_t h = c.household[i];
      const bool zero = h > 0 && static_cast<size_t>(h) < c.zero_household.size() && c.zero_household[h];
      if (zero != *f.zero_employment_household) continue;
    }
    if (!f.name_prefix.empty() && !c.name[i].starts_with(f.name_prefix)) continue;
    if (category != kNone && !in_force(i, category)) continue;
    if (f.registered_unemployed &&
        (registered != kNone && in_force(i, registered)) != *f.registered_unemployed)
      continue;
    ids.push_back(static_cast<int64_t>(i));
  }
  page.total = static_cast<int64_t>(ids.size());

  const size_t size = static_cast<size_t>(std::clamp(f.size, 1, 200));
  const size_t offset = static_cast<size_t>(std::max(1, f.page) - 1) * size;
  if (offset >= ids.size()) return page;
  const size_t end = std::min(ids.size(), offset + size);
  // Ties in the sort field go by ascending id whichever the direction, as the SQL lists did.
  auto sorted = [&](auto key) {
    auto less = [&](int64_t a, int64_t b) {
      const auto ka = key(a), kb = key(b);
      if (ka != kb) return f.descending ? kb < ka : ka < kb;
      return a < b;
    };
    std::partial_sort(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(end), ids.end(), less);
  };
  if (f.sort == "name") sorted([&](int64_t i) -> const std::string& { return c.name[i]; });
  else if (f.sort == "graduation_date") sorted([&](int64_t i) { return c.graduation[i]; });
  else if (f.sort == "last_contact") sorted([&](int64_t i) { return c.last_contact[i]; });
  else if (f.sort == "updated_at") sorted([&](int64_t i) { return c.updated[i]; });
  else if (f.sort == "birth_date") sorted([&](int64_t i) { return c.birth[i]; });
  else if (f.descending) std::reverse(ids.begin(), ids.end());  // By id: collected in order.
  page.ids.assign(ids.begin() + static_cast<std::ptrdiff_t>(offset), ids.begin() + static_cast<std::ptrdiff_t>(end));
  return page;
}

Result<std::vector<int64_t>> PersonIndex::FindByNameAndBirth(const std::string& name, Date birth) {
  BANGFU_RETURN_IF_ERROR(Refresh());
  std::shared_lock lock(mu_);
  std::vector<int64_t> out;
  for (size_t i = 1; i < cols_.present.size(); ++i)
    if (cols_.present[i] && cols_.birth[i] == birth.days() && cols_.name[i] == name)
      out.push_back(static_cast<int64_t>(i));
  return out;
}

}  // namespace bangfu::store
