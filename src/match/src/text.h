// Text analysis shared by the normaliser, its BM25 baseline and the matching engine: Unicode
// normalisation (NFKC with case folding), removal of job-board noise from titles, and the
// features a text is indexed by — ICU dictionary-based word segments and Han character bigrams.
//
// All functions are thread-safe: each thread lazily creates its own ICU word BreakIterator.
// Invalid UTF-8 is replaced (U+FFFD), never rejected.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace bangfu::match::text {

// NFKC_Casefold of UTF-8 text, as UTF-16 (full-width ASCII becomes ASCII, Latin lower case).
std::u16string Fold(std::string_view utf8);
// The same into `out`, whose capacity is reused (no allocation for a short text).
void Fold(std::string_view utf8, std::u16string& out);

// Fold, then strip what job boards add around an occupation: recruiting words (招聘, 急招,
// 诚聘 …), perks (包吃住, 五险一金 …), salary text (5000-8000元, 8k, 月入过万), apprentice and
// graduate modifiers (学徒, 应届), an employer name before 招聘 or ending in 公司/集团/物业,
// and bracketed asides that carry such noise. Separators become spaces.
// `cut_employer` null: the employer stays in (金房物业保安), for a second look when the title
// without it fits nothing; otherwise it is cut and *cut_employer says whether anything was.
std::u16string CleanTitle(std::string_view utf8);
void CleanTitle(std::string_view utf8, std::u16string& out, bool* cut_employer);

// Joins a shorthand's standard wording to the segment of the title its key is in.
constexpr char16_t kGlue = u'|';

// Adds to cleaned text the standard wording of common job-board shorthand it contains
// (骑手 → 配送员, 仓管 → 仓库管理员, 汽修 → 汽车维修, 中职 → 中等职业学校 …), so that titles
// written in slang meet the classification's vocabulary. The wording is glued (kGlue) to the
// end of the space-separated segment that holds the key: "木工 装修" → "木工 装修|装饰装修".
void ExpandShorthand(std::u16string& cleaned);

// The segments of cleaned, expanded text: split at spaces, except a space between two Latin
// letters or digits ("senior java developer" is one segment).
void SplitSegments(std::u16string_view text, std::vector<std::u16string_view>& out);

// Whether a segment names a job: it (or one of its glued standard wordings) ends in an agent
// morpheme (员, 工, 师, 手 …) or a bare job noun of job boards (保安, 收银, 客服 …). Titles
// are head-final; a segment that does not is context (an employer, a place, a requirement).
bool NamesAJob(std::u16string_view segment);

// Appends the features of (already folded or cleaned) text: each ICU word segment that is not
// space or punctuation, tagged 'w', and each bigram of adjacent Han characters, tagged 'b'.
// Duplicates are kept (callers count frequencies or de-duplicate as they need).
void Features(std::u16string_view text, std::vector<std::u16string>& out);

std::string ToUtf8(std::u16string_view s);

}  // namespace bangfu::match::text
