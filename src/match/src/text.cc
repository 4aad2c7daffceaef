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
    u"待遇好",       u"稳定",       u"长期",     u"临时",     u"正式工"};

// An aside in brackets is dropped when it holds one of these or a digit; otherwise only the
// brackets go (客服（电商） keeps 电商).
const std::u16string_view kAsideMarkers[] = {
    u"公司", u"集团", u"有限", u"分店", u"门店", u"直招", u"包", u"险", u"休", u"薪",
    u"元",   u"急",   u"招",   u"聘",   u"班",   u"结",   u"区", u"市", u"县", u"镇"};

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
  };
  const size_t original = s.size();
  const CharFilter present(s);
  for (const auto& [key, standard] : kShorthand) {
    if (!present.MayHave(key[0]) ||
        std::u16string_view(s.data(), original).find(key) == std::u16string_view::npos)
      continue;
    s.push_back(u' ');
    s.append(standard);
  }
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
