// Identifiers of people and organisations: national ID numbers (GB 11643), unified social
// credit codes (GB 32100), mobile numbers, and their masked forms for screens and exports.
#pragma once

#include <string>
#include <string_view>

#include "bangfu/base/date.h"
#include "bangfu/base/result.h"

namespace bangfu::domain {

enum class Sex { kMale, kFemale };

// An 18-character 公民身份号码: 6-digit address code, 8-digit birth date, 3-digit sequence
// (odd = male), MOD 11-2 check character (0-9 or X).
class IdNumber {
 public:
  // Accepts 18 characters (a lower-case x is normalised) or a legacy 15-digit number (century
  // 19 inserted, check character computed). `today` bounds the birth date; `field` names the
  // input in errors. Each error says exactly what is wrong: 长度, 字符, 地区码, 出生日期, 校验位.
  static Result<IdNumber> Parse(std::string_view text, Date today,
                                std::string_view field = "id_number");
  // The check character for the first 17 digits (which the caller guarantees are digits).
  static char CheckCharacter(std::string_view first17);

  const std::string& value() const { return value_; }
  Date birth_date() const { return birth_; }
  Sex sex() const { return sex_; }
  std::string_view region_prefix() const { return std::string_view(value_).substr(0, 6); }
  // Whole years at `d`. A person reaches age N on their N-th birthday; someone born on 29
  // February reaches it on 1 March in common years (the day after 28 February).
  int AgeAt(Date d) const;

 private:
  std::string value_;
  Date birth_;
  Sex sex_ = Sex::kMale;
};

// Whole years between a birth date and `d`, with the 29 February rule of IdNumber::AgeAt.
int AgeBetween(Date birth, Date d);

// 统一社会信用代码: 1 registration authority, 1 organisation type, 6-digit region, 9-character
// organisation code, 1 check character; alphabet 0-9 A-H J-N P-R T U W-Y (no I O S V Z).
class CreditCode {
 public:
  static Result<CreditCode> Parse(std::string_view text, std::string_view field = "credit_code");
  static char CheckCharacter(std::string_view first17);  // Caller guarantees a valid alphabet.
  const std::string& value() const { return value_; }
  std::string_view region_prefix() const { return std::string_view(value_).substr(2, 6); }

 private:
  std::string value_;
};

// Normalises a mainland mobile number written any common way ("+86 138-1234-5678",
// "86 13812345678", full-width digits, spaces) to 11 digits 1[3-9]xxxxxxxxx.
Result<std::string> NormalizeMobile(std::string_view text, std::string_view field = "mobile");

// "500153********123X": first 6 and last 4 characters kept.
std::string MaskIdNumber(std::string_view id);
// "138****5678".
std::string MaskMobile(std::string_view mobile);

}  // namespace bangfu::domain
