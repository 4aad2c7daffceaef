#include "bangfu/match/normalizer.h"

#include <gtest/gtest.h>

#include <thread>

#include "test_data.h"
#include "text.h"

namespace bangfu::match {
namespace {

std::string Clean(std::string_view s) { return text::ToUtf8(text::CleanTitle(s)); }

std::string Expand(std::u16string s) {
  text::ExpandShorthand(s);
  return text::ToUtf8(s);
}

TEST(CleanTitleTest, StripsJobBoardNoise) {
  EXPECT_EQ(Clean("金房物业招聘保安"), "保安");
  EXPECT_EQ(Clean("【急招】保安（包吃住）5000-8000元/月"), "保安");
  EXPECT_EQ(Clean("汽修学徒工"), "汽修 工");
  EXPECT_EQ(Clean("重庆某某有限公司会计"), "会计");
  EXPECT_EQ(Clean("客服专员（电商）"), "客服专员 电商");
  EXPECT_EQ(Clean("ＪＡＶＡ开发 15k"), "java开发");
  EXPECT_EQ(Clean("物业管理员"), "物业管理员");
  EXPECT_EQ(Clean("急诊科护士"), "急诊科护士");
  EXPECT_EQ(Clean("招聘"), "");
  EXPECT_EQ(Clean("\xFF\xFE保安"), "\xEF\xBF\xBD\xEF\xBF\xBD保安");
}

TEST(CleanTitleTest, RecruiterRolesKeepTheirRecruitingWord) {
  // 招聘 in 招聘专员 is the job: it is neither where an employer ends nor noise.
  EXPECT_EQ(Clean("HR招聘专员"), "hr招聘师");
  EXPECT_EQ(Clean("重庆某某有限公司招聘专员"), "招聘师");
  EXPECT_EQ(Clean("诚招货车司机 4米2"), "货车司机 米");
}

TEST(CleanTitleTest, TheEmployerIsKeptForASecondLookOnRequest) {
  std::u16string out;
  bool cut = false;
  text::CleanTitle("韵达快递招聘派送员", out, &cut);
  EXPECT_EQ(text::ToUtf8(out), "派送员");
  EXPECT_TRUE(cut);
  text::CleanTitle("韵达快递招聘派送员", out, nullptr);
  EXPECT_EQ(text::ToUtf8(out), "韵达快递 派送员");
  text::CleanTitle("保安", out, &cut);
  EXPECT_FALSE(cut);
}

TEST(ExpandShorthandTest, AppendsTheClassificationsWording) {
  EXPECT_EQ(Expand(u"挖机"), "挖机|挖掘机");
  EXPECT_EQ(Expand(u"保安"), "保安");
}

TEST(ExpandShorthandTest, TheWordingJoinsTheSegmentOfItsKey) {
  // Each segment gets the wording of its own keys, so a key in a segment of context stays
  // context: 装修 says where the carpenter works, not that he is a 装饰装修工.
  EXPECT_EQ(Expand(u"汽修学徒 大车"), "汽修学徒|汽车维修 大车|货运");
  EXPECT_EQ(Expand(u"木工 装修 做柜子"), "木工 装修|装饰装修 做柜子");
}

TEST(ExpandShorthandTest, EnglishJobWordsAsOnePhrase) {
  EXPECT_EQ(Expand(u"sales manager 外企"), "sales manager|销售经理 外企");
  EXPECT_EQ(Expand(u"security guard"), "security guard|保安保安员");
  // Whole words only: "latest" holds no "test", "hrbp" no "hr".
  EXPECT_EQ(Expand(u"latest hrbp"), "latest hrbp");
}

TEST(SegmentsTest, SplitAtSpacesButNotInsideEnglish) {
  std::vector<std::u16string_view> seg;
  text::SplitSegments(u"senior java developer 外企 英语流利", seg);
  ASSERT_EQ(seg.size(), 3u);
  EXPECT_EQ(text::ToUtf8(seg[0]), "senior java developer");
  EXPECT_EQ(text::ToUtf8(seg[2]), "英语流利");
}

TEST(SegmentsTest, ASegmentNamesAJobByItsLastWord) {
  EXPECT_TRUE(text::NamesAJob(u"品检员"));
  EXPECT_TRUE(text::NamesAJob(u"写字楼保洁"));
  EXPECT_TRUE(text::NamesAJob(u"sales manager|销售经理"));
  EXPECT_FALSE(text::NamesAJob(u"电子厂"));
  EXPECT_FALSE(text::NamesAJob(u"按天结算"));
  EXPECT_FALSE(text::NamesAJob(u"装修|装饰装修"));
}

TEST(CleanTitleTest, TheHonorific师傅IsNotPartOfTheJob) {
  // 师傅 is said of any skilled worker; the alias 烧烤师傅 made it a cook's word.
  EXPECT_EQ(Clean("砌砖师傅 包工包料"), "砌砖 包工包料");
  EXPECT_EQ(Clean("木工师傅"), "木工");
}

TEST(FeaturesTest, IcuWordsAndHanBigrams) {
  std::vector<std::u16string> f;
  text::Features(u"java开发", f);
  std::vector<std::string> s;
  for (auto& x : f) s.push_back(text::ToUtf8(x));
  EXPECT_NE(std::find(s.begin(), s.end(), "wjava"), s.end());
  EXPECT_NE(std::find(s.begin(), s.end(), "w开发"), s.end());
  EXPECT_NE(std::find(s.begin(), s.end(), "b开发"), s.end());
}

// A five-node taxonomy where every rule of Normalize can be checked by hand.
class SmallTaxonomyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto t = Taxonomy::FromCsv(
        "level,code,code_num,name,definition,tasks,csco_code_num,alias\n"
        "1,2-00-00-00,,专业技术人员,,,,\n"
        "2,2-08-00-00,,教学人员,,,,\"教师,老师\"\n"
        "3,2-08-02-00,,中小学教师,,,,\n"
        "4,2-08-02-01,,高级中学教师,在高级中学从事教学的人员。,,,\"高中教师,高中老师\"\n"
        "4,2-08-02-04,,小学教师,在小学从事教学的人员。,,,\"小学老师\"\n"
        "4,2-08-02-03,,初级中学教师,在初级中学从事教学的人员。,,,\"初中老师\"\n",
        nullptr);
    ASSERT_TRUE(t.ok());
    tax_ = std::move(*t);
  }
  Taxonomy tax_;
};

TEST_F(SmallTaxonomyTest, MostSpecificSupportedCode) {
  auto n = Normalizer::Create(tax_);
  EXPECT_EQ(FormatOccCode(n->Normalize("高中数学老师（急招）").code), "2-08-02-01");
  EXPECT_EQ(FormatOccCode(n->Normalize("小学老师").code), "2-08-02-04");
  // Only the middle class is supported by a bare "老师".
  EXPECT_EQ(FormatOccCode(n->Normalize("老师").code), "2-08-00-00");
  EXPECT_EQ(n->Normalize("叉车司机").code, 0u);
  EXPECT_EQ(n->Normalize("").code, 0u);
  EXPECT_EQ(n->Normalize("，，，").code, 0u);
}

TEST_F(SmallTaxonomyTest, WordsNoNameUsesWeighLittle) {
  auto n = Normalizer::Create(tax_);
  // 荣昌万达广场 and 阿姨 are in no name or alias: the title still fits 小学教师 clearly.
  const auto r = n->Normalize("荣昌万达广场小学老师阿姨");
  EXPECT_EQ(FormatOccCode(r.code), "2-08-02-04") << r.score;
  EXPECT_GT(r.score, 0.5);
  // Nothing but unknown words still fits nothing.
  EXPECT_EQ(n->Normalize("荣昌万达广场阿姨").code, 0u);
}

TEST_F(SmallTaxonomyTest, AnEmployerCutOffIsReadWhenTheRestFitsNothing) {
  auto n = Normalizer::Create(tax_);
  // "数学" alone fits nothing; the words before 招聘 name the school.
  EXPECT_EQ(FormatOccCode(n->Normalize("高中学校招聘数学").code), "2-08-02-01");
  // When the part after 招聘 fits, the employer does not count.
  EXPECT_EQ(FormatOccCode(n->Normalize("高中招聘小学老师").code), "2-08-02-04");
}

TEST_F(SmallTaxonomyTest, ExactTiesBetweenBranchesFallBackToTheCommonAncestor) {
  auto n = Normalizer::Create(tax_);
  // "中学教师" supports 高级中学教师 and 初级中学教师 equally: their 小类 is the answer.
  auto r = n->Normalize("中学教师");
  EXPECT_EQ(FormatOccCode(r.code), "2-08-02-00") << r.name << " " << r.score;
}

class Csco22Test : public ::testing::Test {
 protected:
  void SetUp() override {
    auto text = testing::ReadCsco22();
    if (!text) GTEST_SKIP() << "../shared/data/csco22.csv not present";
    auto t = Taxonomy::FromCsv(*text, nullptr);
    ASSERT_TRUE(t.ok());
    tax_ = std::move(*t);
    auto set = ParseLabelledTitles(
        testing::ReadFile(testing::SourceDir() / "tests/match/data/titles.tsv"));
    ASSERT_TRUE(set.ok()) << set.error().ToString();
    set_ = std::move(*set);
  }
  Taxonomy tax_;
  std::vector<LabelledTitle> set_;
};

TEST_F(Csco22Test, LabelledSetIsLargeAndNamesRealCodes) {
  EXPECT_GE(set_.size(), 150u);
  for (const auto& t : set_) EXPECT_NE(tax_.Get(t.code), nullptr) << "line " << t.line;
}

TEST_F(Csco22Test, AccuracyOnLabelledTitlesBeatsBm25) {
  auto ours = Normalizer::Create(tax_);
  auto bm25 = Normalizer::Create(tax_, NormalizerKind::kBm25);
  std::vector<std::string> misses;
  const auto a = EvaluateNormalizer(*ours, set_, &misses);
  const auto b = EvaluateNormalizer(*bm25, set_, nullptr);
  std::string report;
  for (const auto& m : misses) report += m + "\n";
  // Floors a little under the measured numbers (docs/matching.md), so a regression fails.
  EXPECT_GE(a.ExactRate(), 0.95) << report;  // Measured 0.967 / 0.989.
  EXPECT_GE(a.MiddleRate(), 0.975) << report;
  EXPECT_GT(a.ExactRate(), b.ExactRate());
  EXPECT_GT(a.MiddleRate(), b.MiddleRate());
  std::printf("normaliser exact %.3f middle %.3f; bm25 exact %.3f middle %.3f\n", a.ExactRate(),
              a.MiddleRate(), b.ExactRate(), b.MiddleRate());
}

// The held-out sets of messy job-board titles: every code real, and floors under the measured
// accuracy (docs/matching.md, "Accuracy") so that a regression fails. titles-messy.tsv was
// written after the first weights were fixed and later used to tune the cleaning, the unknown
// word weight and the shorthand table; titles-messy-2.tsv was written before those changes and
// never used to tune anything. BM25 is printed beside, not required to lose: on the second set
// it is as good at the 中类 level.
void ExpectHeldOutFloors(const Taxonomy& tax, const char* file, double exact, double middle) {
  auto set =
      ParseLabelledTitles(testing::ReadFile(testing::SourceDir() / "tests/match/data" / file));
  ASSERT_TRUE(set.ok()) << set.error().ToString();
  EXPECT_GE(set->size(), 100u);
  for (const auto& t : *set) EXPECT_NE(tax.Get(t.code), nullptr) << file << " line " << t.line;
  auto ours = Normalizer::Create(tax);
  auto bm25 = Normalizer::Create(tax, NormalizerKind::kBm25);
  std::vector<std::string> misses;
  const auto a = EvaluateNormalizer(*ours, *set, &misses);
  const auto b = EvaluateNormalizer(*bm25, *set, nullptr);
  std::string report;
  for (const auto& m : misses) report += m + "\n";
  EXPECT_GE(a.ExactRate(), exact) << report;
  EXPECT_GE(a.MiddleRate(), middle) << report;
  std::printf("%s: normaliser exact %.3f middle %.3f; bm25 exact %.3f middle %.3f\n", file,
              a.ExactRate(), a.MiddleRate(), b.ExactRate(), b.MiddleRate());
}

TEST_F(Csco22Test, HeldOutMessyTitles) {
  ExpectHeldOutFloors(tax_, "titles-messy.tsv", 0.89, 0.93);  // Measured 0.908 / 0.947.
}

TEST_F(Csco22Test, SecondHeldOutMessyTitles) {
  ExpectHeldOutFloors(tax_, "titles-messy-2.tsv", 0.84, 0.88);  // Measured 0.854 / 0.894.
}

// titles-messy-3.tsv was written before the changes of its round, but their vocabulary was
// chosen from its misses (and titles-messy-2's); titles-messy-4.tsv was not looked at.
TEST_F(Csco22Test, ThirdHeldOutMessyTitles) {
  ExpectHeldOutFloors(tax_, "titles-messy-3.tsv", 0.85, 0.87);  // Measured 0.859 / 0.885.
}

TEST_F(Csco22Test, FourthHeldOutMessyTitles) {
  ExpectHeldOutFloors(tax_, "titles-messy-4.tsv", 0.72, 0.75);  // Measured 0.735 / 0.761.
}

// titles-messy-5.tsv was written before the fourth round's changes were tried and its misses
// were first looked at after they were measured (none was kept: docs/matching.md).
TEST_F(Csco22Test, FifthHeldOutMessyTitles) {
  ExpectHeldOutFloors(tax_, "titles-messy-5.tsv", 0.87, 0.88);  // Measured 0.884 / 0.891.
}

TEST_F(Csco22Test, ATitleHoldingAWholeAliasPrefersIt) {
  auto n = Normalizer::Create(tax_);
  // 医院 is the rarer word (事业单位负责人's alias 医院管理人员), but 护工 is there whole.
  EXPECT_EQ(FormatOccCode(n->Normalize("医院护工").code), "4-14-01-02");
  // 写字楼 and 阿姨 are in no name: 保洁 is the job, not 物业管理师's 物业.
  EXPECT_EQ(FormatOccCode(n->Normalize("写字楼保洁阿姨").code), "4-09-08-01");
}

TEST_F(Csco22Test, SegmentsOfContextWeighLessThanTheJob) {
  auto n = Normalizer::Create(tax_);
  // 电子厂 is where the inspector works; 结算 (an accountant's alias word) is how 陪护 is paid;
  // 给排水 is what the pipe fitter lays, not the water-supply engineer's job.
  EXPECT_EQ(FormatOccCode(n->Normalize("品检员 电子厂 坐班").code), "6-31-03-05");
  EXPECT_EQ(FormatOccCode(n->Normalize("住院陪护 按天结算").code), "4-14-01-02");
  EXPECT_EQ(FormatOccCode(n->Normalize("管道工 给排水").code), "6-29-02-15");
  // A shorthand in a segment of context stays context: a carpenter, not a 装饰装修工.
  EXPECT_EQ(FormatOccCode(AncestorAt(n->Normalize("木工师傅 装修 做柜子").code,
                                     OccupationLevel::kMinor)),
            "6-06-03-00");
}

TEST_F(Csco22Test, EnglishTitles) {
  auto n = Normalizer::Create(tax_);
  EXPECT_EQ(FormatOccCode(n->Normalize("Security Guard").code), "4-07-05-01");
  EXPECT_EQ(FormatOccCode(n->Normalize("Warehouse Keeper").code), "4-02-06-01");
  EXPECT_EQ(FormatOccCode(n->Normalize("Sales Manager 外企 英语流利").code), "2-06-07-02");
}

TEST_F(Csco22Test, SkilledWorkersAreNotCooks) {
  auto n = Normalizer::Create(tax_);
  EXPECT_EQ(FormatOccCode(n->Normalize("砌砖师傅 包工包料").code), "6-29-01-01");
}

TEST_F(Csco22Test, TheVehicleSaysWhichDriver) {
  auto n = Normalizer::Create(tax_);
  // The alias 司机 is a passenger driver's; a box van, a semi-trailer or cold-chain goods say
  // the goods driver, a tower crane the crane operator.
  EXPECT_EQ(FormatOccCode(n->Normalize("4.2米厢货司机 同城配送").code), "4-02-02-02");
  EXPECT_EQ(FormatOccCode(n->Normalize("半挂司机 A2证 跑长途").code), "4-02-02-02");
  EXPECT_EQ(FormatOccCode(n->Normalize("塔吊司机 持证").code), "6-30-05-01");
  EXPECT_EQ(FormatOccCode(n->Normalize("公交车司机 A3").code), "4-02-02-01");
}

TEST_F(Csco22Test, SecurityPostsAndFarmWork) {
  auto n = Normalizer::Create(tax_);
  EXPECT_EQ(FormatOccCode(n->Normalize("小区门卫 60岁以内").code), "4-07-05-01");
  EXPECT_EQ(FormatOccCode(n->Normalize("工厂门岗").code), "4-07-05-01");
  EXPECT_EQ(FormatOccCode(n->Normalize("果园工人 摘苹果").code), "5-01-02-02");
  EXPECT_EQ(FormatOccCode(n->Normalize("养猪场饲养员").code), "5-03-02-01");
}

TEST_F(Csco22Test, SameAnswerFromManyThreads) {
  auto n = Normalizer::Create(tax_);
  std::vector<OccCode> want;
  for (const auto& t : set_) want.push_back(n->Normalize(t.title).code);
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int k = 0; k < 4; ++k) {
    threads.emplace_back([&, k] {
      for (size_t i = 0; i < set_.size(); ++i)
        wrong[k] += n->Normalize(set_[i].title).code != want[i];
    });
  }
  for (auto& t : threads) t.join();
  for (int w : wrong) EXPECT_EQ(w, 0);
}

TEST(LabelledTitlesTest, ErrorsNameTheLine) {
  auto a = ParseLabelledTitles("# c\n保安\t4-07-05-01\n保洁\n");
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().field, "line 3");
  auto b = ParseLabelledTitles("保安\t4-07-5-01\n");
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().field, "line 1");
}

}  // namespace
}  // namespace bangfu::match
