// The fixture of the store tests: each test runs against SQLite (always) and PostgreSQL
// (when BANGFU_TEST_PG_URL is set: each test gets a database of its own, dropped afterwards).
#pragma once

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "bangfu/domain/identity.h"
#include "bangfu/store/store.h"

namespace bangfu::store {
namespace fs = std::filesystem;
using service::Role;
using service::User;

inline std::string PgUrl() {
  const char* u = std::getenv("BANGFU_TEST_PG_URL");
  return u ? u : "";
}
inline std::string PgConnect(const std::string& url) { return *PostgresConnectString(url); }

// Replaces the database name at the end of a postgresql:// URL.
inline std::string WithDatabase(const std::string& url, const std::string& db) {
  return url.substr(0, url.rfind('/') + 1) + db;
}

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    const std::string tag = std::to_string(::getpid()) + "_" + std::to_string(counter++);
    if (GetParam() == "sqlite") {
      dir_ = fs::temp_directory_path() / ("bangfu-store-" + tag);
      fs::remove_all(dir_);
      options_.data_dir = dir_.string();
    } else {
      if (PgUrl().empty()) GTEST_SKIP() << "BANGFU_TEST_PG_URL not set";
      db_name_ = "bangfu_test_" + tag;
      soci::session admin(soci::postgresql, PgConnect(PgUrl()));
      admin << "CREATE DATABASE " + db_name_;
      options_.url = WithDatabase(PgUrl(), db_name_);
    }
    auto s = OpenStore(options_);
    ASSERT_TRUE(s.ok()) << s.error().ToString();
    store_ = std::move(*s);
  }
  void TearDown() override {
    store_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
    for (const auto& d : extra_dirs_) fs::remove_all(d);
    std::vector<std::string> dbs = extra_dbs_;
    if (!db_name_.empty()) dbs.push_back(db_name_);
    if (!dbs.empty()) {
      soci::session admin(soci::postgresql, PgConnect(PgUrl()));
      for (const auto& d : dbs) admin << "DROP DATABASE IF EXISTS " + d + " WITH (FORCE)";
    }
  }

  // Another empty database on the same backend, dropped in TearDown.
  StoreOptions FreshOptions() {
    static std::atomic<int> counter{0};
    const std::string tag = std::to_string(::getpid()) + "_x" + std::to_string(counter++);
    StoreOptions o;
    if (GetParam() == "sqlite") {
      fs::path d = fs::temp_directory_path() / ("bangfu-store-" + tag);
      fs::remove_all(d);
      extra_dirs_.push_back(d);
      o.data_dir = d.string();
    } else {
      const std::string name = "bangfu_test_" + tag;
      soci::session admin(soci::postgresql, PgConnect(PgUrl()));
      admin << "CREATE DATABASE " + name;
      extra_dbs_.push_back(name);
      o.url = WithDatabase(PgUrl(), name);
    }
    return o;
  }

  // Raw SQL against the database of `o`.
  std::unique_ptr<soci::session> RawFor(const StoreOptions& o) {
    if (GetParam() == "sqlite")
      return std::make_unique<soci::session>(soci::sqlite3,
                                             "db=" + (fs::path(o.data_dir) / "bangfu.db").string());
    return std::make_unique<soci::session>(soci::postgresql, PgConnect(o.url));
  }

  // Raw SQL against the same database, bypassing the store.
  std::unique_ptr<soci::session> Raw() {
    if (GetParam() == "sqlite")
      return std::make_unique<soci::session>(soci::sqlite3, "db=" + (dir_ / "bangfu.db").string());
    return std::make_unique<soci::session>(soci::postgresql, PgConnect(options_.url));
  }

  User MakeUser(const std::string& name) {
    User u;
    u.username = name;
    u.display_name = "测试" + name;
    u.role = Role::kTownStaff;
    u.scope = "500153001";
    u.password_hash = "$argon2id$x";
    u.created_at = {1000};
    u.password_changed_at = {1000};
    return u;
  }

  StoreOptions options_;
  fs::path dir_;
  std::string db_name_;
  std::vector<fs::path> extra_dirs_;
  std::vector<std::string> extra_dbs_;
  std::unique_ptr<service::Store> store_;
};

// A valid unified social credit code whose organisation code ends in `n`.
inline std::string CreditCodeFor(int n) {
  char first17[18];
  std::snprintf(first17, sizeof first17, "91500153MA%07d", n);
  return std::string(first17) + domain::CreditCode::CheckCharacter(first17);
}

// A valid 荣昌区 ID number of someone born on `birth`, with sequence number `seq`.
inline std::string IdNumberFor(Date birth, int seq) {
  char first17[18];
  std::snprintf(first17, sizeof first17, "500153%04d%02d%02d%03d", birth.year(), birth.month(),
                birth.day(), seq);
  return std::string(first17) + domain::IdNumber::CheckCharacter(first17);
}

// A person as the ledger stores it (hash stands in for the blind index).
inline service::Person MakePerson(const std::string& hash, const std::string& name,
                                  const std::string& region) {
  service::Person p;
  p.id_number_cipher = "v1.x";
  p.id_number_hash = hash;
  p.id_number_masked = "500153********0000";
  p.name = name;
  p.birth_date = Date::FromYmdUnchecked(2002, 3, 15);
  p.sex = 'F';
  p.region_code = region;
  p.residence_region = region;
  p.education = "bachelor";
  p.graduation_date = Date::FromYmdUnchecked(2026, 6, 30);
  p.skills = {"Excel", "驾驶"};
  p.status = "unemployed";
  p.status_since = Date::FromYmdUnchecked(2026, 7, 1);
  p.categories = {
      {"graduate", Date::FromYmdUnchecked(2026, 6, 30), std::nullopt, "教委"},
      {"dibao", Date::FromYmdUnchecked(2020, 1, 1), Date::FromYmdUnchecked(2024, 12, 31), "民政"}};
  p.created_at = {5};
  p.updated_at = {5};
  return p;
}

}  // namespace bangfu::store
