#include "runtime.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "bangfu/domain/calendar.h"
#include "bangfu/store/store.h"

namespace bangfu::cli {
namespace fs = std::filesystem;

void StoreFlags::Add(CLI::App& cmd) {
  if (const char* d = std::getenv("BANGFU_DATA")) data_dir = d;
  if (const char* u = std::getenv("BANGFU_DB")) db_url = u;
  if (const char* k = std::getenv("BANGFU_KEY_FILE")) key_file = k;
  cmd.add_option("--data", data_dir,
                 "数据目录 (data directory: SQLite database, keys); env BANGFU_DATA")
      ->capture_default_str();
  cmd.add_option("--db", db_url,
                 "数据库连接串 postgresql://user:pass@host:port/db (default: SQLite in --data); "
                 "env BANGFU_DB");
  cmd.add_option("--key-file", key_file,
                 "个人信息密钥文件 (default DATA_DIR/keys/personal-data.key, created at first start); "
                 "env BANGFU_KEY_FILE");
}

Result<std::unique_ptr<Runtime>> Runtime::Open(const StoreFlags& flags) {
  auto rt = std::unique_ptr<Runtime>(new Runtime());
  rt->data_dir_ = flags.data_dir.empty() ? "data" : flags.data_dir;
  std::error_code ec;
  fs::create_directories(rt->data_dir_, ec);
  if (ec) return Error::Unavailable("无法创建数据目录 " + rt->data_dir_ + ": " + ec.message());
  store::StoreOptions opts;
  opts.data_dir = rt->data_dir_;
  opts.url = flags.db_url;
  BANGFU_ASSIGN_OR_RETURN(rt->store_, store::OpenStore(opts));
  // Personal-data keys: created at first start, outside the database.
  fs::path key_file = flags.key_file.empty() ? fs::path(rt->data_dir_) / "keys" / "personal-data.key"
                                             : fs::path(flags.key_file);
  service::AppOptions app_options;
  BANGFU_ASSIGN_OR_RETURN(auto cipher, service::PersonalDataCipher::LoadOrCreate(key_file));
  app_options.cipher = std::move(cipher);
  rt->app_ = std::make_unique<service::App>(*rt->store_, rt->clock_, std::move(app_options));
  return rt;
}

service::RequestContext CliContext() {
  service::RequestContext ctx;
  ctx.principal.username = "cli";
  ctx.principal.display_name = "命令行";
  ctx.principal.role = service::Role::kAdmin;
  ctx.remote_addr = "cli";
  ctx.request_id = "cli-" + std::to_string(::getpid());
  return ctx;
}

int Fail(const Error& error) {
  if (error.field.empty()) {
    std::fprintf(stderr, "错误: %s\n", error.message.c_str());
  } else {
    std::fprintf(stderr, "错误: %s (%s)\n", error.message.c_str(), error.field.c_str());
  }
  return 1;
}

fs::path FindNpmData(const std::string& package) {
  return FindShareFile("npm/node_modules/" + package);
}

fs::path FindShareFile(const std::string& relative) {
  std::vector<fs::path> roots;
  if (const char* s = std::getenv("BANGFU_SHARE")) roots.emplace_back(s);
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    roots.push_back(exe.parent_path() / "../share");  // build/bangfu → share/
    roots.push_back(exe.parent_path() / "../share/bangfu");  // /usr/bin → /usr/share/bangfu
  }
  roots.push_back(fs::current_path(ec) / "share");
  for (const auto& root : roots) {
    fs::path p = root / relative;
    if (fs::exists(p, ec)) return fs::weakly_canonical(p, ec);
  }
  return {};
}

namespace {
Result<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::NotFound("无法读取文件 " + path.string(), "file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

Result<int64_t> ImportRegions(service::App& app, const fs::path& dist_dir,
                              const std::string& village_prefix) {
  static const char* kFiles[] = {"provinces.csv", "cities.csv", "areas.csv", "streets.csv",
                                 "villages.csv"};
  std::vector<service::Region> all;
  for (int level = 1; level <= 5; ++level) {
    const fs::path file = dist_dir / kFiles[level - 1];
    BANGFU_ASSIGN_OR_RETURN(std::string text, ReadFile(file));
    auto regions = service::ParseDivisionCsv(text, level);
    if (!regions.ok()) {
      Error e = std::move(regions).error();
      e.message = file.filename().string() + " " + e.message;
      return e;
    }
    for (auto& r : *regions) {
      if (level == 5 && !village_prefix.empty() && !service::InScope(village_prefix, r.code))
        continue;
      all.push_back(std::move(r));
    }
  }
  BANGFU_RETURN_IF_ERROR(app.regions().Import(all));
  return static_cast<int64_t>(all.size());
}

Result<int64_t> ImportCalendar(service::App& app, const fs::path& json_file) {
  BANGFU_ASSIGN_OR_RETURN(std::string text, ReadFile(json_file));
  BANGFU_ASSIGN_OR_RETURN(auto cal, domain::WorkCalendar::FromChineseDaysJson(text));
  const Date from = Date::FromYmdUnchecked(2020, 1, 1);
  const Date to = Date::FromYmdUnchecked(std::max(cal.LastYearCovered(), 2020), 12, 31);
  BANGFU_RETURN_IF_ERROR(app.registrations().LoadCalendar(cal, from, to));
  return static_cast<int64_t>(cal.holiday_count() + cal.workday_count());
}

}  // namespace bangfu::cli
