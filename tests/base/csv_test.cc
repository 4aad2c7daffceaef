#include "bangfu/base/csv.h"

#include <gtest/gtest.h>

namespace bangfu::csv {
namespace {

TEST(CsvTest, ReadsQuotedFieldsAndLineNumbers) {
  auto rows = ParseAll("\xEF\xBB\xBF" "code,name\r\n500153,\"荣昌区\"\n1,\"a,b\"\"c\nd\"\n2,x");
  ASSERT_TRUE(rows.ok()) << rows.error().ToString();
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_EQ((*rows)[0].fields, (std::vector<std::string>{"code", "name"}));
  EXPECT_EQ((*rows)[1].fields[1], "荣昌区");
  EXPECT_EQ((*rows)[2].fields[1], "a,b\"c\nd");
  EXPECT_EQ((*rows)[2].line, 3);
  EXPECT_EQ((*rows)[3].line, 5);
  EXPECT_EQ((*rows)[3].fields[1], "x");
}

TEST(CsvTest, EmptyFieldsAndTrailingNewline) {
  auto rows = ParseAll(",,\n\"\",a,\n");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].fields.size(), 3u);
  EXPECT_EQ((*rows)[1].fields, (std::vector<std::string>{"", "a", ""}));
}

TEST(CsvTest, ErrorsNameLineAndColumn) {
  auto a = ParseAll("a,b\nc,d\"e\n");
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.error().message.find("第 2 行第 2 列"), std::string::npos) << a.error().message;
  auto b = ParseAll("a\n\"open\nstill open");
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.error().message.find("第 2 行"), std::string::npos) << b.error().message;
  auto c = ParseAll("\"x\"y,z");
  ASSERT_FALSE(c.ok());
}

TEST(CsvTest, MapHeaderFindsColumnsOrNamesTheMissingOne) {
  Row header{1, {" 姓名", "身份证号 ", "电话"}};
  auto idx = MapHeader(header, {"身份证号", "姓名"});
  ASSERT_TRUE(idx.ok());
  EXPECT_EQ(*idx, (std::vector<int>{1, 0}));
  auto missing = MapHeader(header, {"姓名", "毕业院校"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().field, "毕业院校");
}

TEST(CsvTest, ViewsPointIntoTheTextUnlessQuotesWereDoubled) {
  const std::string_view text = "a,\"b,c\",\"say \"\"hi\"\"\"\n\"x\ny\",,z";
  Reader reader(text);
  std::vector<std::string_view> fields;
  std::deque<std::string> unescaped;
  int64_t line = 0;
  ASSERT_TRUE(*reader.Next(fields, line, unescaped));
  EXPECT_EQ(line, 1);
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_EQ(fields[0], "a");
  EXPECT_EQ(fields[1], "b,c");
  EXPECT_EQ(fields[2], "say \"hi\"");
  EXPECT_EQ(fields[1].data(), text.data() + 3);  // No copy.
  ASSERT_EQ(unescaped.size(), 1u);               // Only the field with doubled quotes.
  EXPECT_EQ(fields[2].data(), unescaped.front().data());
  // Fields are appended: the next record follows the first in the same vector.
  ASSERT_TRUE(*reader.Next(fields, line, unescaped));
  EXPECT_EQ(line, 2);
  EXPECT_EQ(fields, (std::vector<std::string_view>{"a", "b,c", "say \"hi\"", "x\ny", "", "z"}));
  EXPECT_FALSE(*reader.Next(fields, line, unescaped));
  Reader bad("\"a\"\"b");
  auto r = bad.Next(fields, line, unescaped);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("引号未闭合"), std::string::npos);
}

TEST(CsvTest, TabSeparated) {
  auto rows = ParseAll("a\tb\n1\t2\n", '\t');
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[1].fields[1], "2");
}

}  // namespace
}  // namespace bangfu::csv
