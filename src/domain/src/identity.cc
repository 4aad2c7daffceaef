#include "bangfu/domain/identity.h"

#include <array>
#include <string>

namespace bangfu::domain {
namespace {

Error Bad(std::string_view field, std::string message) {
  return Error::InvalidArgument(std::move(message), std::string(field));
}

// Full-width digits (U+FF10..U+FF19) and ideographic/ASCII separators are folded.
std::string FoldDigits(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    const unsigned char c = in[i];
    if (c == 0xEF && i + 2 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0xBC &&
        static_cast<unsigned char>(in[i + 2]) >= 0x90 && static_cast<unsigned char>(in[i + 2]) <= 0x99) {
      out.push_back(static_cast<char>('0' + (static_cast<unsigned char>(in[i + 2]) - 0x90)));
      i += 2;
    } else if (c == 0xEF && i + 2 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0xBC &&
               static_cast<unsigned char>(in[i + 2]) == 0xB8) {
      out.push_back('X');  // Full-width Ｘ
      i += 2;
    } else if (c == 0xE3 && i + 2 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0x80 &&
               static_cast<unsigned char>(in[i + 2]) == 0x80) {
      i += 2;  // Ideographic space.
    } else if (c == ' ' || c == '\t' || c == '-' || c == '\r' || c == '\n') {
      continue;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

bool AllDigits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

constexpr std::string_view kCreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

}  // namespace

char IdNumber::CheckCharacter(std::string_view first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kChecks[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kChecks[sum % 11];
}

Result<IdNumber> IdNumber::Parse(std::string_view text, Date today, std::string_view field) {
  std::string s = FoldDigits(text);
  if (!s.empty() && s.back() == 'x') s.back() = 'X';
  if (s.empty()) return Bad(field, "身份证号不能为空");
  if (s.size() == 15) {
    if (!AllDigits(s)) return Bad(field, "15 位身份证号只能是数字: " + std::string(text));
    s = s.substr(0, 6) + "19" + s.substr(6);
    s.push_back(CheckCharacter(s));
  }
  if (s.size() != 18) {
    // Excel turns long numbers into 5.00153E+17: say so, it is the usual cause.
    if (s.find('E') != std::string::npos || s.find('e') != std::string::npos)
      return Bad(field, "身份证号被表格软件存成了科学计数法，请把该列设为文本后重新导出: " + std::string(text));
    return Bad(field, "身份证号应为 18 位，实际 " + std::to_string(s.size()) + " 位: " + std::string(text));
  }
  if (!AllDigits(std::string_view(s).substr(0, 17)) || !(AllDigits(s.substr(17)) || s[17] == 'X'))
    return Bad(field, "身份证号含有不允许的字符: " + std::string(text));
  const int province = (s[0] - '0') * 10 + (s[1] - '0');
  if (province < 11 || province > 82) return Bad(field, "身份证号地区码无效: " + s.substr(0, 6));
  auto number = [&](size_t at, size_t len) {
    int v = 0;
    for (size_t i = at; i < at + len; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  const int y = number(6, 4), m = number(10, 2), d = number(12, 2);
  auto birth = Date::FromYmd(y, m, d);
  if (!birth.ok() || y < 1900) return Bad(field, "身份证号中的出生日期不存在: " + s.substr(6, 8));
  if (today < *birth) return Bad(field, "身份证号中的出生日期晚于今天: " + s.substr(6, 8));
  const char expected = CheckCharacter(s);
  if (s[17] != expected)
    return Bad(field, std::string("身份证号校验位错误（最后一位应为 ") + expected + "）: " + s);
  IdNumber id;
  id.value_ = std::move(s);
  id.birth_ = *birth;
  id.sex_ = ((id.value_[16] - '0') % 2 == 1) ? Sex::kMale : Sex::kFemale;
  return id;
}

int AgeBetween(Date birth, Date d) {
  int by, bm, bd, y, m, dd;
  birth.ToYmd(&by, &bm, &bd);
  d.ToYmd(&y, &m, &dd);
  int age = y - by;
  // Birthday this year: 29 Feb falls on 1 Mar in common years, so compare (m, d) with (3, 1).
  if (bm == 2 && bd == 29 && !Date::IsLeapYear(y)) {
    bm = 3;
    bd = 1;
  }
  if (m < bm || (m == bm && dd < bd)) --age;
  return age;
}

int IdNumber::AgeAt(Date d) const { return AgeBetween(birth_, d); }

char CreditCode::CheckCharacter(std::string_view first17) {
  static constexpr int kWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += static_cast<int>(kCreditAlphabet.find(first17[i])) * kWeights[i];
  int c = 31 - sum % 31;
  if (c == 31) c = 0;
  return kCreditAlphabet[c];
}

Result<CreditCode> CreditCode::Parse(std::string_view text, std::string_view field) {
  std::string s = FoldDigits(text);
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (s.size() != 18)
    return Bad(field, "统一社会信用代码应为 18 位，实际 " + std::to_string(s.size()) + " 位: " + std::string(text));
  for (char c : s)
    if (kCreditAlphabet.find(c) == std::string_view::npos)
      return Bad(field, std::string("统一社会信用代码含有不允许的字符 ") + c + ": " + s);
  if (!AllDigits(std::string_view(s).substr(2, 6)))
    return Bad(field, "统一社会信用代码第 3-8 位应为行政区划代码: " + s);
  const char expected = CheckCharacter(s);
  if (s[17] != expected)
    return Bad(field, std::string("统一社会信用代码校验位错误（最后一位应为 ") + expected + "）: " + s);
  CreditCode cc;
  cc.value_ = std::move(s);
  return cc;
}

Result<std::string> NormalizeMobile(std::string_view text, std::string_view field) {
  std::string s = FoldDigits(text);
  for (char c : {'(', ')', '.'}) std::erase(s, c);
  if (s.rfind("+86", 0) == 0) s = s.substr(3);
  else if (s.rfind("0086", 0) == 0) s = s.substr(4);
  else if (s.size() == 13 && s.rfind("86", 0) == 0) s = s.substr(2);
  if (s.empty()) return Bad(field, "手机号不能为空");
  if (!AllDigits(s)) return Bad(field, "手机号只能包含数字: " + std::string(text));
  if (s.size() != 11) return Bad(field, "手机号应为 11 位，实际 " + std::to_string(s.size()) + " 位: " + std::string(text));
  if (s[0] != '1' || s[1] < '3' || s[1] > '9') return Bad(field, "不是有效的手机号段: " + s);
  return s;
}

namespace {
// `text` with all but the first `head` and last `tail` characters starred (all of it when short).
std::string Mask(std::string_view text, size_t head, size_t tail) {
  std::string out(text.size(), '*');
  if (text.size() > head + tail) {
    out.replace(0, head, text.substr(0, head));
    out.replace(text.size() - tail, tail, text.substr(text.size() - tail));
  }
  return out;
}
}  // namespace

std::string MaskIdNumber(std::string_view id) { return Mask(id, 6, 4); }

std::string MaskMobile(std::string_view mobile) { return Mask(mobile, 3, 4); }

}  // namespace bangfu::domain
