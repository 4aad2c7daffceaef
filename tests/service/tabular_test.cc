#include "bangfu/service/tabular.h"

#include <gtest/gtest.h>
#include <unicode/ucnv.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace bangfu::service {
namespace {
namespace fs = std::filesystem;

std::string ToGb18030(const std::string& utf8) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out(utf8.size() * 2 + 8, '\0');
  int32_t n = ucnv_convert("GB18030", "UTF-8", out.data(), static_cast<int32_t>(out.size()),
                           utf8.data(), static_cast<int32_t>(utf8.size()), &status);
  EXPECT_TRUE(U_SUCCESS(status));
  out.resize(n);
  return out;
}

// Writes an XLSX with libxlsxwriter and returns its bytes.
template <typename F>
std::string MakeXlsx(F fill) {
  fs::path path = fs::temp_directory_path() /
                  ("bangfu-tabular-" + std::to_string(::getpid()) + ".xlsx");
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "名单");
  fill(wb, ws);
  EXPECT_EQ(workbook_close(wb), LXW_NO_ERROR);
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  fs::remove(path);
  return ss.str();
}

TEST(TabularTest, ReadsUtf8CsvWithBomAndTrimsHeaders) {
  auto t = ReadTable("\xEF\xBB\xBF 姓名 ,身份证号\n张三,500153199001011234\n\n李四,500153199202021234\n");
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  EXPECT_EQ(t->format, "csv");
  EXPECT_EQ(t->encoding, "UTF-8");
  EXPECT_EQ(t->header, (std::vector<std::string>{"姓名", "身份证号"}));
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[1].line, 4);  // The blank line is skipped but lines keep their numbers.
  EXPECT_EQ(FindColumn(*t, {"证件号码", "身份证号"}), 1);
  EXPECT_EQ(FindColumn(*t, {"电话"}), -1);
}

TEST(TabularTest, CellsAreTrimmedViewsAndRowsMayBeShortOrLong) {
  const std::string csv =
      "姓名,毕业院校,专业\r\n\"\xE3\x80\x80张三 \",\"重庆\"\"文理\"\"学院\"\r\n李四,\"a\nb\",x,extra\r\n , \r\n";
  auto t = ReadTable(csv);
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  ASSERT_EQ(t->rows.size(), 2u);  // The last row is blank.
  ASSERT_EQ(t->rows[0].fields.size(), 2u);
  EXPECT_EQ(t->rows[0].fields[0], "张三");
  EXPECT_EQ(t->rows[0].fields[1], "重庆\"文理\"学院");
  EXPECT_EQ(t->rows[1].line, 3);
  EXPECT_EQ(t->rows[1].fields[1], "a\nb");
  EXPECT_EQ(t->rows[1].fields[3], "extra");
  EXPECT_EQ(t->rows[1].fields[0].data(), csv.data() + csv.find("李四"));  // Not copied.
  Table moved = std::move(*t);  // Rows stay valid when the table moves.
  EXPECT_EQ(moved.rows[0].fields[1], "重庆\"文理\"学院");
  ReadTableOptions few;
  few.max_rows = 1;
  EXPECT_EQ(ReadTable(csv, few).error().code, ErrorCode::kTooLarge);
}

TEST(TabularTest, DecodesGb18030) {
  std::string gb = ToGb18030("姓名,毕业院校\n王小明,重庆文理学院\n");
  ASSERT_FALSE(gb.empty());
  auto t = ReadTable(gb);
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  EXPECT_EQ(t->encoding, "GB18030");
  EXPECT_EQ(t->rows[0].fields[1], "重庆文理学院");
}

TEST(TabularTest, RefusesUndecodableBinaryAndOversizedInput) {
  std::string junk("\x81\x30\xFF\xFE\x00\x01", 6);
  auto t = ReadTable(junk);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().field, "file");
  ReadTableOptions small;
  small.max_bytes = 10;
  EXPECT_EQ(ReadTable("姓名,身份证号\n", small).error().code, ErrorCode::kTooLarge);
  EXPECT_FALSE(ReadTable("").ok());
  EXPECT_EQ(ReadTable("a,a\n1,2\n").error().field, "a");  // Duplicate header.
}

TEST(TabularTest, ReadsXlsxStringsNumbersAndDates) {
  std::string bytes = MakeXlsx([](lxw_workbook* wb, lxw_worksheet* ws) {
    lxw_format* date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    worksheet_write_string(ws, 0, 0, "姓名", nullptr);
    worksheet_write_string(ws, 0, 1, "毕业时间", nullptr);
    worksheet_write_string(ws, 0, 2, "手机号", nullptr);
    worksheet_write_string(ws, 1, 0, "张三", nullptr);
    lxw_datetime dt = {2024, 6, 30, 0, 0, 0};
    worksheet_write_datetime(ws, 1, 1, &dt, date);
    worksheet_write_number(ws, 1, 2, 13812345678.0, nullptr);
    // Row 3 left empty; row 4 has a gap in column B.
    worksheet_write_string(ws, 3, 0, "李四", nullptr);
    worksheet_write_string(ws, 3, 2, "13900001111", nullptr);
  });
  auto t = ReadTable(bytes);
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  EXPECT_EQ(t->format, "xlsx");
  EXPECT_EQ(t->header, (std::vector<std::string>{"姓名", "毕业时间", "手机号"}));
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0].fields[1], "2024-06-30");
  EXPECT_EQ(t->rows[0].fields[2], "13812345678");
  EXPECT_EQ(t->rows[1].line, 4);
  EXPECT_EQ(t->rows[1].fields[1], "");
  EXPECT_EQ(t->rows[1].fields[2], "13900001111");
}

TEST(TabularTest, RefusesMergedHeaderCells) {
  std::string bytes = MakeXlsx([](lxw_workbook*, lxw_worksheet* ws) {
    worksheet_merge_range(ws, 0, 0, 0, 1, "基本信息", nullptr);
    worksheet_write_string(ws, 1, 0, "张三", nullptr);
  });
  auto t = ReadTable(bytes);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().field, "header");
  EXPECT_NE(t.error().message.find("合并单元格"), std::string::npos);
}

// Offices put a title, and often a "填报单位：…" line, over their lists.
TEST(TabularTest, TitleRowsAboveTheHeaderAreFoundByTheKnownNames) {
  ReadTableOptions o;
  o.header_names = {"姓名", "身份证号", "毕业院校"};
  const std::string csv =
      "荣昌区2026届未就业高校毕业生实名信息表,,\n填报单位：市教委,,填报日期：2026年7月5日\n\n"
      "序号,姓名,身份证号\n1,张三,500153199001011234\n";
  auto t = ReadTable(csv, o);
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  EXPECT_EQ(t->header, (std::vector<std::string>{"序号", "姓名", "身份证号"}));
  EXPECT_EQ(t->title_lines, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(t->header_line, 4);
  ASSERT_EQ(t->rows.size(), 1u);
  EXPECT_EQ(t->rows[0].line, 5);
  EXPECT_EQ(UnusedColumns(*t, {1, 2}), (std::vector<std::string>{"序号"}));
  // Without the names the first row is the header, as before.
  auto plain = ReadTable(csv);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->header_line, 1);
  EXPECT_TRUE(plain->title_lines.empty());
  // One known name is not enough when more are known: a title that is just "姓名" stays a title.
  auto one = ReadTable("姓名\n姓名,身份证号\n张三,1\n", o);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->header_line, 2);
}

TEST(TabularTest, AHeaderBelowTheTitleRowLimitIsNotLookedFor) {
  ReadTableOptions o;
  o.header_names = {"姓名", "身份证号"};
  std::string csv;
  for (int i = 0; i < ReadTableOptions::kMaxTitleRows; ++i) csv += "说明第" + std::to_string(i + 1) + "行\n";
  csv += "姓名,身份证号\n张三,1\n";
  auto t = ReadTable(csv, o);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->header_line, 1);
  EXPECT_NE(MissingColumn(*t, "姓名").find("表头取自第 1 行"), std::string::npos);
}

TEST(TabularTest, XlsxMergedTitleOverTheHeaderIsFineAMergedHeaderIsNot) {
  ReadTableOptions o;
  o.header_names = {"姓名", "身份证号", "毕业院校"};
  std::string titled = MakeXlsx([](lxw_workbook*, lxw_worksheet* ws) {
    worksheet_merge_range(ws, 0, 0, 0, 2, "2026届高校毕业生实名信息", nullptr);
    worksheet_write_string(ws, 1, 0, "姓名", nullptr);
    worksheet_write_string(ws, 1, 1, "身份证号", nullptr);
    worksheet_write_string(ws, 1, 2, "毕业院校", nullptr);
    worksheet_write_string(ws, 2, 0, "张三", nullptr);
  });
  auto t = ReadTable(titled, o);
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  EXPECT_EQ(t->title_lines, (std::vector<int64_t>{1}));
  EXPECT_EQ(t->header_line, 2);
  ASSERT_EQ(t->rows.size(), 1u);
  EXPECT_EQ(t->rows[0].fields[0], "张三");
  // A two-row header: 姓名 merged down over rows 2 and 3.
  std::string two_rows = MakeXlsx([](lxw_workbook*, lxw_worksheet* ws) {
    worksheet_write_string(ws, 0, 0, "名单", nullptr);
    worksheet_merge_range(ws, 1, 0, 2, 0, "姓名", nullptr);
    worksheet_write_string(ws, 1, 1, "身份证号", nullptr);
    worksheet_write_string(ws, 3, 0, "张三", nullptr);
  });
  auto bad = ReadTable(two_rows, o);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "header");
  EXPECT_NE(bad.error().message.find("第 2 行"), std::string::npos) << bad.error().message;
}

TEST(TabularTest, CellDatesAsOfficesWriteThem) {
  const std::pair<const char*, const char*> whole[] = {
      {"2026-06-30", "2026-06-30"}, {"2026/6/30", "2026-06-30"}, {"2026.6.30", "2026-06-30"},
      {"20260630", "2026-06-30"},   {"2026年6月30日", "2026-06-30"}, {" 2026年06月30号 ", "2026-06-30"}};
  for (const auto& [text, iso] : whole) {
    auto d = ParseCellDate(text, "graduation_date");
    ASSERT_TRUE(d.ok()) << text << ": " << d.error().message;
    EXPECT_EQ(d->ToString(), iso) << text;
  }
  const std::pair<const char*, const char*> months[] = {
      {"2026-06", "2026-06-30"}, {"2026.6", "2026-06-30"}, {"2026/02", "2026-02-28"},
      {"202406", "2024-06-30"},  {"2024年2月", "2024-02-29"}, {"2025.12", "2025-12-31"}};
  for (const auto& [text, iso] : months) {
    auto d = ParseCellDate(text, "graduation_date", /*month_is_enough=*/true);
    ASSERT_TRUE(d.ok()) << text << ": " << d.error().message;
    EXPECT_EQ(d->ToString(), iso) << text;
    auto strict = ParseCellDate(text, "category_from");
    ASSERT_FALSE(strict.ok()) << text;
    EXPECT_EQ(strict.error().field, "category_from");
    EXPECT_NE(strict.error().message.find("请写到日"), std::string::npos) << strict.error().message;
  }
  for (const char* bad : {"2026-13", "2026-02-30", "明年六月", "6/30/2026", "2026", "20261301"}) {
    auto d = ParseCellDate(bad, "graduation_date", true);
    ASSERT_FALSE(d.ok()) << bad;
    EXPECT_EQ(d.error().field, "graduation_date");
    EXPECT_NE(d.error().message.find(bad), std::string::npos) << d.error().message;
  }
}

TEST(TabularTest, RefusesBrokenArchives) {
  std::string bytes = MakeXlsx([](lxw_workbook*, lxw_worksheet* ws) {
    worksheet_write_string(ws, 0, 0, "姓名", nullptr);
  });
  auto t = ReadTable(bytes.substr(0, bytes.size() / 2));
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().field, "file");
}

}  // namespace
}  // namespace bangfu::service
