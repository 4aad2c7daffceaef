#include "text.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <memory>

namespace bangfu::match::text {
namespace {

bool IsHan(char16_t c) { return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF); }
bool IsDigit(char16_t c) { return c >= u'0' && c <= u'9'; }

icu::BreakIterator* WordIterator() {
  thread_local std::unique_ptr<icu::BreakIterator> it = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> b(
        icu::BreakIterator::createWordInstance(icu::Locale("zh"), status));
    if (U_FAILURE(status)) b.reset();
    return b;
  }();
  return it.get();
}

// A 1,024-bit filter of a text's characters: a word whose first character it may not have is
// not in the text, and need not be searched for.
class CharFilter {
 public:
  explicit CharFilter(std::u16string_view s) {
    for (char16_t c : s) bits_[(c >> 6) & 15] |= uint64_t{1} << (c & 63);
  }
  bool MayHave(char16_t c) const { return bits_[(c >> 6) & 15] & (uint64_t{1} << (c & 63)); }

 private:
  uint64_t bits_[16] = {};
};

void ReplaceAll(std::u16string& s, std::u16string_view what, std::u16string_view with) {
  for (size_t p = s.find(what); p != std::u16string::npos; p = s.find(what, p + with.size()))
    s.replace(p, what.size(), with);
}

// Longest first, so that 包吃包住 goes before 包吃.
const std::u16string_view kNoise[] = {
    u"五险一金",     u"包吃包住",   u"月入过万", u"不限经验", u"经验不限", u"男女不限", u"带薪培训",
    u"退伍军人优先", u"可接受小白", u"零基础",   u"无经验",   u"可培训",   u"包吃住",   u"包食宿",
    u"提供住宿",     u"高提成",     u"加提成",   u"应届生",   u"毕业生",   u"长白班",   u"上五休二",
    u"朝九晚五",     u"待遇优厚",   u"待遇从优", u"年终奖",   u"节日福利", u"招聘",     u"诚聘",
    u"急聘",         u"急招",       u"直招",     u"诚招",     u"热招",     u"招募",     u"招工",
    u"求职",         u"高薪",       u"聘请",     u"招收",     u"包吃",     u"包住",     u"五险",
    u"双休",         u"单休",       u"白班",     u"夜班",     u"日结",     u"周结",     u"月结",
    u"兼职",         u"全职",       u"实习生",   u"实习",     u"学徒",     u"应届",     u"储备",
    u"熟手",         u"底薪",       u"月薪",     u"年薪",     u"薪资",     u"工资",     u"提成",
    u"面议",         u"过万",       u"若干",     u"多名",     u"数名",     u"急需",     u"优先",
    u"本地",         u"附近",       u"就近",     u"限男",     u"限女",     u"包培训",   u"福利好",
    u"待遇好",       u"稳定",       u"长期",     u"临时",     u"正式工",   u"师傅"};

// An aside in brackets is dropped when it holds one of these or a digit; otherwise only the
// brackets go (客服（电商） keeps 电商).
const std::u16string_view kAsideMarkers[] = {
    u"公司", u"集团", u"有限", u"分店", u"门店", u"直招", u"包", u"险", u"休", u"薪",
    u"元",   u"急",   u"招",   u"聘",   u"班",   u"结",   u"区", u"市", u"县", u"镇",
    u"兼"};  // （兼前台）: a side duty, not the job.

// An employer name ends in one of these; what follows it is the occupation.
const std::u16string_view kEmployerEnds[] = {u"有限责任公司", u"有限公司", u"公司", u"集团",
                                             u"物业",         u"分店",     u"门店"};

bool IsSalaryChar(char16_t c) {
  static const std::u16string_view kChars = u"0123456789.-~+/kKwW万千元起以上到至左右每月天时";
  return kChars.find(c) != std::u16string_view::npos;
}

bool IsOpen(char16_t c) {
  return c == u'(' || c == u'[' || c == u'【' || c == u'〔' || c == u'「' || c == u'『' ||
         c == u'《' || c == u'<' || c == u'{';
}
bool IsClose(char16_t c) {
  return c == u')' || c == u']' || c == u'】' || c == u'〕' || c == u'」' || c == u'』' ||
         c == u'》' || c == u'>' || c == u'}';
}

std::u16string Trimmed(std::u16string_view s) {
  while (!s.empty() && s.front() == u' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == u' ') s.remove_suffix(1);
  return std::u16string(s);
}

// 招聘师 while recruiting words are removed: private-use characters, as many as it has.
constexpr std::u16string_view kRecruiter = u"\uE000\uE000\uE000";

bool HasHanOrAlnum(std::u16string_view s) {
  return std::any_of(s.begin(), s.end(), [](char16_t c) {
    return IsHan(c) || IsDigit(c) || (c >= u'a' && c <= u'z') || c == kRecruiter[0];
  });
}

}  // namespace

void Fold(std::string_view utf8, std::u16string& out) {
  // Both buffers are kept per thread, so a short title costs no allocation.
  thread_local icu::UnicodeString src, dst;
  UErrorCode status = U_ZERO_ERROR;
  const int32_t n = static_cast<int32_t>(utf8.size());
  UChar* buf =
      src.getBuffer(std::max<int32_t>(n, 16));  // UTF-16 never has more units than UTF-8 bytes.
  int32_t len = 0;
  u_strFromUTF8WithSub(buf, src.getCapacity(), &len, utf8.data(), n, 0xFFFD, nullptr, &status);
  src.releaseBuffer(U_SUCCESS(status) ? len : 0);
  const icu::UnicodeString* result = &src;
  status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCCasefoldInstance(status);
  // Most titles are already folded (Han text): only the part after the first change is
  // normalised, and nothing at all when there is none.
  if (U_SUCCESS(status) && nfkc->spanQuickCheckYes(src, status) < src.length() &&
      U_SUCCESS(status)) {
    nfkc->normalize(src, dst, status);
    if (U_SUCCESS(status)) result = &dst;
  }
  out.assign(reinterpret_cast<const char16_t*>(result->getBuffer()),
             static_cast<size_t>(result->length()));
}

std::u16string Fold(std::string_view utf8) {
  std::u16string out;
  Fold(utf8, out);
  return out;
}

std::u16string CleanTitle(std::string_view utf8) {
  std::u16string out;
  bool cut = false;
  CleanTitle(utf8, out, &cut);
  return out;
}

void CleanTitle(std::string_view utf8, std::u16string& result, bool* cut_employer) {
  thread_local std::u16string s;
  Fold(utf8, s);
  // Bracketed asides, innermost first.
  for (int guard = 0; guard < 8; ++guard) {
    size_t open = std::u16string::npos;
    size_t close = std::u16string::npos;
    for (size_t i = 0; i < s.size(); ++i) {
      if (IsOpen(s[i])) open = i;
      if (IsClose(s[i]) && open != std::u16string::npos) {
        close = i;
        break;
      }
    }
    if (close == std::u16string::npos) break;
    std::u16string_view inner(s.data() + open + 1, close - open - 1);
    bool noise = std::any_of(inner.begin(), inner.end(), IsDigit);
    for (auto m : kAsideMarkers) noise = noise || inner.find(m) != std::u16string_view::npos;
    if (noise) {
      s.replace(open, close - open + 1, u" ");
    } else {
      s[open] = u' ';
      s[close] = u' ';
    }
  }
  for (char16_t& c : s)
    if (IsOpen(c) || IsClose(c)) c = u' ';
  // 招聘 names the occupation itself in 招聘专员, 招聘经理 … (recruiters): kept aside before the
  // employer is looked for, so that "HR招聘专员" is not cut at its 招聘.
  for (std::u16string_view role : {u"招聘专员", u"招聘经理", u"招聘主管", u"招聘助理", u"招聘顾问"})
    ReplaceAll(s, role, u"招聘师");
  ReplaceAll(s, u"招聘师", kRecruiter);
  const bool recruiter = s.find(kRecruiter) != std::u16string::npos;
  // "金房物业招聘保安": the employer stands before the recruiting word; "XX有限公司保安": it
  // ends in 公司, 集团, 物业 ….
  bool cut = false;
  if (cut_employer != nullptr) {
    for (std::u16string_view w :
         {u"招聘", u"诚聘", u"急聘", u"直招", u"急招", u"高薪聘", u"诚招", u"聘"}) {
      const size_t p = s.find(w);
      if (p == std::u16string::npos) continue;
      std::u16string after = Trimmed(std::u16string_view(s).substr(p + w.size()));
      if (p > 0 && HasHanOrAlnum(after)) {
        s = after;
        cut = true;
      }
      break;
    }
    for (std::u16string_view end : kEmployerEnds) {
      const size_t p = s.rfind(end);
      if (p == std::u16string::npos || p == 0) continue;
      std::u16string after = Trimmed(std::u16string_view(s).substr(p + end.size()));
      if (after.size() >= 2 && HasHanOrAlnum(after)) {
        s = after;
        cut = true;
        break;
      }
    }
    *cut_employer = cut;
  }
  // Only words whose first character occurs in the title can be there (replacing inserts
  // spaces only, so the characters seen before the loop cover every later state).
  const CharFilter present(s);
  for (std::u16string_view w : kNoise)
    if (present.MayHave(w[0])) ReplaceAll(s, w, u" ");
  if (recruiter) ReplaceAll(s, kRecruiter, u"招聘师");
  // Salary text: a run starting with a digit and continuing through salary units.
  for (size_t i = 0; i < s.size();) {
    if (!IsDigit(s[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < s.size() && IsSalaryChar(s[j])) ++j;
    // Keep model-number style digits glued to Latin letters (e.g. "c1", "3d").
    const bool glued = (i > 0 && s[i - 1] >= u'a' && s[i - 1] <= u'z');
    if (!glued) {
      s.replace(i, j - i, u" ");
      ++i;
    } else {
      i = j;
    }
  }
  for (char16_t& c : s) {
    if (c == u'/' || c == u'|' || c == u',' || c == u'、' || c == u'-' || c == u'_' || c == u'*' ||
        c == u'!' || c == u'。' || c == u'·' || c == u'~' || c == u'+' || c == u':' || c == u';' ||
        c == u'\t' || c == u'#' || c == u'&')
      c = u' ';
  }
  result.clear();
  for (char16_t c : s)
    if (c != u' ' || (!result.empty() && result.back() != u' ')) result.push_back(c);
  while (!result.empty() && result.back() == u' ') result.pop_back();
}

void ExpandShorthand(std::u16string& s) {
  // Abbreviations first, then labour-market slang (挖机, 大车, 车缝, 泥工, 做房, 住家 …).
  static const std::pair<std::u16string_view, std::u16string_view> kShorthand[] = {
      {u"骑手", u"配送员"},     {u"外卖", u"送餐员"},      {u"仓管", u"仓库管理员"},
      {u"幼师", u"幼儿园教师"}, {u"汽修", u"汽车维修"},    {u"收派", u"快递员"},
      {u"派件", u"快递员"},     {u"环卫", u"保洁 清洁工"}, {u"安保", u"保安"},
      {u"房产", u"房地产"},     {u"货车", u"货运汽车"},    {u"中职", u"中等职业学校"},
      {u"高校", u"高等学校"},   {u"大学", u"高等学校"},    {u"初中", u"初级中学"},
      {u"高中", u"高级中学"},   {u"火锅", u"餐厅"},        {u"饭店", u"餐厅"},
      {u"餐馆", u"餐厅"},       {u"酒楼", u"餐厅"},        {u"4s", u"汽车"},
      {u"美容院", u"美容师"},   {u"帮厨", u"厨师"},        {u"厨工", u"厨师"},
      {u"服务生", u"服务员"},   {u"店员", u"营业员"},      {u"小时工", u"钟点工"},
      {u"理发", u"美发师"},     {u"网管", u"网络"},        {u"陪护", u"护工"},
      {u"文案", u"文字编辑"},   {u"讲师", u"教师"},        {u"挖机", u"挖掘机"},
      {u"大车", u"货运"},       {u"安卓", u"android"},     {u"车缝", u"缝纫工"},
      {u"泥工", u"砌筑工"},     {u"瓦工", u"砌筑工"},      {u"力工", u"搬运工"},
      {u"装修", u"装饰装修"},   {u"墩子", u"切配 厨师"},   {u"做房", u"客房服务员"},
      {u"住家", u"保姆 家政"},  {u"跑腿", u"配送员"},      {u"拣货", u"分拣员"},
      {u"包子", u"面点"},       {u"馒头", u"面点"},        {u"奶茶", u"调饮师"},
      {u"话务", u"呼叫中心"},   {u"皮肤管理", u"美容师"},
      // Vehicles say which driver: goods, lifting, passengers.
      {u"厢货", u"货运"},       {u"箱货", u"货运"},        {u"半挂", u"货运"},
      {u"挂车", u"货运"},       {u"重卡", u"货运"},        {u"轻卡", u"货运"},
      {u"渣土", u"货运"},       {u"牵引车", u"货运"},      {u"自卸", u"货运"},
      {u"冷链", u"货运"},       {u"送货", u"货运"},        {u"货拉拉", u"货运"},
      {u"塔吊", u"起重"},        {u"天车", u"起重"},
      {u"大巴", u"客运"},       {u"公交", u"客运"},
      // Security posts, care of the old, farms, food plants.
      {u"门卫", u"保安"},       {u"门岗", u"保安"},        {u"秩序员", u"保安员"},
      {u"巡逻", u"保安"},       {u"敬老院", u"养老"},      {u"老人", u"养老"},
      {u"果园", u"园艺工"},       {u"果树", u"园艺工"},        {u"蔬菜", u"园艺工"},
      {u"种菜", u"园艺工"},       {u"大棚", u"园艺工"},        {u"茶园", u"园艺工"},
      {u"养猪", u"家畜饲养"},   {u"猪场", u"家畜饲养"},    {u"养牛", u"家畜饲养"},
      {u"牛场", u"家畜饲养"},   {u"养羊", u"家畜饲养"},    {u"养鸡", u"家禽饲养"},
      {u"鸡场", u"家禽饲养"},   {u"养鸭", u"家禽饲养"},    {u"鱼塘", u"水生动物饲养"},
      {u"养鱼", u"水生动物饲养"}, {u"速冻", u"冷冻食品制作工"}, {u"肉联", u"屠宰"},
      // Machine shops, welding, sewing.
      {u"铣床", u"铣工"},       {u"磨床", u"磨工"},        {u"刨床", u"刨工"},
      {u"电焊", u"焊工"},       {u"保焊", u"焊工"},        {u"平车", u"缝纫工"},
      {u"喷粉", u"喷塑工"},
      // Hospitals, banks, freight, drinks.
      {u"b超", u"超声"},        {u"彩超", u"超声"},        {u"特教", u"特殊教育"},
      {u"产康", u"产后康复"},   {u"农商行", u"银行"},      {u"信用社", u"银行"},
      {u"茶饮", u"调饮师"},     {u"育儿嫂", u"育婴师"},
  };
  // English job words (外企 and bilingual postings), matched as whole words: the
  // classification has no English.
  static const std::pair<std::u16string_view, std::u16string_view> kEnglish[] = {
      {u"driver", u"司机"},          {u"truck", u"货车"},          {u"forklift", u"叉车"},
      {u"security", u"保安"},        {u"guard", u"保安员"},        {u"nurse", u"护士"},
      {u"cashier", u"收银员"},       {u"accountant", u"会计"},     {u"accounting", u"会计"},
      {u"warehouse", u"仓库"},       {u"keeper", u"管理员"},       {u"storekeeper", u"仓库管理员"},
      {u"developer", u"开发"},       {u"engineer", u"工程师"},     {u"software", u"软件"},
      {u"test", u"测试"},            {u"tester", u"测试"},         {u"qc", u"质检员"},
      {u"inspector", u"检验员"},     {u"front end", u"前端"},      {u"frontend", u"前端"},
      {u"back end", u"后端"},        {u"backend", u"后端"},        {u"front desk", u"前台"},
      {u"receptionist", u"前台"},    {u"sales", u"销售"},          {u"manager", u"经理"},
      {u"teacher", u"教师"},         {u"tutor", u"家教"},          {u"cook", u"厨师"},
      {u"chef", u"厨师"},            {u"waiter", u"服务员"},       {u"waitress", u"服务员"},
      {u"cleaner", u"保洁员"},       {u"secretary", u"秘书"},      {u"assistant", u"助理"},
      {u"clerk", u"文员"},           {u"operator", u"操作工"},     {u"welder", u"焊工"},
      {u"electrician", u"电工"},     {u"mechanic", u"维修工"},     {u"technician", u"技术员"},
      {u"designer", u"设计师"},      {u"recruiter", u"招聘师"},    {u"marketing", u"市场营销"},
      {u"customer service", u"客服"}, {u"courier", u"快递员"},     {u"delivery", u"配送员"},
      {u"nanny", u"保姆"},           {u"caregiver", u"护理员"},    {u"doctor", u"医生"},
      {u"pharmacist", u"药师"},      {u"translator", u"翻译"},     {u"interpreter", u"翻译"},
      {u"programmer", u"程序员"},    {u"hr", u"人力资源"},         {u"buyer", u"采购"},
  };
  auto latin = [](char16_t c) { return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9'); };
  auto whole_word = [&](size_t p, size_t n) {
    return (p == 0 || !latin(s[p - 1])) && (p + n == s.size() || !latin(s[p + n]));
  };
  // Each standard wording goes into the segment its key is in (glued with kGlue), so that a
  // key in a segment of context (装修 in "木工师傅 装修") stays context (see SplitSegments).
  // (segment end, position of an English key or npos, standard wording).
  struct Found {
    size_t end;
    size_t english_at;
    std::u16string_view standard;
  };
  thread_local std::vector<Found> found;
  found.clear();
  const CharFilter present(s);
  for (const auto& [key, standard] : kShorthand) {
    if (!present.MayHave(key[0])) continue;
    const size_t p = s.find(key);
    if (p == std::u16string::npos) continue;
    const size_t end = s.find(u' ', p);
    found.push_back({end == std::u16string::npos ? s.size() : end, std::u16string::npos, standard});
  }
  for (const auto& [key, standard] : kEnglish) {
    if (!present.MayHave(key[0])) continue;
    size_t p = s.find(key);
    while (p != std::u16string::npos && !whole_word(p, key.size())) p = s.find(key, p + 1);
    if (p == std::u16string::npos) continue;
    // The segment of an English title runs over its spaces ("senior java developer").
    size_t end = p + key.size();
    while (end < s.size() && (s[end] != u' ' || (end + 1 < s.size() && latin(s[end + 1]))))
      ++end;
    found.push_back({end, p, standard});
  }
  if (found.empty()) return;
  // By segment; within one the table's order, English words last in the order written, run
  // together as one phrase ("sales manager" → 销售经理).
  std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    if (a.end != b.end) return a.end < b.end;
    // npos (not English) is the largest position: swapped so that those come first.
    const size_t ka = a.english_at == std::u16string::npos ? 0 : a.english_at + 1;
    const size_t kb = b.english_at == std::u16string::npos ? 0 : b.english_at + 1;
    return ka < kb;
  });
  for (size_t k = found.size(); k-- > 0;) {
    const size_t at = found[k].end;
    s.insert(at, found[k].standard);
    // A wording of several words stays in the segment too.
    std::replace(s.begin() + at, s.begin() + at + found[k].standard.size(), u' ', kGlue);
    const bool phrase = k > 0 && found[k - 1].end == found[k].end &&
                        found[k - 1].english_at != std::u16string::npos &&
                        found[k].english_at != std::u16string::npos;
    if (!phrase) s.insert(found[k].end, 1, kGlue);
  }
}

bool NamesAJob(std::u16string_view segment) {
  // Words that end a job title: the agent morphemes of Chinese occupation names (员, 工, 师 …)
  // and the bare job nouns of job boards (保安, 收银, 客服 …). Titles are head-final: a
  // segment that ends in one of them names the job; one that does not is context (the
  // employer, a place, a requirement, a perk).
  static const std::u16string_view kHeads[] = {
      u"员", u"工", u"师", u"手", u"匠", u"嫂", u"姐", u"哥", u"姨", u"长", u"官", u"警",
      u"医", u"厨", u"司机", u"老师", u"师傅", u"经理", u"主管", u"助理", u"专员", u"顾问",
      u"代表", u"教练", u"主播", u"保安", u"保洁", u"保姆", u"收银", u"客服", u"前台", u"会计",
      u"出纳", u"销售", u"导购", u"采购", u"翻译", u"编辑", u"设计", u"美工", u"门卫", u"门岗",
      u"地推", u"跟单", u"理货", u"拣货", u"分拣", u"打包", u"质检", u"品检", u"巡检", u"仓管",
      u"网管", u"运营", u"策划", u"模特", u"代驾", u"陪护", u"护士", u"医生", u"家教", u"管家",
      u"切配", u"打荷", u"传菜", u"洗碗", u"配菜", u"操机", u"工人", u"经纪人", u"代理人",
      u"主持人", u"服务生", u"开发", u"测试", u"运维", u"搬运", u"装卸"};
  auto ends_in_head = [](std::u16string_view piece) {
    for (auto h : kHeads)
      if (piece.size() >= h.size() && piece.substr(piece.size() - h.size()) == h) return true;
    return false;
  };
  // The words as written decide: added wording may name a job the segment does not (住家 adds
  // 保姆 but says where one lives). Only English, which has no Han word to end in, is judged
  // by its translation.
  const std::u16string_view written = segment.substr(0, segment.find(kGlue));
  if (std::any_of(written.begin(), written.end(), IsHan)) return ends_in_head(written);
  size_t start = written.size() + 1;
  while (start < segment.size()) {
    size_t end = segment.find(kGlue, start);
    if (end == std::u16string_view::npos) end = segment.size();
    if (ends_in_head(segment.substr(start, end - start))) return true;
    start = end + 1;
  }
  return false;
}

void SplitSegments(std::u16string_view s, std::vector<std::u16string_view>& out) {
  out.clear();
  auto latin = [](char16_t c) { return (c >= u'a' && c <= u'z') || IsDigit(c); };
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != u' ') continue;
    // "senior java developer" is one segment: a space between Latin words does not split.
    if (i > 0 && i + 1 < s.size() && latin(s[i - 1]) && latin(s[i + 1])) continue;
    if (i > start) out.push_back(s.substr(start, i - start));
    start = i + 1;
  }
  if (start < s.size()) out.push_back(s.substr(start));
}

void Features(std::u16string_view s, std::vector<std::u16string>& out) {
  if (s.empty()) return;
  icu::BreakIterator* it = WordIterator();
  if (it != nullptr) {
    icu::UnicodeString u(false, reinterpret_cast<const UChar*>(s.data()),
                         static_cast<int32_t>(s.size()));
    it->setText(u);
    int32_t start = it->first();
    for (int32_t end = it->next(); end != icu::BreakIterator::DONE; start = end, end = it->next()) {
      if (it->getRuleStatus() == UBRK_WORD_NONE) continue;
      std::u16string w;
      w.reserve(end - start + 1);
      w.push_back(u'w');
      w.append(s.substr(start, end - start));
      out.push_back(std::move(w));
    }
  }
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (IsHan(s[i]) && IsHan(s[i + 1])) out.push_back(std::u16string{u'b', s[i], s[i + 1]});
  }
}

std::string ToUtf8(std::u16string_view s) {
  std::string out;
  icu::UnicodeString(false, reinterpret_cast<const UChar*>(s.data()),
                     static_cast<int32_t>(s.size()))
      .toUTF8String(out);
  return out;
}

}  // namespace bangfu::match::text
