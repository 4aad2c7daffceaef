// The in-memory list index and the change feed that keeps it current (person_index.h,
// change_feed.h): what another process commits shows in this one's lists; what rolls back
// leaves no trace; a gap in the feed makes the index read the ledger whole.
#include <gtest/gtest.h>

#include "category_text.h"
#include "change_feed.h"
#include "store_fixture.h"

namespace bangfu::store {
namespace {

TEST(ChangeFeedTest, RangesAreMergedAndRoundTrip) {
  IdRanges r = {{7, 7}, {1, 3}, {4, 5}, {9, 12}, {10, 11}, {20, 20}};
  EXPECT_EQ(EncodeRanges(r), "1-5,7,9-12,20");
  EXPECT_EQ(DecodeRanges("1-5,7,9-12,20"), (IdRanges{{1, 5}, {7, 7}, {9, 12}, {20, 20}}));
  EXPECT_EQ(EncodeRanges({}), "");
  EXPECT_TRUE(DecodeRanges("").empty());
  // Unreadable items are skipped, not guessed.
  EXPECT_EQ(DecodeRanges("x,3-1,4-,5"), (IdRanges{{5, 5}}));
  EXPECT_EQ(EncodeRanges({{1, 1000000}}), "1-1000000");
}

class PersonIndexTest : public StoreTest {
 protected:
  service::PersonFilter Filter() {
    service::PersonFilter f;
    f.as_of = Date::FromYmdUnchecked(2026, 11, 24);
    f.size = 200;
    return f;
  }
  int64_t Total(service::Store& s, const service::PersonFilter& f) {
    auto page = s.persons().List(f);
    EXPECT_TRUE(page.ok()) << page.error().ToString();
    return page.ok() ? page->total : -1;
  }
  std::vector<int64_t> Ids(service::Store& s, const service::PersonFilter& f) {
    auto page = s.persons().List(f);
    EXPECT_TRUE(page.ok()) << page.error().ToString();
    std::vector<int64_t> ids;
    if (page.ok())
      for (const auto& p : page->items) ids.push_back(p.id);
    return ids;
  }
  std::string NewestFeedPersons() {
    auto raw = Raw();
    std::string persons;
    *raw << "SELECT persons FROM ledger_changes ORDER BY seq DESC LIMIT 1", soci::into(persons);
    return persons;
  }
  long long FeedRows() {
    auto raw = Raw();
    long long n = 0;
    *raw << "SELECT COUNT(*) FROM ledger_changes", soci::into(n);
    return n;
  }
};

TEST_P(PersonIndexTest, WritesOfAnotherProcessShowInTheLists) {
  std::vector<service::Person> people = {MakePerson("a1", "张三", "500153001001"),
                                         MakePerson("a2", "李四", "500153001002")};
  ASSERT_TRUE(store_->persons().InsertMany(people).ok());
  auto f = Filter();
  ASSERT_EQ(Total(*store_, f), 2);  // This store's index is built now.

  // A second store on the same database: another process, as `bangfu import` beside `serve`.
  auto other = OpenStore(options_);
  ASSERT_TRUE(other.ok()) << other.error().ToString();
  std::vector<service::Person> more = {MakePerson("a3", "王五", "500153002001"),
                                       MakePerson("a4", "张小花", "500153002002")};
  ASSERT_TRUE((*other)->persons().InsertMany(more).ok());
  EXPECT_EQ(Total(*store_, f), 4);
  f.name_prefix = "张";
  EXPECT_EQ(Ids(*store_, f), (std::vector<int64_t>{people[0].id, more[1].id}));
  f.name_prefix.clear();

  // A status change there moves the person between this store's status lists.
  auto changed = *(*other)->persons().Get(more[0].id);
  changed.status = "employed";
  ASSERT_TRUE((*other)->persons().Update(changed).ok());
  f.status = "employed";
  EXPECT_EQ(Ids(*store_, f), (std::vector<int64_t>{more[0].id}));
  f.status = "unemployed";
  EXPECT_EQ(Total(*store_, f), 3);
  f.status.clear();

  // A household flipping to zero-employment there shows in this store's household filter.
  service::Household h;
  h.region_code = "500153001";
  auto hid = (*other)->households().Insert(h);
  ASSERT_TRUE(hid.ok()) << hid.error().ToString();
  auto member = *(*other)->persons().Get(people[1].id);
  member.household_id = *hid;
  ASSERT_TRUE((*other)->persons().Update(member).ok());
  f.zero_employment_household = true;
  EXPECT_EQ(Total(*store_, f), 0);
  ASSERT_TRUE((*other)->households().SetZeroEmployment(*hid, true, Date::FromYmdUnchecked(2026, 11, 1)).ok());
  EXPECT_EQ(Ids(*store_, f), (std::vector<int64_t>{people[1].id}));
  f.zero_employment_household = false;
  EXPECT_EQ(Total(*store_, f), 3);
}

TEST_P(PersonIndexTest, ABulkInsertIsOneFeedRowAndARollbackNone) {
  std::vector<service::Person> people;
  for (int i = 0; i < 50; ++i) people.push_back(MakePerson("b" + std::to_string(i), "赵", "500153001001"));
  ASSERT_TRUE(store_->persons().InsertMany(people).ok());
  EXPECT_EQ(FeedRows(), 1);
  EXPECT_EQ(NewestFeedPersons(),
            std::to_string(people.front().id) + "-" + std::to_string(people.back().id));
  auto f = Filter();
  ASSERT_EQ(Total(*store_, f), 50);

  // A transaction that writes and then fails: no feed row, and nobody's lists change.
  auto other = OpenStore(options_);
  ASSERT_TRUE(other.ok());
  auto failed = (*other)->InTransaction([&]() -> Status {
    std::vector<service::Person> more = {MakePerson("c1", "钱", "500153001001")};
    BANGFU_RETURN_IF_ERROR((*other)->persons().InsertMany(more));
    auto p = *(*other)->persons().Get(people[0].id);
    p.status = "employed";
    BANGFU_RETURN_IF_ERROR((*other)->persons().Update(p));
    return Error::InvalidArgument("就此回滚");
  });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(FeedRows(), 1);
  EXPECT_EQ(Total(*store_, f), 50);
  f.status = "employed";
  EXPECT_EQ(Total(*store_, f), 0);
  EXPECT_EQ(Total(**other, f), 0);
}

TEST_P(PersonIndexTest, AGapInTheFeedReadsTheLedgerWhole) {
  std::vector<service::Person> people = {MakePerson("d1", "孙", "500153001001"),
                                         MakePerson("d2", "周", "500153001001")};
  ASSERT_TRUE(store_->persons().InsertMany(people).ok());
  auto f = Filter();
  f.status = "employed";
  ASSERT_EQ(Total(*store_, f), 0);
  // Rows pruned while this store was not looking: a change it has no feed row for, then a feed
  // row with a seq it did not expect.
  {
    auto raw = Raw();
    *raw << "UPDATE persons SET status = 'employed' WHERE id = " + std::to_string(people[1].id);
    *raw << "INSERT INTO ledger_changes (seq, at, persons) VALUES (10, 0, '')";
  }
  EXPECT_EQ(Ids(*store_, f), (std::vector<int64_t>{people[1].id}));
  // The feed restarted below what this store has seen (a restored backup): read whole again.
  {
    auto raw = Raw();
    *raw << "DELETE FROM ledger_changes";
    *raw << "UPDATE persons SET status = 'employed' WHERE id = " + std::to_string(people[0].id);
    *raw << "INSERT INTO ledger_changes (seq, at, persons) VALUES (1, 0, '')";
  }
  EXPECT_EQ(Total(*store_, f), 2);
}

TEST_P(PersonIndexTest, SortsAndPagesAsTheSqlListsDid) {
  std::vector<service::Person> people = {MakePerson("e1", "乙", "500153001001"),
                                         MakePerson("e2", "甲", "500153001001"),
                                         MakePerson("e3", "乙", "500153001001"),
                                         MakePerson("e4", "丙", "500153001001")};
  people[1].graduation_date.reset();
  people[2].graduation_date = Date::FromYmdUnchecked(2025, 6, 30);
  ASSERT_TRUE(store_->persons().InsertMany(people).ok());
  const int64_t a = people[0].id, b = people[1].id, c = people[2].id, d = people[3].id;
  auto f = Filter();
  // Names in byte order of their UTF-8 (丙 E4 B8 99 < 乙 E4 B9 99 < 甲 E7 94 B2); ties by
  // ascending id in either direction, as the SQL lists' ORDER BY name, id did.
  f.sort = "name";
  EXPECT_EQ(Ids(*store_, f), (std::vector<int64_t>{d, a, c, b}));
  f.descending = true;
  EXPECT_EQ(Ids(*store_, f), (std::vector<int64_t>{b, a, c, d}));
  // Graduation: none first (as '' sorted first), then by date; descending puts none last.
  f.sort = "graduation_date";
  f.descending = false;
  EXPECT_EQ(Ids(*store_, f), (std::vector<int64_t>{b, c, a, d}));
  f.descending = true;
  EXPECT_EQ(Ids(*store_, f), (std::vector<int64_t>{a, d, c, b}));
  f.sort = "id";
  EXPECT_EQ(Ids(*store_, f), (std::vector<int64_t>{d, c, b, a}));
  // Pages: the second page of two, and a page past the end keeps the total.
  f.descending = false;
  f.size = 2;
  f.page = 2;
  EXPECT_EQ(Ids(*store_, f), (std::vector<int64_t>{c, d}));
  f.page = 3;
  auto past = store_->persons().List(f);
  ASSERT_TRUE(past.ok());
  EXPECT_TRUE(past->items.empty());
  EXPECT_EQ(past->total, 4);
}

INSTANTIATE_TEST_SUITE_P(Backends, PersonIndexTest, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace bangfu::store

namespace bangfu::store {
namespace {

// persons.categories (category_text.h): every field back as written, the source's own
// separators and backslashes included, periods in order of start (ties as given).
TEST(CategoryTextTest, PeriodsRoundTripInOrderOfStart) {
  using service::CategoryPeriod;
  const std::string odd = std::string("a\\b") + '\x1e' + "c" + '\x1f' + "\\R\\";
  const std::vector<CategoryPeriod> periods = {
      {"graduate", Date::FromYmdUnchecked(2025, 6, 30), Date::FromYmdUnchecked(2027, 6, 30), "教委移交名单 2025"},
      {"dibao", Date::FromYmdUnchecked(2020, 1, 1), std::nullopt, odd},
      {"disabled", Date::FromYmdUnchecked(2025, 6, 30), std::nullopt, ""},
  };
  const std::string text = EncodeCategories(periods);
  const auto back = DecodeCategories(text);
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back[0].category, "dibao");
  EXPECT_EQ(back[0].source, odd);
  EXPECT_FALSE(back[0].valid_to.has_value());
  EXPECT_EQ(back[1].category, "graduate");
  EXPECT_EQ(back[1].valid_from, Date::FromYmdUnchecked(2025, 6, 30));
  EXPECT_EQ(back[1].valid_to, Date::FromYmdUnchecked(2027, 6, 30));
  EXPECT_EQ(back[1].source, "教委移交名单 2025");
  EXPECT_EQ(back[2].category, "disabled");
  EXPECT_EQ(back[2].source, "");
  std::vector<std::string> seen;
  ForEachStoredPeriod(text, [&](const StoredPeriod& p) {
    seen.push_back(std::string(p.category) + " " + std::string(p.valid_from) + " " + std::string(p.valid_to));
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"dibao 2020-01-01 ", "graduate 2025-06-30 2027-06-30",
                                            "disabled 2025-06-30 "}));
  EXPECT_TRUE(EncodeCategories({}).empty());
  EXPECT_TRUE(DecodeCategories("").empty());
  // A damaged value reads as what parses, never as a crash.
  const auto damaged = DecodeCategories(std::string("graduate") + '\x1f' + "2025-13-01");
  ASSERT_EQ(damaged.size(), 1u);
  EXPECT_EQ(damaged[0].category, "graduate");
  EXPECT_EQ(damaged[0].valid_from, Date());
}

}  // namespace
}  // namespace bangfu::store
