#include "bangfu/service/tabular.h"

#include <expat.h>
#include <unicode/ucnv.h>
#include <zip.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <set>

#include "bangfu/base/date.h"
#include "bangfu/base/huge_pages.h"
#include "bangfu/domain/org_types.h"

namespace bangfu::service {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  // Full-width space U+3000 at either end, common in hand-typed headers.
  while (s.size() >= 3 && s.substr(0, 3) == "\xE3\x80\x80") s.remove_prefix(3);
  while (s.size() >= 3 && s.substr(s.size() - 3) == "\xE3\x80\x80") s.remove_suffix(3);
  return s;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    // ASCII eight bytes at a time.
    while (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if (word & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    unsigned char c = s[i];
    size_t len;
    uint32_t cp;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return false;
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = s[i + k];
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

// GB18030 → UTF-8 with ICU; fails on any byte sequence GB18030 does not define.
Result<std::string> Gb18030ToUtf8(std::string_view bytes) {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* conv = ucnv_open("GB18030", &status);
  if (U_FAILURE(status)) return Error::Internal("ICU 无法打开 GB18030 转换器");
  std::unique_ptr<UConverter, decltype(&ucnv_close)> guard(conv, ucnv_close);
  ucnv_setToUCallBack(conv, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  UConverter* utf8 = ucnv_open("UTF-8", &status);
  std::unique_ptr<UConverter, decltype(&ucnv_close)> guard8(utf8, ucnv_close);
  std::string out(bytes.size() * 2 + 16, '\0');
  status = U_ZERO_ERROR;
  int32_t len = ucnv_convert("UTF-8", "GB18030", out.data(), static_cast<int32_t>(out.size()),
                             bytes.data(), static_cast<int32_t>(bytes.size()), &status);
  if (U_FAILURE(status)) return Error::InvalidArgument("文件编码无法识别（既不是 UTF-8 也不是 GB18030）", "file");
  out.resize(len);
  // ucnv_convert substitutes instead of failing; a substitution character means bad input.
  if (out.find("\xEF\xBF\xBD") != std::string::npos || out.find('\x1A') != std::string::npos)
    return Error::InvalidArgument("文件编码无法识别（既不是 UTF-8 也不是 GB18030）", "file");
  return out;
}

// The records read from a file: the fields of record i are cells[first[i], first[i + 1]).
struct Records {
  Table table;  // Its cells and text so far; the rest is filled by ToTable.
  std::vector<int64_t> lines;
  std::vector<size_t> first;
  std::vector<std::pair<int64_t, int64_t>> merged_rows;  // XLSX: the rows each merged range spans.
};

// Header (options.header_names: the first record holding enough of them, titles above it;
// else the first non-blank record), then the non-blank data rows with trimmed cells.
Result<Table> ToTable(Records r, std::string format, std::string encoding,
                      const ReadTableOptions& options) {
  Table& t = r.table;
  t.format = std::move(format);
  t.encoding = std::move(encoding);
  const size_t n = r.lines.size();
  r.first.push_back(t.cells.size());
  // Trims the cells of record i in place; true when all are empty.
  auto trim_blank = [&](size_t i) {
    bool blank = true;
    for (size_t c = r.first[i]; c < r.first[i + 1]; ++c) {
      t.cells[c] = Trim(t.cells[c]);
      blank = blank && t.cells[c].empty();
    }
    return blank;
  };
  size_t head = 0;
  while (head < n && trim_blank(head)) ++head;
  if (head == n) return Error::InvalidArgument("文件中没有表头", "file");
  if (!options.header_names.empty()) {
    const size_t wanted = std::min<size_t>(2, options.header_names.size());
    auto known = [&](size_t i) {
      size_t hits = 0;
      for (size_t c = r.first[i]; c < r.first[i + 1]; ++c)
        hits += std::find(options.header_names.begin(), options.header_names.end(), t.cells[c]) !=
                options.header_names.end();
      return hits;
    };
    std::vector<size_t> titles;
    for (size_t i = head; i < n && titles.size() < ReadTableOptions::kMaxTitleRows; ++i) {
      if (i > head && trim_blank(i)) continue;
      if (known(i) >= wanted) {
        for (size_t k : titles) t.title_lines.push_back(r.lines[k]);
        head = i;
        break;
      }
      titles.push_back(i);
    }
  }
  for (auto [r1, r2] : r.merged_rows) {
    if (r.lines[head] >= r1 && r.lines[head] <= r2)
      return Error::InvalidArgument("表头第 " + std::to_string(r.lines[head]) +
                                        " 行含有合并单元格，请取消合并后每列只保留一个列名",
                                    "header");
  }
  t.header_line = r.lines[head];
  std::set<std::string_view> seen;
  for (size_t c = r.first[head]; c < r.first[head + 1]; ++c) {
    const std::string_view name = t.cells[c];
    if (!name.empty() && !seen.insert(name).second)
      return Error::InvalidArgument("表头中有重复的列: " + std::string(name), std::string(name));
    t.header.emplace_back(name);
  }
  ReserveHuge(t.rows, n - head - 1);
  for (size_t i = head + 1; i < n; ++i) {
    if (trim_blank(i)) continue;
    t.rows.push_back({r.lines[i], std::span<const std::string_view>(t.cells.data() + r.first[i],
                                                                     r.first[i + 1] - r.first[i])});
    if (static_cast<int64_t>(t.rows.size()) > options.max_rows)
      return Error::TooLarge("文件行数超过上限 " + std::to_string(options.max_rows));
  }
  return std::move(r.table);
}

// ---- XLSX ----

class Zip {
 public:
  static Result<std::unique_ptr<Zip>> Open(std::string_view bytes) {
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
    if (!src) return Error::InvalidArgument("XLSX 文件无法打开", "file");
    zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &err);
    if (!z) {
      zip_source_free(src);
      return Error::InvalidArgument("XLSX 文件已损坏（不是有效的压缩包）", "file");
    }
    auto out = std::unique_ptr<Zip>(new Zip());
    out->z_ = z;
    return out;
  }
  ~Zip() { if (z_) zip_discard(z_); }
  // Empty optional-like: returns kNotFound when absent.
  Result<std::string> Read(const std::string& name, int64_t max_bytes) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(z_, name.c_str(), 0, &st) != 0) return Error::NotFound("XLSX 中缺少 " + name, "file");
    if (static_cast<int64_t>(st.size) > max_bytes)
      return Error::TooLarge("XLSX 工作表过大");
    zip_file_t* f = zip_fopen(z_, name.c_str(), 0);
    if (!f) return Error::InvalidArgument("XLSX 中的 " + name + " 无法读取", "file");
    std::string out(st.size, '\0');
    zip_int64_t n = zip_fread(f, out.data(), st.size);
    zip_fclose(f);
    if (n < 0 || static_cast<zip_uint64_t>(n) != st.size)
      return Error::InvalidArgument("XLSX 中的 " + name + " 已损坏", "file");
    return out;
  }

 private:
  Zip() = default;
  zip_t* z_ = nullptr;
};

// A minimal SAX wrapper: callbacks get local element names (prefix stripped).
class Sax {
 public:
  std::function<void(std::string_view name, const char** attrs)> on_start;
  std::function<void(std::string_view name)> on_end;
  std::function<void(std::string_view text)> on_text;

  Status Parse(std::string_view xml, const std::string& part) {
    XML_Parser p = XML_ParserCreate("UTF-8");
    XML_SetUserData(p, this);
    XML_SetElementHandler(
        p,
        [](void* self, const XML_Char* name, const XML_Char** attrs) {
          auto* s = static_cast<Sax*>(self);
          if (s->on_start) s->on_start(Local(name), attrs);
        },
        [](void* self, const XML_Char* name) {
          auto* s = static_cast<Sax*>(self);
          if (s->on_end) s->on_end(Local(name));
        });
    XML_SetCharacterDataHandler(p, [](void* self, const XML_Char* text, int len) {
      auto* s = static_cast<Sax*>(self);
      if (s->on_text) s->on_text(std::string_view(text, len));
    });
    const bool ok = XML_Parse(p, xml.data(), static_cast<int>(xml.size()), 1) != XML_STATUS_ERROR;
    std::string msg = ok ? "" : XML_ErrorString(XML_GetErrorCode(p));
    XML_ParserFree(p);
    if (!ok) return Error::InvalidArgument("XLSX 中的 " + part + " 格式错误: " + msg, "file");
    return OkStatus();
  }

  static const char* Attr(const char** attrs, std::string_view name) {
    for (int i = 0; attrs[i]; i += 2)
      if (Local(attrs[i]) == name) return attrs[i + 1];
    return nullptr;
  }

 private:
  static std::string_view Local(const char* name) {
    std::string_view s(name);
    size_t colon = s.rfind(':');
    return colon == std::string_view::npos ? s : s.substr(colon + 1);
  }
};

// "BC12" → column index 54 (0-based) and row 12.
bool ParseCellRef(std::string_view ref, int* col, int* row) {
  int c = 0;
  size_t i = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') c = c * 26 + (ref[i++] - 'A' + 1);
  if (c == 0 || i == ref.size()) return false;
  int r = 0;
  for (; i < ref.size(); ++i) {
    if (ref[i] < '0' || ref[i] > '9') return false;
    r = r * 10 + (ref[i] - '0');
    if (r > 10'000'000) return false;
  }
  *col = c - 1;
  *row = r;
  return c <= 16384 && r > 0;
}

bool IsDateFormat(int id, const std::map<int, std::string>& custom) {
  if ((id >= 14 && id <= 22) || (id >= 45 && id <= 47) || (id >= 27 && id <= 36) ||
      (id >= 50 && id <= 58))
    return true;
  auto it = custom.find(id);
  if (it == custom.end()) return false;
  // A custom format is a date when it has date letters outside quoted/bracketed text.
  bool in_quote = false, in_bracket = false;
  for (char ch : it->second) {
    if (ch == '"') in_quote = !in_quote;
    else if (ch == '[') in_bracket = true;
    else if (ch == ']') in_bracket = false;
    else if (!in_quote && !in_bracket && (ch == 'y' || ch == 'd' || ch == 'Y' || ch == 'D')) return true;
  }
  return false;
}

Result<Table> ReadXlsx(std::string_view bytes, const ReadTableOptions& options) {
  BANGFU_ASSIGN_OR_RETURN(auto zip, Zip::Open(bytes));
  const int64_t limit = options.max_bytes * 8;  // Sheets compress well; bound the expansion.

  // The first sheet of the workbook and its part name.
  BANGFU_ASSIGN_OR_RETURN(std::string workbook, zip->Read("xl/workbook.xml", limit));
  std::string first_rid;
  {
    Sax sax;
    sax.on_start = [&](std::string_view name, const char** attrs) {
      if (name == "sheet" && first_rid.empty())
        if (const char* id = Sax::Attr(attrs, "id")) first_rid = id;
    };
    BANGFU_RETURN_IF_ERROR(sax.Parse(workbook, "workbook.xml"));
  }
  if (first_rid.empty()) return Error::InvalidArgument("XLSX 中没有工作表", "file");
  std::string sheet_part = "xl/worksheets/sheet1.xml";
  if (auto rels = zip->Read("xl/_rels/workbook.xml.rels", limit); rels.ok()) {
    Sax sax;
    sax.on_start = [&](std::string_view name, const char** attrs) {
      if (name != "Relationship") return;
      const char* id = Sax::Attr(attrs, "Id");
      const char* target = Sax::Attr(attrs, "Target");
      if (id && target && first_rid == id) {
        std::string t = target;
        sheet_part = t.rfind("/", 0) == 0 ? t.substr(1) : "xl/" + t;
      }
    };
    BANGFU_RETURN_IF_ERROR(sax.Parse(*rels, "workbook.xml.rels"));
  }

  std::vector<std::string> shared;
  if (auto sst = zip->Read("xl/sharedStrings.xml", limit); sst.ok()) {
    Sax sax;
    bool in_si = false, in_t = false, in_rph = false;
    std::string cur;
    sax.on_start = [&](std::string_view name, const char**) {
      if (name == "si") { in_si = true; cur.clear(); }
      else if (name == "t" && in_si && !in_rph) in_t = true;
      else if (name == "rPh") in_rph = true;  // Phonetic runs are not part of the text.
    };
    sax.on_end = [&](std::string_view name) {
      if (name == "si") { in_si = false; shared.push_back(cur); }
      else if (name == "t") in_t = false;
      else if (name == "rPh") in_rph = false;
    };
    sax.on_text = [&](std::string_view text) { if (in_t) cur.append(text); };
    BANGFU_RETURN_IF_ERROR(sax.Parse(*sst, "sharedStrings.xml"));
  }

  std::vector<bool> date_style;  // By cellXfs index.
  if (auto styles = zip->Read("xl/styles.xml", limit); styles.ok()) {
    std::map<int, std::string> custom;
    std::vector<int> xf_formats;
    bool in_xfs = false;
    Sax sax;
    sax.on_start = [&](std::string_view name, const char** attrs) {
      if (name == "numFmt") {
        const char* id = Sax::Attr(attrs, "numFmtId");
        const char* code = Sax::Attr(attrs, "formatCode");
        if (id && code) custom[std::atoi(id)] = code;
      } else if (name == "cellXfs") {
        in_xfs = true;
      } else if (name == "xf" && in_xfs) {
        const char* id = Sax::Attr(attrs, "numFmtId");
        xf_formats.push_back(id ? std::atoi(id) : 0);
      }
    };
    sax.on_end = [&](std::string_view name) { if (name == "cellXfs") in_xfs = false; };
    BANGFU_RETURN_IF_ERROR(sax.Parse(*styles, "styles.xml"));
    for (int f : xf_formats) date_style.push_back(IsDateFormat(f, custom));
  }

  BANGFU_ASSIGN_OR_RETURN(std::string sheet, zip->Read(sheet_part, limit));
  std::vector<csv::Row> rows;
  Records records;
  {
    Sax sax;
    csv::Row row;
    int cur_row = 0, cur_col = 0, next_col = 0;
    std::string type, value;
    int style = -1;
    bool in_v = false, in_is_t = false, in_cell = false;
    Status error;
    sax.on_start = [&](std::string_view name, const char** attrs) {
      if (name == "row") {
        const char* r = Sax::Attr(attrs, "r");
        cur_row = r ? std::atoi(r) : cur_row + 1;
        row = csv::Row{cur_row, {}};
        next_col = 0;
      } else if (name == "c") {
        in_cell = true;
        const char* ref = Sax::Attr(attrs, "r");
        int c = next_col, r = cur_row;
        if (ref && !ParseCellRef(ref, &c, &r)) {
          if (error.ok()) error = Error::InvalidArgument(std::string("XLSX 单元格引用错误: ") + ref, "file");
          c = next_col;
        }
        cur_col = c;
        next_col = c + 1;
        const char* t = Sax::Attr(attrs, "t");
        type = t ? t : "n";
        const char* s = Sax::Attr(attrs, "s");
        style = s ? std::atoi(s) : -1;
        value.clear();
      } else if (name == "v" && in_cell) {
        in_v = true;
      } else if (name == "t" && in_cell) {
        in_is_t = true;
      } else if (name == "mergeCell") {
        const char* ref = Sax::Attr(attrs, "ref");
        if (!ref) return;
        std::string_view r(ref);
        size_t colon = r.find(':');
        int c1, r1, c2, r2;
        if (colon != std::string_view::npos && ParseCellRef(r.substr(0, colon), &c1, &r1) &&
            ParseCellRef(r.substr(colon + 1), &c2, &r2))
          records.merged_rows.push_back({r1, r2});
      }
    };
    sax.on_text = [&](std::string_view text) {
      if (in_v || in_is_t) value.append(text);
    };
    sax.on_end = [&](std::string_view name) {
      if (name == "v") in_v = false;
      else if (name == "t") in_is_t = false;
      else if (name == "c") {
        in_cell = false;
        std::string text;
        if (type == "s") {
          size_t idx = static_cast<size_t>(std::strtoull(value.c_str(), nullptr, 10));
          if (idx < shared.size()) text = shared[idx];
          else if (error.ok()) error = Error::InvalidArgument("XLSX 共享字符串索引越界", "file");
        } else if (type == "b") {
          text = value == "1" ? "TRUE" : "FALSE";
        } else if (type == "n" && style >= 0 && static_cast<size_t>(style) < date_style.size() &&
                   date_style[style] && !value.empty()) {
          // Excel serial date (1900 system; serial 60 is the fictional 1900-02-29).
          double serial = std::strtod(value.c_str(), nullptr);
          int days = static_cast<int>(std::floor(serial));
          if (days > 60) --days;
          if (days >= 1 && days < 2958466) {
            text = Date::FromYmdUnchecked(1899, 12, 31).AddDays(days).ToString();
          } else {
            text = value;
          }
        } else {
          text = value;
        }
        if (cur_col >= static_cast<int>(row.fields.size())) row.fields.resize(cur_col + 1);
        row.fields[cur_col] = std::move(text);
      } else if (name == "row") {
        rows.push_back(std::move(row));
        row = csv::Row{};
      }
    };
    BANGFU_RETURN_IF_ERROR(sax.Parse(sheet, sheet_part));
    BANGFU_RETURN_IF_ERROR(error);
  }
  // ToTable finds the header; a merge touching it makes columns ambiguous.
  for (auto& row : rows) {
    records.lines.push_back(row.line);
    records.first.push_back(records.table.cells.size());
    for (auto& f : row.fields) records.table.cells.push_back(records.table.text.emplace_back(std::move(f)));
  }
  return ToTable(std::move(records), "xlsx", "UTF-8", options);
}

}  // namespace

Result<Table> ReadTable(std::string_view bytes, const ReadTableOptions& options) {
  if (static_cast<int64_t>(bytes.size()) > options.max_bytes)
    return Error::TooLarge("文件超过 " + std::to_string(options.max_bytes >> 20) + " MB 上限");
  if (bytes.size() >= 4 && bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4))
    return ReadXlsx(bytes, options);
  Records r;
  std::string encoding = "UTF-8";
  if (!IsValidUtf8(bytes)) {
    BANGFU_ASSIGN_OR_RETURN(std::string utf8, Gb18030ToUtf8(bytes));
    encoding = "GB18030";
    bytes = r.table.text.emplace_back(std::move(utf8));
  }
  if (bytes.find('\0') != std::string_view::npos)
    return Error::InvalidArgument("文件不是文本表格（含有二进制内容）", "file");
  // Room for every cell (one per separator or line end), so the cells are not moved as they grow.
  const size_t lines = std::count(bytes.begin(), bytes.end(), '\n') + 1;
  ReserveHuge(r.table.cells, lines + std::count(bytes.begin(), bytes.end(), ','));
  ReserveHuge(r.lines, lines);
  ReserveHuge(r.first, lines + 1);
  csv::Reader reader(bytes);
  int64_t line = 0;
  while (true) {
    const size_t first = r.table.cells.size();
    BANGFU_ASSIGN_OR_RETURN(bool more, reader.Next(r.table.cells, line, r.table.text));
    if (!more) break;
    r.lines.push_back(line);
    r.first.push_back(first);
  }
  return ToTable(std::move(r), "csv", encoding, options);
}

int FindColumn(const Table& table, std::initializer_list<std::string_view> names) {
  for (auto name : names)
    for (size_t i = 0; i < table.header.size(); ++i)
      if (table.header[i] == name) return static_cast<int>(i);
  return -1;
}

Result<Date> ParseCellDate(std::string_view text, std::string_view field, bool month_is_enough) {
  const std::string_view cell = Trim(text);
  // 2026年6月30日 → 2026-6-30, 2026年6月 → 2026-6.
  std::string plain;
  for (size_t i = 0; i < cell.size();) {
    const std::string_view three = cell.substr(i, 3);
    if (three == "年" || three == "月") {
      plain += '-';
      i += 3;
    } else if (three == "日" || three == "号") {
      i += 3;
    } else {
      plain += cell[i++];
    }
  }
  while (!plain.empty() && plain.back() == '-') plain.pop_back();
  auto full = Date::Parse(plain, field);
  if (full.ok()) return full;
  const std::string quoted = "\"" + std::string(cell) + "\"";
  // A whole date that does not exist (2026-02-30): Date::Parse says so.
  if (std::count_if(plain.begin(), plain.end(), [](char c) { return c == '-' || c == '/' || c == '.'; }) == 2 ||
      plain.size() == 8)
    return Error::InvalidArgument(full.error().message, std::string(field));
  // A month alone (2026-06, 2026.6, 202606, 2026年6月), read as the data imports read months.
  if (auto month = domain::ParseYearMonth(cell, field); month.ok()) {
    if (!month_is_enough)
      return Error::InvalidArgument("只有年月，请写到日（如 " + month->ToString() + "）: " + quoted,
                                    std::string(field));
    return month->AddMonths(1).AddDays(-1);
  }
  return Error::InvalidArgument(std::string("日期格式应为 YYYY-MM-DD（也可写 2026/6/30、20260630、2026年6月30日") +
                                    (month_is_enough ? "，或只写年月：2026-06、2026年6月" : "") + "）: " + quoted,
                                std::string(field));
}

std::string MissingColumn(const Table& table, std::string_view name) {
  return "缺少必需的列: " + std::string(name) + "（表头取自第 " + std::to_string(table.header_line) +
         " 行；表头须在文件的前 " + std::to_string(ReadTableOptions::kMaxTitleRows) + " 个非空行内）";
}

std::vector<std::string> UnusedColumns(const Table& table, const std::vector<int>& used) {
  std::vector<std::string> out;
  for (size_t i = 0; i < table.header.size(); ++i)
    if (!table.header[i].empty() && std::find(used.begin(), used.end(), static_cast<int>(i)) == used.end())
      out.push_back(table.header[i]);
  return out;
}

std::vector<std::string> SplitList(std::string_view s) {
  std::vector<std::string> out;
  size_t begin = 0;
  auto flush = [&](size_t end) {
    const std::string_view item = s.substr(begin, end - begin);
    const size_t a = item.find_first_not_of(' '), b = item.find_last_not_of(' ');
    if (a != std::string_view::npos) out.emplace_back(item.substr(a, b - a + 1));
  };
  for (size_t i = 0; i < s.size();) {
    // Multi-byte separators: 、(E3 80 81) ，(EF BC 8C) ；(EF BC 9B)
    const std::string_view three = s.substr(i, 3);
    const size_t sep = three == "\xE3\x80\x81" || three == "\xEF\xBC\x8C" || three == "\xEF\xBC\x9B" ? 3
                       : s[i] == ',' || s[i] == ';' || s[i] == '|' || s[i] == '/'          ? 1
                                                                                           : 0;
    if (sep == 0) {
      ++i;
      continue;
    }
    flush(i);
    i += sep;
    begin = i;
  }
  flush(s.size());
  return out;
}

}  // namespace bangfu::service
