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

fs::path FindDataDir(const char* name, const char* env) {
  std::vector<fs::path> roots;
  if (const char* s = std::getenv(env)) roots.emplace_back(s);
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    roots.push_back(exe.parent_path() / ".." / name);                  // build/bangfu → policies/
    roots.push_back(exe.parent_path() / "../share/bangfu" / name);     // /usr/bin → /usr/share/…
  }
  roots.push_back(fs::current_path(ec) / name);
  for (const auto& p : roots)
    if (fs::is_directory(p, ec)) return fs::weakly_canonical(p, ec);
  return {};
}

fs::path FindPolicyDir() { return FindDataDir("policies", "BANGFU_POLICIES"); }
fs::path FindStandardDir() { return FindDataDir("standards", "BANGFU_STANDARDS"); }

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

void ImportFlags::Add(CLI::App& cmd, const std::string& file_help) {
  cmd.add_option("file", file, file_help)->required()->check(CLI::ExistingFile);
  cmd.add_flag("--dry-run", dry_run, "只检查，不写入：列出每一行的问题");
  cmd.add_option("--mode", mode, "all-or-nothing（有错则全部不导入）或 keep-good-rows（导入正确的行）")
      ->check(CLI::IsMember({"all-or-nothing", "keep-good-rows"}))
      ->capture_default_str();
}

service::ImportOptions ImportFlags::Options() const {
  service::ImportOptions o;
  o.dry_run = dry_run;
  o.mode = mode == "keep-good-rows" ? service::ImportMode::kKeepGoodRows : service::ImportMode::kAllOrNothing;
  o.source = std::filesystem::path(file).filename().string();
  o.table.max_bytes = 4LL << 30;
  o.table.max_rows = 20'000'000;
  return o;
}

Result<std::string> ImportFlags::ReadFile() const {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Error::NotFound("无法读取文件: " + file, "file");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

namespace {

// "1、2" or "1–3": the title lines above a header.
std::string LineList(const std::vector<int64_t>& lines) {
  bool consecutive = true;
  for (size_t i = 1; i < lines.size(); ++i) consecutive = consecutive && lines[i] == lines[i - 1] + 1;
  if (consecutive && lines.size() > 2) return std::to_string(lines.front()) + "–" + std::to_string(lines.back());
  std::string out;
  for (int64_t l : lines) out += (out.empty() ? "" : "、") + std::to_string(l);
  return out;
}

}  // namespace

void PrintImportReport(const service::ImportReport& r, const std::string& source) {
  std::printf("%s %s（%s）: %lld 行；新增 %lld，更新 %lld，未变 %lld，有误 %lld\n",
              r.dry_run ? "检查" : "导入", source.c_str(), r.encoding.c_str(),
              static_cast<long long>(r.rows), static_cast<long long>(r.created),
              static_cast<long long>(r.updated), static_cast<long long>(r.unchanged),
              static_cast<long long>(r.rejected));
  if (!r.title_lines.empty())
    std::printf("  表头之上的第 %s 行是标题，已跳过\n", LineList(r.title_lines).c_str());
  if (!r.ignored_columns.empty()) {
    std::string names;
    for (const auto& c : r.ignored_columns) names += (names.empty() ? "" : "、") + c;
    std::printf("  未导入的列（本系统不用）: %s\n", names.c_str());
  }
  for (const auto& e : r.errors)
    std::printf("  第 %lld 行 [%s] %s\n", static_cast<long long>(e.line), e.column.c_str(), e.message.c_str());
  for (const auto& d : r.possible_duplicates)
    std::printf("  疑似重复 第 %lld 行: %s\n", static_cast<long long>(d.line), d.message.c_str());
  if (r.dry_run) {
    std::printf("这是检查（--dry-run），没有写入任何数据。\n");
  } else if (r.written) {
    std::printf("已写入。\n");
  } else {
    std::printf("因有错误行且模式为 all-or-nothing，没有写入任何数据。\n");
  }
  if (!r.errors.empty()) throw CLI::RuntimeError(1);
}

}  // namespace bangfu::cli
