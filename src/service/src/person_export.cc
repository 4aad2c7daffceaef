#include "bangfu/service/person_service.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "bangfu/domain/identity.h"
#include "bangfu/domain/person_types.h"
#include "xlsx_file.h"

namespace bangfu::service {

namespace {
std::string JsonEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    if (static_cast<unsigned char>(c) < 0x20) continue;
    out.push_back(c);
  }
  return out;
}
}  // namespace

Result<ExportResult> PersonService::ExportXlsx(const RequestContext& ctx, PersonFilter filter,
                                               bool unmasked, const std::string& filter_text) {
  PersonService& persons = *this;
  const Clock& clock = clock_;
  const PersonalDataCipher* cipher = cipher_;
  if (unmasked && !PersonService::CanReveal(ctx.principal.role))
    return Error::PermissionDenied("当前角色不能导出完整证件号码和手机号");
  if (unmasked && !cipher) return Error::FailedPrecondition("个人信息密钥未加载");
  namespace fs = std::filesystem;
  const fs::path path = TempXlsxPath("export", clock.Now());
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) return Error::Unavailable("无法创建导出文件");
  lxw_worksheet* ws = workbook_add_worksheet(wb, "人员台账");
  lxw_format* head = workbook_add_format(wb);
  format_set_bold(head);
  format_set_bg_color(head, 0xE5ECF7);
  format_set_border(head, LXW_BORDER_THIN);
  const char* headers[] = {"姓名", "性别", "出生日期", "身份证号", "手机号", "户籍地区划代码",
                           "居住地区划代码", "学历", "毕业院校", "专业", "毕业时间", "人员类别",
                           "就业状态", "状态起始", "最近联系", "求职意向"};
  const int widths[] = {10, 6, 12, 22, 14, 16, 16, 14, 22, 18, 12, 26, 12, 12, 12, 16};
  for (int c = 0; c < 16; ++c) {
    worksheet_write_string(ws, 0, c, headers[c], head);
    worksheet_set_column(ws, c, c, widths[c], nullptr);
  }
  worksheet_freeze_panes(ws, 1, 1);

  const Date today = clock.Today();
  int64_t row = 0;
  filter.size = 200;
  filter.sort = "id";
  for (filter.page = 1;; ++filter.page) {
    auto page = persons.List(ctx, filter);
    if (!page.ok()) {
      workbook_close(wb);
      fs::remove(path);
      return page.error();
    }
    for (const auto& p : page->items) {
      ++row;
      std::string id = p.id_number_masked, mobile = p.mobile_masked;
      if (unmasked) {
        auto clear = cipher->Decrypt(p.id_number_cipher);
        if (clear.ok()) id = *clear;
        if (!p.mobile_cipher.empty()) {
          auto m = cipher->Decrypt(p.mobile_cipher);
          if (m.ok()) mobile = *m;
        }
      }
      std::string cats;
      for (const auto& c : p.categories) {
        if (!c.ActiveAt(today)) continue;
        auto cat = domain::ParseCategory(c.category);
        cats += (cats.empty() ? "" : "、") + std::string(cat ? domain::Label(*cat) : c.category);
      }
      auto edu = domain::ParseEducation(p.education);
      auto st = domain::ParseEmploymentStatus(p.status);
      const std::string cells[] = {
          p.name, p.sex == 'M' ? "男" : "女", p.birth_date.ToString(), id, mobile, p.hukou_region,
          p.residence_region, edu ? std::string(domain::Label(*edu)) : "", p.school, p.major,
          p.graduation_date ? p.graduation_date->ToString() : "", cats,
          st ? std::string(domain::Label(*st)) : p.status, p.status_since.ToString(),
          p.last_contact ? p.last_contact->ToString() : "", p.desired_occupation};
      for (int c = 0; c < 16; ++c)
        worksheet_write_string(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(c), cells[c].c_str(), nullptr);
    }
    if (page->items.size() < 200) break;
  }
  worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(row), 15);
  BANGFU_ASSIGN_OR_RETURN(std::string bytes, FinishWorkbook(wb, path));
  ExportResult out{std::move(bytes), row, fmt::format("人员台账_{}.xlsx", today.ToString())};
  BANGFU_RETURN_IF_ERROR(audit_.Record(ctx, unmasked ? "person.export_unmasked" : "person.export", "export",
                                       "", ctx.principal.scope,
                                       fmt::format(R"({{"rows":{},"filter":"{}"}})", row, JsonEscape(filter_text))));
  return out;
}

}  // namespace bangfu::service
