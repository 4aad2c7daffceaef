#include "bangfu/domain/person_types.h"

#include <gtest/gtest.h>

#include <set>

namespace bangfu::domain {
namespace {

template <typename E>
void ExpectUniqueAndRoundTrips(const std::vector<EnumInfo<E>>& all,
                               std::optional<E> (*parse)(std::string_view)) {
  std::set<std::string_view> ids, labels;
  for (const auto& i : all) {
    EXPECT_TRUE(ids.insert(i.id).second) << i.id;
    EXPECT_TRUE(labels.insert(i.label).second) << i.label;
    EXPECT_EQ(parse(i.id), i.value) << i.id;
    EXPECT_EQ(parse(i.label), i.value) << i.label;
  }
  EXPECT_FALSE(parse("no-such-thing").has_value());
}

TEST(PersonTypesTest, IdsAndLabelsAreUniqueAndParse) {
  ExpectUniqueAndRoundTrips(Categories(), &ParseCategory);
  ExpectUniqueAndRoundTrips(EmploymentStatuses(), &ParseEmploymentStatus);
  ExpectUniqueAndRoundTrips(Educations(), &ParseEducation);
  ExpectUniqueAndRoundTrips(ContactResults(), &ParseContactResult);
  ExpectUniqueAndRoundTrips(ContactChannels(), &ParseContactChannel);
}

TEST(PersonTypesTest, OfficeSpellingsAreUnderstood) {
  EXPECT_EQ(ParseCategory("低保户"), Category::kDibao);
  EXPECT_EQ(ParseCategory("建档立卡贫困户"), Category::kPovertyAlleviated);
  EXPECT_EQ(ParseEducation("中专"), Education::kHighSchool);
  EXPECT_EQ(ParseEducation("专科"), Education::kJuniorCollege);
  EXPECT_EQ(ParseEmploymentStatus("待就业"), EmploymentStatus::kUnemployed);
  EXPECT_LT(Education::kJuniorCollege, Education::kBachelor);
}

// The longer spellings of graduates' hand-over lists and civil-affairs lists.
TEST(PersonTypesTest, LongerEducationSpellingsFindTheirLevel) {
  const std::pair<const char*, Education> cases[] = {
      {"本科生", Education::kBachelor},          {"大学本科", Education::kBachelor},
      {"本科（专升本）", Education::kBachelor},  {"专升本", Education::kBachelor},
      {"本科及以上", Education::kBachelor},      {"硕士研究生", Education::kMaster},
      {"全日制硕士", Education::kMaster},        {"博士研究生", Education::kDoctor},
      {"大学专科", Education::kJuniorCollege},   {"高职（专科）", Education::kJuniorCollege},
      {"专科生", Education::kJuniorCollege},     {"高职高专", Education::kJuniorCollege},
      {"中等职业学校", Education::kHighSchool},  {"技工学校", Education::kHighSchool},
      {"普通高中", Education::kHighSchool},      {"初中及以下", Education::kJuniorOrBelow},
      {"小学文化", Education::kJuniorOrBelow},   {"文盲或半文盲", Education::kJuniorOrBelow},
      {"博士后", Education::kDoctor},  // A postdoc holds a doctorate.
  };
  for (const auto& [text, level] : cases) EXPECT_EQ(ParseEducation(text), level) << text;
  EXPECT_FALSE(ParseEducation("其他").has_value());
  EXPECT_FALSE(ParseEducation("大学").has_value());
}

TEST(PersonTypesTest, EmployedAndWorkingAge) {
  EXPECT_TRUE(IsEmployed(EmploymentStatus::kPublicWelfarePost));
  EXPECT_TRUE(IsEmployed(EmploymentStatus::kFlexible));
  EXPECT_FALSE(IsEmployed(EmploymentStatus::kFurtherStudy));
  EXPECT_FALSE(IsEmployed(EmploymentStatus::kNoIntention));
  EXPECT_TRUE(IsWorkingAge(16, true));
  EXPECT_FALSE(IsWorkingAge(15, false));
  EXPECT_TRUE(IsWorkingAge(59, true));
  EXPECT_FALSE(IsWorkingAge(60, true));
  EXPECT_FALSE(IsWorkingAge(50, false));
}

}  // namespace
}  // namespace bangfu::domain
