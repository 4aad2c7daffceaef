// The same store tests against SQLite (always) and PostgreSQL (when BANGFU_TEST_PG_URL is set:
// each test gets a database of its own, dropped afterwards).
#include "bangfu/store/store.h"

#include "bangfu/base/clock.h"
#include "bangfu/service/app.h"

#include "db.h"
#include "migrations.h"
#include "store_fixture.h"

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <chrono>
#include <thread>

namespace bangfu::store {
namespace {
namespace fs = std::filesystem;
using service::AuditEntry;
using service::AuditFilter;
using service::Region;
using service::Role;
using service::User;

TEST_P(StoreTest, MigratesToLatestAndReopenIsANoOp) {
  EXPECT_EQ(*store_->SchemaVersion(), LatestSchemaVersion());
  EXPECT_EQ(store_->BackendName(), GetParam());
  store_.reset();
  auto again = OpenStore(options_);
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_EQ(*(*again)->SchemaVersion(), LatestSchemaVersion());
}

TEST_P(StoreTest, RefusesANewerSchema) {
  {
    auto raw = Raw();
    *raw << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)";
  }
  store_.reset();
  auto s = OpenStore(options_);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(s.error().message.find("999"), std::string::npos) << s.error().message;
}

TEST_P(StoreTest, MigrationStatusAndExplicitMigrateFromEmpty) {
  StoreOptions o = FreshOptions();
  auto empty = GetMigrationStatus(o);
  ASSERT_TRUE(empty.ok()) << empty.error().ToString();
  EXPECT_EQ(empty->backend, GetParam());
  EXPECT_EQ(empty->current, 0);
  EXPECT_EQ(empty->latest, LatestSchemaVersion());
  EXPECT_TRUE(empty->applied.empty());
  // Versions may have gaps while parallel branches each take a number; the last is the latest.
  ASSERT_FALSE(empty->pending.empty());
  EXPECT_EQ(empty->pending.back().version, LatestSchemaVersion());
  EXPECT_EQ(empty->pending[0].version, 1);
  EXPECT_EQ(empty->pending.back().version, LatestSchemaVersion());
  EXPECT_FALSE(empty->pending[0].name.empty());

  // Without permission to migrate, an empty (older) database is refused and left untouched.
  o.migrate = false;
  auto refused = OpenStore(o);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(refused.error().message.find("bangfu migrate"), std::string::npos);
  EXPECT_EQ(GetMigrationStatus(o)->current, 0);

  auto applied = Migrate(o);
  ASSERT_TRUE(applied.ok()) << applied.error().ToString();
  EXPECT_EQ(static_cast<size_t>(*applied), empty->pending.size());
  EXPECT_EQ(*Migrate(o), 0);  // Re-running is a no-op.
  auto done = GetMigrationStatus(o);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->current, LatestSchemaVersion());
  EXPECT_TRUE(done->pending.empty());
  ASSERT_EQ(done->applied.size(), empty->pending.size());
  for (size_t i = 0; i < done->applied.size(); ++i) {
    EXPECT_EQ(done->applied[i].version, empty->pending[i].version);
    EXPECT_GT(done->applied[i].applied_at.micros, 0);
  }
  auto opened = OpenStore(o);  // migrate = false is fine once up to date.
  ASSERT_TRUE(opened.ok()) << opened.error().ToString();
  EXPECT_EQ(*(*opened)->SchemaVersion(), LatestSchemaVersion());
}

TEST_P(StoreTest, ConcurrentMigrationsApplyEachVersionOnce) {
  StoreOptions o = FreshOptions();
  std::vector<std::thread> threads;
  std::vector<Result<int>> results(4, Error::Internal("not run"));
  for (size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&, i] { results[i] = Migrate(o); });
  }
  for (auto& t : threads) t.join();
  int total = 0;
  for (const auto& r : results) {
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    total += *r;
  }
  // Each migration applied exactly once, by one of the threads.
  const auto status = GetMigrationStatus(o);
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(static_cast<size_t>(total), status->applied.size());
  EXPECT_EQ(status->applied.back().version, LatestSchemaVersion());
  EXPECT_TRUE(status->pending.empty());
}

TEST_P(StoreTest, AFailingMigrationKeepsTheOnesBeforeIt) {
  StoreOptions o = FreshOptions();
  std::string connect = GetParam() == "sqlite"
                            ? "db=" + (fs::path(o.data_dir) / "bangfu.db").string()
                            : PgConnect(o.url);
  if (GetParam() == "sqlite") fs::create_directories(o.data_dir);
  Db db(GetParam() == "sqlite" ? Dialect::kSqlite : Dialect::kPostgres, connect, 1);
  ASSERT_TRUE(db.Connect().ok());
  const std::vector<std::string> one = {"CREATE TABLE t1 (x INTEGER)", "INSERT INTO t1 VALUES (1)"};
  const std::vector<std::string> broken = {"CREATE TABLE t2 (x INTEGER)", "THIS IS NOT SQL"};
  const std::vector<std::string> fixed = {"CREATE TABLE t2 (x INTEGER)"};
  std::vector<Migration> list = {{1, "one", one, one}, {2, "two", broken, broken}};
  auto r = ApplyMigrations(db, list, true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInternal);
  auto st = GetMigrationStatus(o);
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->current, 1);  // 1 committed; 2 rolled back entirely (t2 not left behind).
  auto raw = RawFor(o);
  long long t1 = 0;
  *raw << "SELECT COUNT(*) FROM t1", soci::into(t1);
  EXPECT_EQ(t1, 1);
  EXPECT_ANY_THROW(*raw << "SELECT COUNT(*) FROM t2");
  raw.reset();
  list[1] = {2, "two", fixed, fixed};
  auto again = ApplyMigrations(db, list, true);
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_EQ(*again, 1);
  EXPECT_EQ(*ApplyMigrations(db, list, true), 0);
  // A binary that knows only version 1 refuses this database.
  EXPECT_EQ(ApplyMigrations(db, {list[0]}, true).error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(StoreTest, NewerSchemaIsReportedAndRefusedByMigrate) {
  {
    auto raw = Raw();
    *raw << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)";
  }
  const std::string expected = "数据库结构版本 999 比本程序支持的 " +
                               std::to_string(LatestSchemaVersion()) + " 新，请升级程序";
  auto m = Migrate(options_);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(m.error().message, expected);
  auto st = GetMigrationStatus(options_);
  ASSERT_TRUE(st.ok()) << st.error().ToString();
  EXPECT_TRUE(st->newer_than_binary());
  EXPECT_EQ(st->current, 999);
  EXPECT_TRUE(st->pending.empty());
  // The store already open keeps working; only new opens are refused.
  EXPECT_TRUE(store_->users().Count().ok());
  StoreOptions no_migrate = options_;
  no_migrate.migrate = false;
  EXPECT_EQ(OpenStore(no_migrate).error().message, expected);
}

TEST_P(StoreTest, UsersRoundTripAndConflict) {
  User u = MakeUser("zhang_san");
  u.org_id = 42;
  auto id = store_->users().Insert(u);
  ASSERT_TRUE(id.ok()) << id.error().ToString();
  auto got = store_->users().FindByUsername("zhang_san");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->id, *id);
  EXPECT_EQ(got->display_name, "测试zhang_san");
  EXPECT_EQ(got->role, Role::kTownStaff);
  EXPECT_EQ(got->org_id, 42);
  EXPECT_EQ(got->created_at.micros, 1000);
  auto dup = store_->users().Insert(u);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_EQ(dup.error().field, "username");
  ASSERT_TRUE(store_->users().UpdatePassword(*id, "$argon2id$y", {2000}).ok());
  ASSERT_TRUE(store_->users().SetDisabled(*id, true).ok());
  got = store_->users().FindById(*id);
  EXPECT_EQ(got->password_hash, "$argon2id$y");
  EXPECT_TRUE(got->disabled);
  EXPECT_FALSE(got->org_id.has_value() && *got->org_id != 42);
  EXPECT_EQ(store_->users().FindById(9999).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->users().SetDisabled(9999, true).error().code, ErrorCode::kNotFound);
  User v = MakeUser("li_si");
  ASSERT_TRUE(store_->users().Insert(v).ok());
  EXPECT_EQ(*store_->users().Count(), 2);
  auto all = store_->users().List();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_FALSE((*all)[1].org_id.has_value());
}

TEST_P(StoreTest, SessionsLifecycle) {
  auto uid = store_->users().Insert(MakeUser("u1"));
  ASSERT_TRUE(uid.ok());
  service::Session s{"hash1", "csrf1", *uid, "127.0.0.1", {100}, {100}};
  ASSERT_TRUE(store_->sessions().Insert(s).ok());
  ASSERT_TRUE(store_->sessions().Touch("hash1", {500}).ok());
  ASSERT_TRUE(store_->sessions().Touch("hash1", {300}).ok());  // Never moves backwards.
  auto got = store_->sessions().Find("hash1");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->last_seen_at.micros, 500);
  EXPECT_EQ(got->csrf_token, "csrf1");
  ASSERT_TRUE(store_->sessions().Insert({"hash2", "c", *uid, "", {100}, {100}}).ok());
  EXPECT_EQ(*store_->sessions().DeleteIdle({200}), 1);
  auto dup = store_->sessions().Insert(s);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_EQ(dup.error().field, "token_hash");
  ASSERT_TRUE(store_->sessions().Insert({"hash3", "c", *uid, "", {100}, {900}}).ok());
  ASSERT_TRUE(store_->sessions().Delete("hash3").ok());
  EXPECT_EQ(store_->sessions().Find("hash3").error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(store_->sessions().Find("hash1").ok());
  ASSERT_TRUE(store_->sessions().DeleteForUser(*uid).ok());
  EXPECT_EQ(store_->sessions().Find("hash1").error().code, ErrorCode::kNotFound);
  // A session must belong to an existing user (foreign keys are enforced on both backends).
  EXPECT_FALSE(store_->sessions().Insert({"hash4", "c", 424242, "", {1}, {1}}).ok());
}

TEST_P(StoreTest, AuditIsAppendOnlyAndQueryable) {
  for (int i = 0; i < 10; ++i) {
    AuditEntry e;
    e.at = {1000 + i};
    e.username = i % 2 ? "a" : "b";
    e.remote_addr = "10.0.0." + std::to_string(i % 3);
    e.action = i < 6 ? "session.sign_in_failed" : "user.create";
    e.region_code = i < 8 ? "" : (i == 8 ? "500153001000" : "500154000000");
    ASSERT_TRUE(store_->audit().Append(e).ok());
  }
  AuditFilter f;
  f.limit = 3;
  auto page = store_->audit().Query(f);
  ASSERT_EQ(page->size(), 3u);
  EXPECT_EQ((*page)[0].id, 10);
  f.before_id = (*page)[2].id;
  f.limit = 100;
  EXPECT_EQ(store_->audit().Query(f)->size(), 7u);
  AuditFilter g;
  g.action = "session.";
  EXPECT_EQ(store_->audit().Query(g)->size(), 6u);
  g = {};
  g.region_prefix = "500153";
  EXPECT_EQ(store_->audit().Query(g)->size(), 9u);  // 8 without region + the one in 500153.
  g = {};
  g.from = Timestamp{1005};
  g.to = Timestamp{1007};
  EXPECT_EQ(store_->audit().Query(g)->size(), 2u);
  // Failures for user "a" (i = 1, 3, 5) or from 10.0.0.0 (i = 0, 3): {0,1,3,5}.
  EXPECT_EQ(*store_->audit().CountFailedSignIns("a", "10.0.0.0", {0}), 4);
  EXPECT_EQ(*store_->audit().CountFailedSignIns("a", "10.0.0.0", {1004}), 1);

  auto raw = Raw();
  EXPECT_ANY_THROW(*raw << "UPDATE audit_log SET action = 'x'");
  EXPECT_ANY_THROW(*raw << "DELETE FROM audit_log");
  if (GetParam() == "postgresql") {
    EXPECT_ANY_THROW(*raw << "TRUNCATE audit_log");
  }
  EXPECT_EQ(store_->audit().Query({})->size(), 10u);
}

TEST_P(StoreTest, TransactionsCommitRollBackAndNest) {
  Status ok = store_->InTransaction([&]() -> Status {
    BANGFU_RETURN_IF_ERROR(store_->users().Insert(MakeUser("t1")));
    return store_->InTransaction([&]() -> Status {  // Nested joins the outer one.
      BANGFU_RETURN_IF_ERROR(store_->users().Insert(MakeUser("t2")));
      return OkStatus();
    });
  });
  ASSERT_TRUE(ok.ok()) << ok.error().ToString();
  Status failed = store_->InTransaction([&]() -> Status {
    BANGFU_RETURN_IF_ERROR(store_->users().Insert(MakeUser("t3")));
    return Error::InvalidArgument("stop");
  });
  EXPECT_EQ(failed.error().message, "stop");
  Status conflict = store_->InTransaction([&]() -> Status {
    BANGFU_RETURN_IF_ERROR(store_->users().Insert(MakeUser("t4")));
    BANGFU_RETURN_IF_ERROR(store_->users().Insert(MakeUser("t1")));
    return OkStatus();
  });
  EXPECT_EQ(conflict.error().code, ErrorCode::kConflict);
  Status thrown = store_->InTransaction([&]() -> Status {
    (void)store_->users().Insert(MakeUser("t5"));
    throw std::runtime_error("bug");
  });
  EXPECT_EQ(thrown.error().code, ErrorCode::kInternal);
  EXPECT_EQ(*store_->users().Count(), 2);
  EXPECT_EQ(store_->users().FindByUsername("t3").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->users().FindByUsername("t4").error().code, ErrorCode::kNotFound);
}

TEST_P(StoreTest, ConcurrentWritersAndReaders) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 30; ++i) {
        AuditEntry e;
        e.action = "test.write";
        e.username = "t" + std::to_string(t);
        Status s = store_->InTransaction([&]() -> Status {
          BANGFU_RETURN_IF_ERROR(store_->audit().Append(e));
          return OkStatus();
        });
        if (!s.ok()) ++failures;
        if (!store_->audit().Query({}).ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  AuditFilter f;
  f.action = "test.";
  f.limit = 500;
  EXPECT_EQ(store_->audit().Query(f)->size(), 180u);
}

TEST_P(StoreTest, PostgresSessionsReconnectAfterTheServerDropsThem) {
  if (GetParam() != "postgresql") GTEST_SKIP() << "PostgreSQL only";
  ASSERT_TRUE(store_->users().Count().ok());
  {
    soci::session admin(soci::postgresql, PgConnect(PgUrl()));
    admin << "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db_name_ +
                 "'";
  }
  // Each pooled connection fails once (as kUnavailable) and is then reconnected.
  int failures = 0;
  for (int i = 0; i < 20; ++i) {
    auto n = store_->users().Count();
    if (!n.ok()) {
      ++failures;
      EXPECT_EQ(n.error().code, ErrorCode::kUnavailable) << n.error().ToString();
    }
  }
  EXPECT_LE(failures, 8);
  EXPECT_TRUE(store_->users().Count().ok());
  EXPECT_TRUE(store_->InTransaction([&] { return store_->users().Insert(MakeUser("after")).ok()
                                                     ? OkStatus()
                                                     : Error::Internal("insert"); })
                  .ok());
}

TEST_P(StoreTest, RegionsUpsertAndChildren) {
  std::vector<Region> rs = {{"500000000000", "重庆市", "", 1},
                            {"500153000000", "荣昌区", "500100000000", 3},
                            {"500153001000", "昌元街道", "500153000000", 4},
                            {"500153100000", "荣隆镇", "500153000000", 4}};
  ASSERT_TRUE(store_->regions().UpsertMany(rs).ok());
  rs[2].name = "昌元街道办事处";
  ASSERT_TRUE(store_->regions().UpsertMany({rs[2]}).ok());
  EXPECT_EQ(*store_->regions().Count(), 4);
  auto kids = store_->regions().Children("500153000000");
  ASSERT_EQ(kids->size(), 2u);
  EXPECT_EQ((*kids)[0].name, "昌元街道办事处");
  EXPECT_EQ((*kids)[1].level, 4);
  EXPECT_EQ(store_->regions().Get("500153999000").error().code, ErrorCode::kNotFound);
  // Bulk: more than one batch.
  std::vector<Region> many;
  for (int i = 0; i < 12000; ++i) {
    char code[13];
    std::snprintf(code, sizeof code, "5001531%05d", i);
    many.push_back({code, "村" + std::to_string(i), "500153100000", 5});
  }
  ASSERT_TRUE(store_->regions().UpsertMany(many).ok());
  EXPECT_EQ(store_->regions().Children("500153100000")->size(), 12000u);
}

TEST_P(StoreTest, PersonsRoundTripFilterAndVersion) {
  std::vector<service::Person> people = {MakePerson("h1", "王小雨", "500153001001"),
                                         MakePerson("h2", "王大山", "500153100001"),
                                         MakePerson("h3", "李四", "500154001001")};
  people[1].household_id = store_->households().Insert({0, "500153100001", "", "K1", {}, false, {}}).value();
  people[1].responsible_user_id = 7;
  people[1].graduation_date.reset();
  people[1].categories.clear();
  ASSERT_TRUE(store_->persons().InsertMany(people).ok());
  EXPECT_GT(people[2].id, people[0].id);
  auto got = store_->persons().Get(people[0].id);
  ASSERT_TRUE(got.ok()) << got.error().ToString();
  EXPECT_EQ(got->name, "王小雨");
  EXPECT_EQ(got->skills, (std::vector<std::string>{"Excel", "驾驶"}));
  ASSERT_EQ(got->categories.size(), 2u);
  EXPECT_EQ(got->categories[0].category, "dibao");  // Ordered by valid_from.
  EXPECT_EQ(got->categories[0].valid_to->ToString(), "2024-12-31");
  EXPECT_FALSE(got->categories[1].valid_to.has_value());
  EXPECT_EQ(got->version, 1);
  EXPECT_FALSE(got->household_id.has_value());
  auto second = store_->persons().Get(people[1].id);
  EXPECT_EQ(second->household_id, people[1].household_id);
  EXPECT_EQ(second->responsible_user_id, 7);
  EXPECT_FALSE(second->graduation_date.has_value());
  EXPECT_EQ(store_->persons().Insert(MakePerson("h1", "重复", "500153001001")).error().code, ErrorCode::kConflict);

  service::PersonFilter f;
  f.as_of = Date::FromYmdUnchecked(2026, 11, 24);
  f.region_prefix = "500153";
  EXPECT_EQ(store_->persons().List(f)->total, 2);
  f.category = "graduate";
  EXPECT_EQ(store_->persons().List(f)->total, 1);
  f.category = "dibao";  // Expired at the end of 2024.
  EXPECT_EQ(store_->persons().List(f)->total, 0);
  f.category.clear();
  f.name_prefix = "王";
  f.sort = "name";
  auto named = store_->persons().List(f);
  ASSERT_EQ(named->items.size(), 2u);
  f.name_prefix.clear();
  f.graduation_year = 2026;
  EXPECT_EQ(store_->persons().List(f)->total, 1);
  f.graduation_year.reset();
  f.not_contacted_days = 30;
  EXPECT_EQ(store_->persons().List(f)->total, 2);
  f.not_contacted_days.reset();
  f.sort = "id";
  f.size = 1;
  f.page = 2;
  auto page2 = store_->persons().List(f);
  EXPECT_EQ(page2->total, 2);
  ASSERT_EQ(page2->items.size(), 1u);
  EXPECT_EQ(page2->items[0].id, people[1].id);
  // The page is cut before the rows are read: order and filters still hold for the page.
  f.page = 1;
  f.size = 2;
  f.descending = true;
  auto newest = store_->persons().List(f);
  ASSERT_EQ(newest->items.size(), 2u);
  EXPECT_EQ(newest->items[0].id, people[1].id);
  EXPECT_EQ(newest->items[1].id, people[0].id);
  f.descending = false;
  f.responsible_user_id = 7;  // A partial index (responsible staff set) serves this filter.
  auto mine = store_->persons().List(f);
  EXPECT_EQ(mine->total, 1);
  ASSERT_EQ(mine->items.size(), 1u);
  EXPECT_EQ(mine->items[0].id, people[1].id);
  f.responsible_user_id.reset();
  // With a category filter the total comes with the page; past the last page it is counted.
  f.category = "graduate";
  f.size = 1;
  auto graduates = store_->persons().List(f);
  EXPECT_EQ(graduates->total, 1);
  ASSERT_EQ(graduates->items.size(), 1u);
  EXPECT_EQ(graduates->items[0].id, people[0].id);
  ASSERT_EQ(graduates->items[0].categories.size(), people[0].categories.size());
  f.page = 2;
  auto past = store_->persons().List(f);
  EXPECT_EQ(past->total, 1);
  EXPECT_TRUE(past->items.empty());
  f.category = "dibao";
  f.page = 1;
  EXPECT_EQ(store_->persons().List(f)->total, 0);
  f.category.clear();

  service::Person p = *got;
  p.major = "软件工程";
  ASSERT_TRUE(store_->persons().Update(p).ok());
  EXPECT_EQ(store_->persons().Get(p.id)->version, 2);
  EXPECT_EQ(store_->persons().Get(p.id)->categories.size(), 2u);
  EXPECT_EQ(store_->persons().Update(p).error().field, "version");  // Stale version.

  ASSERT_TRUE(store_->persons().AppendStatus({0, p.id, "unemployed", "", Date::FromYmdUnchecked(2026, 7, 1), {9}, 1, "张三", "建档"}).ok());
  ASSERT_TRUE(store_->persons().AppendContact({0, p.id, Date::FromYmdUnchecked(2026, 11, 1), "phone", "unemployed", "", 1, {10}}).ok());
  EXPECT_EQ(store_->persons().StatusHistory(p.id)->size(), 1u);
  EXPECT_EQ(store_->persons().Contacts(p.id)->size(), 1u);
  auto h = store_->households().Get(*people[1].household_id);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->member_ids, (std::vector<int64_t>{people[1].id}));
  ASSERT_TRUE(store_->households().SetZeroEmployment(h->id, true, Date::FromYmdUnchecked(2026, 11, 24)).ok());
  f = {};
  f.as_of = Date::FromYmdUnchecked(2026, 11, 24);
  f.zero_employment_household = true;
  EXPECT_EQ(store_->persons().List(f)->total, 1);
  EXPECT_EQ(*store_->households().FindByKey("K1"), h->id);
  EXPECT_FALSE(store_->households().FindByKey("nope")->has_value());
}

// GetMany returns exactly the people asked for that exist, each with their own categories:
// ids filling most of their range are read as the range (the others in it skipped), scattered
// ones by lists; repeats and unknown ids are harmless.
TEST_P(StoreTest, GetManyReadsDenseAndScatteredIds) {
  std::vector<service::Person> people;
  for (int i = 0; i < 12; ++i) {
    people.push_back(MakePerson("g" + std::to_string(i), "取多", "500153001001"));
    people.back().categories.resize(1 + i % 2);  // Odd ones keep the dibao period too.
    people.back().school = "学校" + std::to_string(i);
  }
  ASSERT_TRUE(store_->persons().InsertMany(people).ok());
  auto check = [&](const std::vector<int64_t>& ask, const std::set<int>& want) {
    auto got = store_->persons().GetMany(ask);
    ASSERT_TRUE(got.ok()) << got.error().ToString();
    std::set<int> seen;
    for (const auto& p : *got) {
      const int i = static_cast<int>(std::find_if(people.begin(), people.end(),
                                                  [&](const service::Person& q) { return q.id == p.id; }) -
                                     people.begin());
      ASSERT_LT(i, 12) << p.id;
      EXPECT_TRUE(seen.insert(i).second) << "twice: " << i;
      EXPECT_EQ(p.school, "学校" + std::to_string(i));
      ASSERT_EQ(p.categories.size(), static_cast<size_t>(1 + i % 2)) << i;
      if (i % 2) {
        EXPECT_EQ(p.categories[0].category, "dibao");  // By valid_from.
      }
    }
    EXPECT_EQ(seen, want);
  };
  auto id = [&](int i) { return people[i].id; };
  check({id(1), id(2), id(4), id(5), id(2)}, {1, 2, 4, 5});          // Dense: 3 skipped, 2 repeated.
  check({id(0), id(11)}, {0, 11});                                    // Scattered.
  check({id(3), id(11) + 1000, id(7)}, {3, 7});                      // Unknown id left out.
  check({}, {});
}

TEST_P(StoreTest, PersonsBulkInsertKeepsOddTextAndIsAllOrNothing) {
  std::vector<service::Person> people;
  for (int i = 0; i < 12005; ++i) {  // More than one batch of the bulk path.
    people.push_back(MakePerson("bulk" + std::to_string(i), "张" + std::to_string(i), "500153001001"));
  }
  people[7].school = "重庆\t大学\n（荣昌校区）\\N \\ end\r";
  people[7].skills = {"a\tb", "c\\d"};
  people[8].household_id.reset();
  people[8].responsible_user_id = 99;
  people[9].categories.clear();
  people[10].status = "employed_employer";
  people[10].status_since = Date::FromYmdUnchecked(2026, 3, 1);
  // The first status row of each person, written with them (as an import does).
  const service::StatusChange created{0, 0, "", "", Date(), {5}, 3, "导入员", "导入建档: x.csv"};
  ASSERT_TRUE(store_->persons().InsertMany(people, &created).ok());
  for (int i : {0, 10, 12004}) {
    auto history = store_->persons().StatusHistory(people[i].id);
    ASSERT_TRUE(history.ok());
    ASSERT_EQ(history->size(), 1u) << i;
    const auto& h = history->front();
    EXPECT_EQ(h.person_id, people[i].id);
    EXPECT_EQ(h.status, people[i].status);
    EXPECT_EQ(h.effective, people[i].status_since);
    EXPECT_EQ(h.recorded_at.micros, 5);
    EXPECT_EQ(h.recorded_by, 3);
    EXPECT_EQ(h.recorded_by_name, "导入员");
    EXPECT_EQ(h.reason, "导入建档: x.csv");
  }
  std::set<int64_t> ids;
  for (const auto& p : people) ids.insert(p.id);
  EXPECT_EQ(ids.size(), people.size());
  EXPECT_EQ(ids.count(0), 0u);
  auto odd = store_->persons().Get(people[7].id);
  ASSERT_TRUE(odd.ok()) << odd.error().ToString();
  EXPECT_EQ(odd->name, "张7");
  EXPECT_EQ(odd->school, people[7].school);
  EXPECT_EQ(odd->skills, people[7].skills);
  EXPECT_EQ(odd->categories.size(), 2u);
  EXPECT_EQ(store_->persons().Get(people[8].id)->responsible_user_id, 99);
  EXPECT_TRUE(store_->persons().Get(people[9].id)->categories.empty());
  service::PersonFilter f;
  f.as_of = Date::FromYmdUnchecked(2026, 11, 24);
  f.category = "graduate";
  EXPECT_EQ(store_->persons().List(f)->total, 12004);
  // A later single insert gets a fresh id (the sequence moved past the bulk ids).
  auto one = store_->persons().Insert(MakePerson("single", "单个", "500153001001"));
  ASSERT_TRUE(one.ok()) << one.error().ToString();
  EXPECT_EQ(ids.count(*one), 0u);

  // One duplicate in the middle of a batch: nothing of the batch is kept.
  std::vector<service::Person> more;
  for (int i = 0; i < 50; ++i) more.push_back(MakePerson("more" + std::to_string(i), "李", "500153001001"));
  more[25].id_number_hash = "bulk3";
  auto dup = store_->persons().InsertMany(more);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_EQ(dup.error().field, "id_number");
  f = {};
  f.as_of = Date::FromYmdUnchecked(2026, 11, 24);
  EXPECT_EQ(store_->persons().List(f)->total, 12006);
}

// A load larger than the table (on SQLite) drops the secondary indexes and builds them after the
// rows: the same indexes must be there afterwards, each holding exactly the table's rows (the
// partial one only its rows), and a failed load must leave them and the rows as before.
TEST_P(StoreTest, LargeBulkInsertRebuildsIndexesAndFailsWhole) {
  auto index_names = [&] {
    auto raw = Raw();
    std::vector<std::string> names(200);
    if (GetParam() == "sqlite") {
      *raw << "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN "
              "('persons') ORDER BY name",
          soci::into(names);
    } else {
      *raw << "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename "
              "IN ('persons') ORDER BY indexname",
          soci::into(names);
    }
    return names;
  };
  const auto before = index_names();
  ASSERT_GE(before.size(), 4u);
  std::vector<service::Person> people;
  for (int i = 0; i < 25000; ++i) {
    people.push_back(
        MakePerson("big" + std::to_string(i), "赵" + std::to_string(i % 100), "500153001001"));
    // A few with responsible staff: the rows of the partial index persons_responsible.
    if (i % 5000 == 1) people.back().responsible_user_id = 7;
  }
  people.back().id_number_hash = "big0";  // The duplicate comes last, after every row went in.
  auto dup = store_->persons().InsertMany(people);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_EQ(index_names(), before);
  service::PersonFilter f;
  f.as_of = Date::FromYmdUnchecked(2026, 11, 24);
  EXPECT_EQ(store_->persons().List(f)->total, 0);

  people.back().id_number_hash = "big24999";
  auto ok = store_->persons().InsertMany(people);
  ASSERT_TRUE(ok.ok()) << ok.error().ToString();
  EXPECT_EQ(index_names(), before);
  f.category = "graduate";
  EXPECT_EQ(store_->persons().List(f)->total, 25000);
  // The bulk path writes the person's status and region onto the category rows (migration 17).
  f.status = "unemployed";
  f.region_prefix = "500153001";
  EXPECT_EQ(store_->persons().List(f)->total, 25000);
  f.region_prefix = "500153002";
  EXPECT_EQ(store_->persons().List(f)->total, 0);
  f.region_prefix = "500153001";
  f.status = "flexible";
  EXPECT_EQ(store_->persons().List(f)->total, 0);
  f.status.clear();
  f.region_prefix.clear();
  f.category.clear();
  f.responsible_user_id = 7;
  EXPECT_EQ(store_->persons().List(f)->total, 5);
  f.responsible_user_id.reset();
  f.not_contacted_days = 30;  // Nobody contacted yet: every row.
  EXPECT_EQ(store_->persons().List(f)->total, 25000);
  f.not_contacted_days.reset();
  if (GetParam() == "sqlite") {
    // Every rebuilt index has exactly one entry per row.
    auto raw = Raw();
    std::string check;
    *raw << "PRAGMA integrity_check", soci::into(check);
    EXPECT_EQ(check, "ok");
    for (const char* index : {"persons_id_number", "persons_region"}) {
      long long n = 0;
      *raw << std::string("SELECT COUNT(*) FROM persons INDEXED BY ") + index +
                  (std::string(index) == "persons_id_number" ? " WHERE id_number_hash >= ''"
                                                             : " WHERE region_code >= ''"),
          soci::into(n);
      EXPECT_EQ(n, 25000) << index;
    }
    // The unique blind index is a named index the load dropped and built again (migration 52),
    // not the table's constraint, and it still refuses a duplicate afterwards.
    std::string table_sql, unique_sql;
    *raw << "SELECT sql FROM sqlite_master WHERE name = 'persons'", soci::into(table_sql);
    *raw << "SELECT sql FROM sqlite_master WHERE name = 'persons_id_number'", soci::into(unique_sql);
    EXPECT_EQ(table_sql.find("UNIQUE"), std::string::npos) << table_sql;
    EXPECT_EQ(unique_sql, "CREATE UNIQUE INDEX persons_id_number ON persons(id_number_hash)");
  }
  std::vector<service::Person> again{MakePerson("big7", "重复", "500153001001")};
  auto twice = store_->persons().InsertMany(again);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  auto found = store_->persons().FindByIdNumberHash("big24999");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->id, people.back().id);
  EXPECT_EQ(found->categories.size(), 2u);
}

TEST(StoreOptionsTest, SqliteUrlAndPathsWithSpaces) {
  fs::path dir = fs::temp_directory_path() / ("bangfu store " + std::to_string(::getpid()));
  fs::remove_all(dir);
  {
    StoreOptions o;
    o.data_dir = (dir / "数据 目录").string();
    auto s = OpenStore(o);
    ASSERT_TRUE(s.ok()) << s.error().ToString();
    EXPECT_EQ((*s)->BackendName(), "sqlite");
    EXPECT_TRUE(fs::exists(dir / "数据 目录" / "bangfu.db"));
  }
  {
    fs::create_directories(dir / "u");
    StoreOptions o;
    o.url = "sqlite://" + (dir / "u" / "other.db").string();
    auto s = OpenStore(o);
    ASSERT_TRUE(s.ok()) << s.error().ToString();
    EXPECT_TRUE(fs::exists(dir / "u" / "other.db"));
    EXPECT_EQ(*(*s)->SchemaVersion(), LatestSchemaVersion());
  }
  StoreOptions empty_path;
  empty_path.url = "sqlite://";
  EXPECT_EQ(OpenStore(empty_path).error().field, "db");
  fs::remove_all(dir);
}

TEST_P(StoreTest, BulkStatusHistoryAndNameBirthIndex) {
  std::vector<service::Person> people = {MakePerson("b1", "周\t正", "500153001001"),
                                         MakePerson("b2", "吴敏", "500153001001")};
  ASSERT_TRUE(store_->persons().InsertMany(people).ok());
  std::vector<service::StatusChange> changes;
  for (int i = 0; i < 25000; ++i)
    changes.push_back({0, people[i % 2].id, i % 3 ? "unemployed" : "flexible", "单位\\名\n称",
                       Date::FromYmdUnchecked(2026, 1, 1 + i % 28), {i}, 1, "张三", "导入建档: list.csv"});
  auto s = store_->persons().AppendStatuses(changes);
  ASSERT_TRUE(s.ok()) << s.error().ToString();
  auto h = store_->persons().StatusHistory(people[0].id);
  ASSERT_EQ(h->size(), 12500u);
  EXPECT_EQ((*h)[0].detail, "单位\\名\n称");
  EXPECT_EQ((*h)[0].reason, "导入建档: list.csv");
  auto keys = store_->persons().AllNameBirthKeys();
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys->size(), 2u);
  std::set<std::string> names;
  for (const auto& [k, id] : *keys) names.insert(k);
  EXPECT_TRUE(names.count("周\t正|2002-03-15"));
  EXPECT_TRUE(names.count("吴敏|2002-03-15"));
}

// A new person's first status-history entry lives in the person's row (migration 51): an
// import writes no status_history row, and StatusHistory gives that entry first, then the
// changes. People created before keep a first status_history row and no entry in their row.
TEST_P(StoreTest, TheFirstStatusEntryIsKeptInThePersonsRow) {
  std::vector<service::Person> people = {MakePerson("f1", "郑一", "500153001001"),
                                         MakePerson("f2", "王二", "500153001001")};
  people[1].status = "flexible";
  people[1].status_since = Date::FromYmdUnchecked(2026, 9, 1);
  const service::StatusChange created{0, 0, "", "随名单", Date(), {777}, 5, "李四", "导入建档: 2026届.csv"};
  ASSERT_TRUE(store_->persons().InsertMany(people, &created).ok());
  auto raw = Raw();
  long long rows = -1;
  *raw << "SELECT COUNT(*) FROM status_history", soci::into(rows);
  EXPECT_EQ(rows, 0);
  auto h = store_->persons().StatusHistory(people[1].id);
  ASSERT_TRUE(h.ok()) << h.error().ToString();
  ASSERT_EQ(h->size(), 1u);
  EXPECT_EQ((*h)[0].status, "flexible");
  EXPECT_EQ((*h)[0].effective, Date::FromYmdUnchecked(2026, 9, 1));
  EXPECT_EQ((*h)[0].detail, "随名单");
  EXPECT_EQ((*h)[0].recorded_at.micros, people[1].created_at.micros);  // The row's created_at.
  EXPECT_EQ((*h)[0].recorded_by, 5);
  EXPECT_EQ((*h)[0].recorded_by_name, "李四");
  EXPECT_EQ((*h)[0].reason, "导入建档: 2026届.csv");
  // A later change follows it.
  ASSERT_TRUE(store_->persons()
                  .AppendStatus({0, people[1].id, "employed_employer", "", Date::FromYmdUnchecked(2026, 11, 1),
                                 {888}, 6, "赵六", "已入职"})
                  .ok());
  h = store_->persons().StatusHistory(people[1].id);
  ASSERT_EQ(h->size(), 2u);
  EXPECT_EQ((*h)[0].status, "flexible");
  EXPECT_EQ((*h)[1].status, "employed_employer");
  // Without `created` (and for people from before migration 51) the row holds no entry.
  std::vector<service::Person> plain = {MakePerson("f3", "孙三", "500153001001")};
  ASSERT_TRUE(store_->persons().InsertMany(plain).ok());
  EXPECT_TRUE(store_->persons().StatusHistory(plain[0].id)->empty());
}

TEST(StoreOptionsTest, RejectsUnknownUrls) {
  StoreOptions o;
  o.url = "mysql://x";
  EXPECT_EQ(OpenStore(o).error().field, "db");
  StoreOptions bad_pg;
  bad_pg.url = "postgresql://nobody@127.0.0.1:1/none";
  EXPECT_EQ(OpenStore(bad_pg).error().code, ErrorCode::kUnavailable);
}

TEST(StoreOptionsTest, PostgresUrlsBecomeKeyValueStrings) {
  EXPECT_EQ(*PostgresConnectString("postgresql://bangfu:s%40cret@db.example:5433/bangfu?sslmode=require"),
            "host='db.example' port='5433' user='bangfu' password='s@cret' dbname='bangfu' "
            "sslmode='require'");
  EXPECT_EQ(*PostgresConnectString("postgres://u@[::1]/d"), "host='::1' user='u' dbname='d'");
  EXPECT_EQ(*PostgresConnectString("postgresql://u:it's@h/d"),
            "host='h' user='u' password='it\\'s' dbname='d'");
  EXPECT_FALSE(PostgresConnectString("postgresql://u@h/d?bad").ok());
  EXPECT_FALSE(PostgresConnectString("postgresql://u@h/d%zz").ok());
  EXPECT_FALSE(PostgresConnectString("mysql://u@h/d").ok());
}

// The entitlement workflow of 政策找人 over the real store: record a run (idempotent), review,
// batch, export, pay, notices, and the data scope of each step.
// Blind indexes are opaque bytes (NUL and high bytes included), stored as BLOB / BYTEA, and
// every path that reads or matches them gives back exactly those bytes.
TEST_P(StoreTest, BlindIndexesAreStoredAsBytes) {
  std::string id_hash(32, '\0'), mobile_hash(32, '\0');
  for (int i = 0; i < 32; ++i) {
    id_hash[i] = static_cast<char>(i * 37 + 11);
    mobile_hash[i] = static_cast<char>(255 - i);
  }
  id_hash[23] = '\0';
  id_hash[24] = '\xff';
  service::Person p = MakePerson(id_hash, "字节", "500153001001");
  p.mobile_hash = mobile_hash;
  service::Person no_mobile = MakePerson(std::string(32, '\xab'), "无手机", "500153001001");
  std::vector<service::Person> people = {p, no_mobile};
  ASSERT_TRUE(store_->persons().InsertMany(people).ok());

  auto found = store_->persons().FindByIdNumberHash(id_hash);
  ASSERT_TRUE(found.ok()) << found.error().ToString();
  EXPECT_EQ(found->id, people[0].id);
  EXPECT_EQ(found->id_number_hash, id_hash);
  EXPECT_EQ(found->mobile_hash, mobile_hash);
  EXPECT_EQ(store_->persons().Get(people[1].id)->mobile_hash, "");
  EXPECT_TRUE(store_->persons().FindByIdNumberHash(id_hash.substr(0, 31)).error().IsNotFound());
  EXPECT_TRUE(store_->persons().FindByIdNumberHash("h1").error().IsNotFound());

  service::PersonFilter f;
  f.as_of = Date::FromYmdUnchecked(2026, 11, 24);
  f.mobile_hash = mobile_hash;
  auto by_mobile = store_->persons().List(f);
  ASSERT_TRUE(by_mobile.ok()) << by_mobile.error().ToString();
  ASSERT_EQ(by_mobile->total, 1);
  EXPECT_EQ(by_mobile->items[0].id, people[0].id);
  f.mobile_hash.clear();
  f.id_number_hash = std::string(32, '\xab');
  EXPECT_EQ(store_->persons().List(f)->total, 1);

  auto all = store_->persons().AllIdNumberHashes();
  ASSERT_TRUE(all.ok());
  using HashIds = std::set<std::pair<std::string, int64_t>>;
  EXPECT_EQ(HashIds(all->begin(), all->end()),
            (HashIds{{id_hash, people[0].id}, {std::string(32, '\xab'), people[1].id}}));

  // An update writes the bytes the same way: the new mobile is found, the old one no longer.
  service::Person changed = *found;
  changed.mobile_hash = std::string(32, '\0');
  ASSERT_TRUE(store_->persons().Update(changed).ok());
  f.id_number_hash.clear();
  f.mobile_hash = std::string(32, '\0');
  EXPECT_EQ(store_->persons().List(f)->total, 1);
  f.mobile_hash = mobile_hash;
  EXPECT_EQ(store_->persons().List(f)->total, 0);
  EXPECT_EQ(store_->persons().FindByIdNumberHash(id_hash)->mobile_hash, std::string(32, '\0'));

  // Stored as 32 bytes, not as text.
  auto raw = Raw();
  long long bytes = 0;
  std::string type;
  if (GetParam() == "sqlite") {
    *raw << "SELECT length(id_number_hash), typeof(id_number_hash) FROM persons WHERE id = :i",
        soci::use(static_cast<long long>(people[0].id)), soci::into(bytes), soci::into(type);
    EXPECT_EQ(type, "blob");
  } else {
    *raw << "SELECT octet_length(id_number_hash), pg_typeof(id_number_hash)::text FROM persons "
            "WHERE id = :i",
        soci::use(static_cast<long long>(people[0].id)), soci::into(bytes), soci::into(type);
    EXPECT_EQ(type, "bytea");
  }
  EXPECT_EQ(bytes, 32);
}

// Brings the fresh database of `o` to the migrations numbered below `version`, as an older
// bangfu left it.
void MigrateBelow(const StoreOptions& o, int version) {
  const bool sqlite = o.url.empty();
  if (sqlite) fs::create_directories(o.data_dir);
  Db db(sqlite ? Dialect::kSqlite : Dialect::kPostgres,
        sqlite ? "db=" + (fs::path(o.data_dir) / "bangfu.db").string() : PgConnect(o.url), 1);
  ASSERT_TRUE(db.Connect().ok());
  std::vector<Migration> before;
  for (const auto& m : Migrations())
    if (m.version < version) before.push_back(m);
  ASSERT_TRUE(ApplyMigrations(db, before, true).ok());
}

// Migration 16 turns the hex text a ledger held before into the same bytes: people are found
// by the blind index they had.
TEST_P(StoreTest, Migration16ConvertsHexBlindIndexesToBytes) {
  StoreOptions o = FreshOptions();
  ASSERT_NO_FATAL_FAILURE(MigrateBelow(o, 16));
  const std::string hex = "00ff" + std::string(56, '7') + "a0b1";  // 32 bytes as hex.
  {
    auto raw = RawFor(o);
    *raw << "INSERT INTO persons (id_number_cipher, id_number_hash, id_number_masked, name, "
            "birth_date, sex, mobile_hash, region_code, status, status_since, created_at, "
            "updated_at) VALUES ('v1.x', '" + hex + "', 'm', '旧', '2000-01-01', 'F', '', "
            "'500153001001', 'unemployed', '2026-01-01', 1, 1)";
  }
  auto s = OpenStore(o);  // Applies 16.
  ASSERT_TRUE(s.ok()) << s.error().ToString();
  const std::string bytes = std::string("\0\xff", 2) + std::string(28, '\x77') + "\xa0\xb1";
  ASSERT_EQ(bytes.size(), 32u);
  auto found = (*s)->persons().FindByIdNumberHash(bytes);
  ASSERT_TRUE(found.ok()) << found.error().ToString();
  EXPECT_EQ(found->name, "旧");
  EXPECT_EQ(found->mobile_hash, "");
}

// A person's category periods live in the person's row (migration 53): every write of a
// person (insert, bulk insert, update of status, region or categories) keeps them, and the
// lists filter on them. copies(id): "category/status/region" of each period as stored.
TEST_P(StoreTest, CategoryRowsFollowThePersonsStatusRegionAndCategories) {
  auto copies = [&](int64_t id) {
    const service::Person p = *store_->persons().Get(id);
    std::vector<std::string> rows;
    for (const auto& c : p.categories) rows.push_back(c.category + "/" + p.status + "/" + p.region_code);
    std::sort(rows.begin(), rows.end());
    return rows;
  };
  std::vector<service::Person> people = {MakePerson("c1", "甲", "500153001001"),
                                         MakePerson("c2", "乙", "500153002001")};
  ASSERT_TRUE(store_->persons().InsertMany(people).ok());
  const int64_t a = people[0].id, b = people[1].id;
  EXPECT_EQ(copies(a), (std::vector<std::string>{"dibao/unemployed/500153001001",
                                                 "graduate/unemployed/500153001001"}));
  service::PersonFilter f;
  f.as_of = Date::FromYmdUnchecked(2026, 11, 24);
  f.region_prefix = "500153001";
  f.category = "graduate";
  f.status = "unemployed";
  auto total = [&] { return store_->persons().List(f)->total; };
  EXPECT_EQ(total(), 1);

  // Status change.
  service::Person p = *store_->persons().Get(a);
  p.status = "employed_employer";
  ASSERT_TRUE(store_->persons().Update(p).ok());
  EXPECT_EQ(copies(a), (std::vector<std::string>{"dibao/employed_employer/500153001001",
                                                 "graduate/employed_employer/500153001001"}));
  EXPECT_EQ(total(), 0);
  f.status = "employed_employer";
  EXPECT_EQ(total(), 1);

  // Region change: the person leaves town 001 for town 002.
  p = *store_->persons().Get(a);
  p.region_code = "500153002002";
  ASSERT_TRUE(store_->persons().Update(p).ok());
  EXPECT_EQ(copies(a)[1], "graduate/employed_employer/500153002002");
  EXPECT_EQ(total(), 0);
  f.region_prefix = "500153002";
  f.status.clear();
  auto both = store_->persons().List(f);
  EXPECT_EQ(both->total, 2);
  ASSERT_EQ(both->items.size(), 2u);
  EXPECT_EQ(both->items[0].id, a);
  EXPECT_EQ(both->items[1].id, b);

  // Category added, then removed.
  p = *store_->persons().Get(a);
  p.categories.push_back({"poverty_alleviated", Date::FromYmdUnchecked(2025, 1, 1), std::nullopt, "乡村振兴"});
  ASSERT_TRUE(store_->persons().Update(p).ok());
  f.category = "poverty_alleviated";
  EXPECT_EQ(total(), 1);
  EXPECT_EQ(copies(a).size(), 3u);
  p = *store_->persons().Get(a);
  std::erase_if(p.categories, [](const auto& c) { return c.category == "poverty_alleviated"; });
  ASSERT_TRUE(store_->persons().Update(p).ok());
  EXPECT_EQ(total(), 0);
  EXPECT_EQ(copies(a).size(), 2u);

  // Two periods of one category in force at once: the person is listed and counted once, on
  // the index-only path and on the paths that join persons (another filter, another sort).
  p = *store_->persons().Get(b);
  p.categories.push_back({"graduate", Date::FromYmdUnchecked(2026, 7, 1), std::nullopt, "人社"});
  ASSERT_TRUE(store_->persons().Update(p).ok());
  f.category = "graduate";
  f.size = 1;
  auto first = store_->persons().List(f);
  EXPECT_EQ(first->total, 2);
  ASSERT_EQ(first->items.size(), 1u);
  EXPECT_EQ(first->items[0].id, a);
  f.page = 2;
  auto second = store_->persons().List(f);
  EXPECT_EQ(second->total, 2);
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_EQ(second->items[0].id, b);
  f.page = 3;  // Past the end: counted separately, still once per person.
  auto past = store_->persons().List(f);
  EXPECT_EQ(past->total, 2);
  EXPECT_TRUE(past->items.empty());
  f.page = 1;
  f.size = 20;
  f.descending = true;
  auto newest = store_->persons().List(f);
  ASSERT_EQ(newest->items.size(), 2u);
  EXPECT_EQ(newest->items[0].id, b);
  f.descending = false;
  f.sort = "name";  // 乙 (U+4E59) before 甲 (U+7532): against the id order.
  auto by_name = store_->persons().List(f);
  EXPECT_EQ(by_name->total, 2);
  ASSERT_EQ(by_name->items.size(), 2u);
  EXPECT_EQ(by_name->items[0].id, b);
  f.sort = "id";
  f.graduation_year = 2026;
  f.status = "unemployed";
  auto joined = store_->persons().List(f);
  EXPECT_EQ(joined->total, 1);
  ASSERT_EQ(joined->items.size(), 1u);
  EXPECT_EQ(joined->items[0].id, b);
}

// Migration 53 moves the periods of person_categories into their persons' rows: every period,
// in order of start, sources with the encoding's own separators and backslashes intact; a
// person without periods gets none; the table is gone; lists filter on the moved periods.
TEST_P(StoreTest, Migration53MovesCategoryPeriodsIntoThePersonRow) {
  StoreOptions o = FreshOptions();
  ASSERT_NO_FATAL_FAILURE(MigrateBelow(o, 53));
  const std::string odd_source = std::string("民政\\低保") + '\x1e' + "名单" + '\x1f' + "2024";
  {
    auto raw = RawFor(o);
    *raw << "INSERT INTO persons (id, id_number_hash, status, region_code, id_number_cipher, "
            "id_number_masked, name, birth_date, sex, status_since, created_at, updated_at) VALUES "
            "(1, 'a', 'unemployed', '500153001001', 'v1.x', 'm', '甲', '2000-01-01', 'F', "
            "'2026-01-01', 1, 1), (2, 'b', 'flexible', '500153002001', 'v1.x', 'm', '乙', "
            "'2000-01-01', 'F', '2026-01-01', 1, 1), (3, 'c', 'flexible', '500153002001', 'v1.x', 'm', '丙', "
            "'2000-01-01', 'F', '2026-01-01', 1, 1)";
    *raw << "INSERT INTO person_categories (person_id, category, valid_from, valid_to, source) "
            "VALUES (1, 'graduate', '2025-06-30', '2027-06-30', '教委移交'), (1, 'dibao', '2020-01-01', '', :s), "
            "(2, 'graduate', '2025-06-30', '', '')",
        soci::use(odd_source);
  }
  auto s = OpenStore(o);  // Applies 53.
  ASSERT_TRUE(s.ok()) << s.error().ToString();
  auto one = (*s)->persons().Get(1);
  ASSERT_TRUE(one.ok()) << one.error().ToString();
  ASSERT_EQ(one->categories.size(), 2u);
  EXPECT_EQ(one->categories[0].category, "dibao");
  EXPECT_EQ(one->categories[0].valid_from.ToString(), "2020-01-01");
  EXPECT_FALSE(one->categories[0].valid_to.has_value());
  EXPECT_EQ(one->categories[0].source, odd_source);
  EXPECT_EQ(one->categories[1].category, "graduate");
  EXPECT_EQ(one->categories[1].valid_to->ToString(), "2027-06-30");
  EXPECT_EQ(one->categories[1].source, "教委移交");
  EXPECT_EQ((*s)->persons().Get(3)->categories.size(), 0u);
  {
    auto raw = RawFor(o);
    long long tables = -1;
    if (GetParam() == "sqlite") {
      *raw << "SELECT COUNT(*) FROM sqlite_master WHERE name = 'person_categories'", soci::into(tables);
    } else {
      *raw << "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() "
              "AND table_name = 'person_categories'",
          soci::into(tables);
    }
    EXPECT_EQ(tables, 0);
  }
  // Written back unchanged, the periods read the same.
  ASSERT_TRUE((*s)->persons().Update(*one).ok());
  EXPECT_EQ((*s)->persons().Get(1)->categories[0].source, odd_source);
  service::PersonFilter f;
  f.as_of = Date::FromYmdUnchecked(2026, 11, 24);
  f.region_prefix = "500153";
  f.category = "graduate";
  f.status = "flexible";
  auto page = (*s)->persons().List(f);
  ASSERT_TRUE(page.ok()) << page.error().ToString();
  EXPECT_EQ(page->total, 1);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].id, 2);
}

TEST_P(StoreTest, EntitlementWorkflowEndToEnd) {
  FixedClock clock(Timestamp::Parse("2026-11-20T10:00:00+08:00").value());
  service::App app(*store_, clock);
  auto ctx_for = [](Role role, std::string scope) {
    service::RequestContext c;
    c.principal.user_id = 1;
    c.principal.username = "u";
    c.principal.display_name = "审核员";
    c.principal.role = role;
    c.principal.scope = std::move(scope);
    c.remote_addr = "test";
    return c;
  };
  const auto admin = ctx_for(Role::kAdmin, "500153");
  const auto town = ctx_for(Role::kTownStaff, "500153001");
  // Paying writes the paid-subsidy ledger, which refers to real people and employers.
  std::vector<int64_t> person_ids;
  for (int i = 1; i <= 3; ++i) {
    auto id = store_->persons().Insert(MakePerson("ent" + std::to_string(i), "张三", "500153001001"));
    ASSERT_TRUE(id.ok()) << id.error().ToString();
    person_ids.push_back(*id);
  }
  std::vector<service::Employer> employers(1);
  employers[0].credit_code = "91500153MA5U000001";
  employers[0].name = "重庆示范食品有限公司";
  employers[0].region_code = "500153001000";
  ASSERT_TRUE(store_->policy_data().UpsertEmployers(employers).ok());
  const int64_t employer_id = employers[0].id;
  ASSERT_GT(employer_id, 0);
  auto candidate = [&](std::string rule, int64_t subject, std::string region, int64_t amount) {
    service::Entitlement e;
    e.rule_id = std::move(rule);
    e.rule_name = "一次性吸纳就业补贴（应届高校毕业生）";
    e.clause = "二(一)1";
    e.subject_kind = "employment";
    e.subject_id = subject;
    e.person_id = person_ids[subject - 1];
    e.person_name = "张三";
    e.payee_kind = "employer";
    e.payee_id = employer_id;
    e.payee_name = "重庆示范食品有限公司";
    e.amount_fen = amount;
    e.region_code = std::move(region);
    e.explanation = R"({"conditions":[{"text":"employer.size in [small]","value":true}]})";
    return e;
  };
  service::PolicyRun run;
  run.pack_id = "cq-rongchang-2022";
  run.as_of = Date::FromYmdUnchecked(2026, 11, 20);
  run.eligible = 3;

  // A candidate outside the caller's scope is refused, naming it; nothing is written.
  auto bad = app.entitlements().RecordRun(
      admin, run, {candidate("RC-HIRE-GRAD", 1, "500153001001", 200000),
                   candidate("RC-HIRE-GRAD", 2, "500102001001", 200000)});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "candidates[1]");
  EXPECT_EQ(app.entitlements().Runs(admin)->size(), 0u);
  // Town staff read but do not decide.
  EXPECT_EQ(app.entitlements().RecordRun(town, run, {}).error().code, ErrorCode::kPermissionDenied);

  const std::vector<service::Entitlement> found = {
      candidate("RC-HIRE-GRAD", 1, "500153001001", 200000),
      candidate("RC-HIRE-GRAD", 2, "500153001002", 200000),
      candidate("RC-HIRE-HARDSHIP", 3, "500153002001", 600000)};
  auto first = app.entitlements().RecordRun(admin, run, found);
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  EXPECT_EQ(first->new_candidates, 3);
  EXPECT_EQ(first->new_amount_fen, 1000000);
  // The same run again changes nothing.
  auto again = app.entitlements().RecordRun(admin, run, found);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->new_candidates, 0);
  EXPECT_EQ(app.entitlements().Runs(admin)->size(), 2u);

  service::EntitlementFilter all;
  auto page = app.entitlements().List(admin, all);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->total, 3);
  EXPECT_EQ(page->total_fen, 1000000);
  const int64_t a = page->items[0].id, b = page->items[1].id, c = page->items[2].id;
  // Scope: the town sees its two; the third answers 404.
  EXPECT_EQ(app.entitlements().List(town, all)->total, 2);
  EXPECT_EQ(app.entitlements().Get(town, c).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(app.entitlements().Get(admin, c)->rule_id, "RC-HIRE-HARDSHIP");

  // Decisions: reject needs a reason; all-or-nothing over the ids.
  EXPECT_EQ(app.entitlements().Decide(admin, {c}, service::Decision::kReject, " ").error().field, "reason");
  ASSERT_TRUE(app.entitlements().Decide(admin, {c}, service::Decision::kReject, "合同未满12个月").ok());
  auto mixed = app.entitlements().Decide(admin, {a, c}, service::Decision::kApprove, "");
  EXPECT_EQ(mixed.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(app.entitlements().Get(admin, a)->status, service::EntitlementStatus::kPending);
  EXPECT_EQ(app.entitlements().Decide(town, {a}, service::Decision::kApprove, "").error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(*app.entitlements().Decide(admin, {a, b, a}, service::Decision::kApprove, ""), 2);
  // A rejected key is not re-proposed by a later run.
  EXPECT_EQ(app.entitlements().RecordRun(admin, run, found)->new_candidates, 0);
  EXPECT_EQ(app.entitlements().Get(admin, c)->status, service::EntitlementStatus::kRejected);

  // Batch: every approved one in scope.
  auto batch = app.entitlements().CreateBatch(admin, "2026年11月 吸纳就业补贴", {});
  ASSERT_TRUE(batch.ok()) << batch.error().ToString();
  EXPECT_EQ(batch->count, 2);
  EXPECT_EQ(batch->total_fen, 400000);
  EXPECT_EQ(app.entitlements().Get(admin, a)->status, service::EntitlementStatus::kBatched);
  EXPECT_EQ(app.entitlements().CreateBatch(admin, "", {}).error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(app.entitlements().Decide(admin, {a}, service::Decision::kReject, "x").error().code,
            ErrorCode::kFailedPrecondition);
  auto xlsx = app.entitlements().ExportBatch(admin, batch->id);
  ASSERT_TRUE(xlsx.ok()) << xlsx.error().ToString();
  EXPECT_EQ(xlsx->rows, 2);
  EXPECT_EQ(xlsx->bytes.substr(0, 2), "PK");
  EXPECT_EQ(app.entitlements().GetBatch(town, batch->id).error().code, ErrorCode::kNotFound);
  auto paid = app.entitlements().MarkBatchPaid(admin, batch->id);
  ASSERT_TRUE(paid.ok());
  EXPECT_EQ(paid->status, service::BatchStatus::kPaid);
  EXPECT_EQ(app.entitlements().Get(admin, b)->status, service::EntitlementStatus::kPaid);
  EXPECT_EQ(app.entitlements().MarkBatchPaid(admin, batch->id).error().code, ErrorCode::kFailedPrecondition);
  // The two payments are in the paid-subsidy ledger the rules engine reads ("only once").
  EXPECT_EQ(*store_->policy_data().Count(service::DataTable::kPaidSubsidies), 2);

  // 我的政策 and the outbox: the employer got three notices, each person one.
  auto employer = ctx_for(Role::kEmployer, "");
  employer.principal.org_id = employer_id;
  EXPECT_EQ(app.entitlements().Mine(employer)->size(), 3u);
  EXPECT_EQ(app.entitlements().MyNotices(employer)->size(), 3u);
  auto seeker = ctx_for(Role::kJobSeeker, "");
  seeker.principal.person_id = person_ids[0];
  auto mine = app.entitlements().Mine(seeker);
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].status, service::EntitlementStatus::kPaid);
  EXPECT_EQ(app.entitlements().MyNotices(seeker)->size(), 1u);
  EXPECT_EQ(app.entitlements().Mine(admin).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(*app.entitlements().DeliverNotices(), 6);
  EXPECT_EQ(*app.entitlements().DeliverNotices(), 0);

  // Every step is in the audit log.
  AuditFilter af;
  af.action = "entitlement.";
  EXPECT_EQ(store_->audit().Query(af)->size(), 3u);
  af.action = "payment_batch.";
  EXPECT_EQ(store_->audit().Query(af)->size(), 3u);
}

// A loan ceiling (创业担保贷款, kind loan-limit) is a candidate like any other — reviewed,
// noticed to the founder, on 我的政策 — but no batch pays it and no money total counts it.
TEST_P(StoreTest, LoanCeilingsAreNoticedButNeverPaid) {
  FixedClock clock(Timestamp::Parse("2026-11-20T10:00:00+08:00").value());
  service::App app(*store_, clock);
  service::RequestContext admin;
  admin.principal.user_id = 1;
  admin.principal.username = "u";
  admin.principal.role = Role::kAdmin;
  admin.principal.scope = "500153";
  auto founder = store_->persons().Insert(MakePerson("loan1", "李创业", "500153001001"));
  ASSERT_TRUE(founder.ok()) << founder.error().ToString();
  auto make = [&](std::string rule, std::string kind, std::string payee_kind, int64_t amount) {
    service::Entitlement e;
    e.rule_id = std::move(rule);
    e.rule_name = e.rule_id == "RC-LOAN" ? "创业担保贷款额度" : "一次性创业补助";
    e.clause = "二(二)2";
    e.subject_kind = "business";
    e.subject_id = 7;
    e.person_id = *founder;
    e.person_name = "李创业";
    e.payee_kind = std::move(payee_kind);
    e.payee_id = e.payee_kind == "person" ? *founder : 7;
    e.payee_name = "经营主体（编号 7）";
    e.amount_fen = amount;
    e.kind = std::move(kind);
    e.region_code = "500153001001";
    return e;
  };
  service::PolicyRun run;
  run.pack_id = "cq-rongchang-2022";
  run.as_of = Date::FromYmdUnchecked(2026, 11, 20);
  auto recorded = app.entitlements().RecordRun(
      admin, run, {make("RC-LOAN", "loan-limit", "business", 20000000),
                   make("RC-STARTUP", "payment", "person", 800000)});
  ASSERT_TRUE(recorded.ok()) << recorded.error().ToString();
  EXPECT_EQ(recorded->new_candidates, 2);
  EXPECT_EQ(recorded->new_amount_fen, 800000);  // The ceiling is not money.
  auto page = app.entitlements().List(admin, {});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->total, 2);
  EXPECT_EQ(page->total_fen, 800000);
  const service::Entitlement& loan = page->items[0];
  EXPECT_EQ(loan.kind, "loan-limit");
  EXPECT_EQ(page->items[1].kind, "payment");

  // The founder is told they may apply for the loan, and up to how much.
  service::RequestContext seeker;
  seeker.principal.role = Role::kJobSeeker;
  seeker.principal.person_id = *founder;
  auto notices = app.entitlements().MyNotices(seeker);
  ASSERT_TRUE(notices.ok());
  ASSERT_EQ(notices->size(), 2u);
  bool told = false;
  for (const auto& n : *notices)
    if (n.entitlement_id == loan.id) {
      told = true;
      EXPECT_EQ(n.title, "您可申请创业担保贷款额度");
      EXPECT_NE(n.body.find("您可申请创业担保贷款，额度最高 200000.00 元"), std::string::npos) << n.body;
      EXPECT_NE(n.body.find("不是发放的补贴"), std::string::npos);
    }
  EXPECT_TRUE(told);
  auto mine = app.entitlements().Mine(seeker);
  ASSERT_EQ(mine->size(), 2u);

  // Approved, it still goes into no batch: named, it is refused; "all approved" leaves it out.
  ASSERT_TRUE(app.entitlements().Decide(admin, {loan.id, page->items[1].id},
                                        service::Decision::kApprove, "").ok());
  auto named = app.entitlements().CreateBatch(admin, "", {loan.id});
  ASSERT_FALSE(named.ok());
  EXPECT_EQ(named.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(named.error().message.find("贷款额度"), std::string::npos);
  auto batch = app.entitlements().CreateBatch(admin, "", {});
  ASSERT_TRUE(batch.ok()) << batch.error().ToString();
  EXPECT_EQ(batch->count, 1);
  EXPECT_EQ(batch->total_fen, 800000);
  EXPECT_EQ(app.entitlements().Get(admin, loan.id)->status, service::EntitlementStatus::kApproved);
  EXPECT_EQ(app.entitlements().CreateBatch(admin, "", {}).error().code,
            ErrorCode::kFailedPrecondition);
}

TEST_P(StoreTest, PolicyParameterValuesKeepTheirHistory) {
  auto& repo = store_->policy_params();
  service::PolicyParamValue v{0, "cq-rongchang-2022", "flex_si_monthly", "", "300",
                              *Date::Parse("2024-01-01"), "荣人社发〔2023〕12号 第三条", 7, "管理员",
                              Timestamp{1'700'000'000'000'000}};
  auto first = repo.Insert(v);
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  v.value = "350.50";
  v.effective_from = *Date::Parse("2025-01-01");
  ASSERT_TRUE(repo.Insert(v).ok());
  v.pack_id = "other";
  v.key = "SKILL-01";
  ASSERT_TRUE(repo.Insert(v).ok());

  auto mine = repo.List("cq-rongchang-2022");
  ASSERT_TRUE(mine.ok()) << mine.error().ToString();
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ((*mine)[0].id, *first);
  EXPECT_EQ((*mine)[0].value, "300");
  EXPECT_EQ((*mine)[0].effective_from.ToString(), "2024-01-01");
  EXPECT_EQ((*mine)[0].source, "荣人社发〔2023〕12号 第三条");
  EXPECT_EQ((*mine)[0].set_by, 7);
  EXPECT_EQ((*mine)[0].set_by_name, "管理员");
  EXPECT_EQ((*mine)[0].set_at.micros, 1'700'000'000'000'000);
  EXPECT_EQ((*mine)[1].value, "350.50");
  auto all = repo.List("");
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[2].key, "SKILL-01");
}

// SQLite: a commit that takes the write-ahead log past 1000 pages does not copy it into the
// database file itself; the Db's checkpoint thread does, soon after (db.cc, Db::Checkpointer).
TEST_P(StoreTest, SqliteCheckpointsOnAThreadOfItsOwn) {
  if (GetParam() != "sqlite") GTEST_SKIP() << "SQLite only";
  const fs::path file = dir_ / "bangfu.db";
  const auto before = fs::file_size(file);
  std::vector<service::Person> people;
  for (int i = 0; i < 25000; ++i)
    people.push_back(MakePerson("ckpt" + std::to_string(i), "钱" + std::to_string(i % 100), "500153001001"));
  ASSERT_TRUE(store_->persons().InsertMany(people).ok());
  // The rows are in the log (about 8 MB); the database file grows once they are copied.
  for (int waited = 0; waited < 200 && fs::file_size(file) < before + (4 << 20); ++waited)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_GE(fs::file_size(file), before + (4 << 20));
  auto raw = Raw();
  std::string check;
  *raw << "PRAGMA integrity_check", soci::into(check);
  EXPECT_EQ(check, "ok");
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace bangfu::store

