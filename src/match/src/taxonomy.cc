#include "bangfu/match/taxonomy.h"

#include <algorithm>
#include <cstdio>

#include "bangfu/base/csv.h"

namespace bangfu::match {
namespace {

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return std::string(s);
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Strips the 2022 markers: "…人员L", "…人员S", "…人员L/S". A marker follows a multi-byte
// (Chinese) character; names ending in Latin words are left alone.
std::string StripMarkers(std::string name, bool& digital, bool& green) {
  auto after_cjk = [&](size_t cut) {
    return cut > 0 && static_cast<unsigned char>(name[cut - 1]) >= 0x80;
  };
  if (EndsWith(name, "L/S") && after_cjk(name.size() - 3)) {
    name.resize(name.size() - 3);
    digital = green = true;
  } else if (EndsWith(name, "S") && after_cjk(name.size() - 1)) {
    name.pop_back();
    digital = true;
  } else if (EndsWith(name, "L") && after_cjk(name.size() - 1)) {
    name.pop_back();
    green = true;
  }
  return name;
}

}  // namespace

const char* LevelName(OccupationLevel level) {
  switch (level) {
    case OccupationLevel::kMajor:
      return "大类";
    case OccupationLevel::kMiddle:
      return "中类";
    case OccupationLevel::kMinor:
      return "小类";
    case OccupationLevel::kUnit:
      return "细类";
  }
  return "";
}

std::optional<OccCode> ParseOccCode(std::string_view t) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (t.size() == 10 && t[1] == '-' && t[4] == '-' && t[7] == '-') {
    const int pos[] = {0, 2, 3, 5, 6, 8, 9};
    OccCode v = 0;
    for (int p : pos) {
      if (!digit(t[p])) return std::nullopt;
      v = v * 10 + static_cast<OccCode>(t[p] - '0');
    }
    return v >= 1000000 ? std::optional<OccCode>(v) : std::nullopt;
  }
  if (t.size() == 7 && std::all_of(t.begin(), t.end(), digit) && t[0] != '0') {
    OccCode v = 0;
    for (char c : t) v = v * 10 + static_cast<OccCode>(c - '0');
    return v;
  }
  return std::nullopt;
}

std::string FormatOccCode(OccCode code) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%u-%02u-%02u-%02u", code / 1000000 % 10, code / 10000 % 100,
                code / 100 % 100, code % 100);
  return buf;
}

OccCode AncestorAt(OccCode code, OccupationLevel level) {
  switch (level) {
    case OccupationLevel::kMajor:
      return code / 1000000 * 1000000;
    case OccupationLevel::kMiddle:
      return code / 10000 * 10000;
    case OccupationLevel::kMinor:
      return code / 100 * 100;
    case OccupationLevel::kUnit:
      return code;
  }
  return code;
}

OccupationLevel ShapeLevel(OccCode code) {
  if (code % 100 != 0) return OccupationLevel::kUnit;
  if (code % 10000 != 0) return OccupationLevel::kMinor;
  if (code % 1000000 != 0) return OccupationLevel::kMiddle;
  return OccupationLevel::kMajor;
}

Result<Taxonomy> Taxonomy::FromCsv(std::string_view text, std::vector<RowIssue>* issues) {
  std::vector<RowIssue> local;
  std::vector<RowIssue>& out = issues ? *issues : local;
  csv::Reader reader(text);
  csv::Row row;
  auto first = reader.Next(row);
  if (!first.ok()) return first.error();
  if (!*first) return Error::InvalidArgument("职业分类文件为空 (empty occupation file)", "header");
  auto cols = csv::MapHeader(row, {"level", "code", "name", "definition", "tasks", "alias"});
  if (!cols.ok()) return cols.error();
  const int c_level = (*cols)[0], c_code = (*cols)[1], c_name = (*cols)[2], c_def = (*cols)[3],
            c_tasks = (*cols)[4], c_alias = (*cols)[5];

  Taxonomy tax;
  while (true) {
    auto more = reader.Next(row);
    if (!more.ok()) return more.error();
    if (!*more) break;
    auto field = [&](int c) -> std::string {
      return c < static_cast<int>(row.fields.size()) ? Trim(row.fields[c]) : std::string();
    };
    if (row.fields.size() == 1 && field(0).empty()) continue;  // Blank line.
    const std::string level_text = field(c_level);
    if (level_text.size() != 1 || level_text[0] < '1' || level_text[0] > '4') {
      out.push_back({row.line, "level", "层级应为 1 至 4，实为 \"" + level_text + "\""});
      continue;
    }
    const auto level = static_cast<OccupationLevel>(level_text[0] - '0');
    const std::string code_text = field(c_code);
    auto code = ParseOccCode(code_text);
    if (!code) {
      out.push_back({row.line, "code", "职业代码应形如 2-02-10-03，实为 \"" + code_text + "\""});
      continue;
    }
    // A leaf may sit at a shallower shape (a small class without unit groups), never deeper.
    if (static_cast<int>(ShapeLevel(*code)) > static_cast<int>(level)) {
      out.push_back(
          {row.line, "level", "代码 " + code_text + " 的层级与 level " + level_text + " 不符"});
      continue;
    }
    bool digital = false, green = false;
    std::string name = StripMarkers(field(c_name), digital, green);
    if (name.empty()) {
      out.push_back({row.line, "name", "职业名称为空"});
      continue;
    }
    std::vector<std::string> aliases;
    const std::string alias_text = field(c_alias);
    size_t start = 0;
    while (start <= alias_text.size()) {
      size_t comma = alias_text.find(',', start);
      if (comma == std::string::npos) comma = alias_text.size();
      std::string a = Trim(std::string_view(alias_text).substr(start, comma - start));
      bool d = false, g = false;
      a = StripMarkers(std::move(a), d, g);
      if (!a.empty() && a != name && std::find(aliases.begin(), aliases.end(), a) == aliases.end())
        aliases.push_back(std::move(a));
      start = comma + 1;
    }
    auto [it, inserted] =
        tax.by_code_.emplace(*code, static_cast<int32_t>(tax.occupations_.size()));
    if (!inserted) {
      Occupation& prev = tax.occupations_[it->second];
      if (static_cast<int>(level) > static_cast<int>(prev.level)) prev.level = level;
      for (auto& a : aliases)
        if (std::find(prev.aliases.begin(), prev.aliases.end(), a) == prev.aliases.end())
          prev.aliases.push_back(std::move(a));
      out.push_back({row.line, "code", "职业代码 " + code_text + " 重复，已与先前一行合并"});
      continue;
    }
    Occupation occ;
    occ.code = *code;
    occ.level = level;
    occ.name = std::move(name);
    occ.definition = field(c_def);
    occ.tasks = field(c_tasks);
    occ.aliases = std::move(aliases);
    occ.digital = digital;
    occ.green = green;
    tax.occupations_.push_back(std::move(occ));
  }
  tax.LinkParents();
  return tax;
}

Taxonomy Taxonomy::FromOccupations(std::vector<Occupation> occupations) {
  Taxonomy tax;
  for (auto& occ : occupations) {
    if (!tax.by_code_.emplace(occ.code, static_cast<int32_t>(tax.occupations_.size())).second) continue;
    occ.parent = -1;
    tax.occupations_.push_back(std::move(occ));
  }
  tax.LinkParents();
  return tax;
}

void Taxonomy::LinkParents() {
  for (auto& occ : occupations_) {
    for (int l = static_cast<int>(ShapeLevel(occ.code)) - 1; l >= 1; --l) {
      const int32_t p = Find(AncestorAt(occ.code, static_cast<OccupationLevel>(l)));
      if (p >= 0) {
        occ.parent = p;
        break;
      }
    }
  }
}

int32_t Taxonomy::Find(OccCode code) const {
  auto it = by_code_.find(code);
  return it == by_code_.end() ? -1 : it->second;
}

const Occupation* Taxonomy::Get(OccCode code) const {
  const int32_t i = Find(code);
  return i < 0 ? nullptr : &occupations_[i];
}

OccCode Taxonomy::PresentAncestor(OccCode code, OccupationLevel level) const {
  for (int l = static_cast<int>(level); l >= 1; --l) {
    const OccCode a = AncestorAt(code, static_cast<OccupationLevel>(l));
    if (Find(a) >= 0) return a;
  }
  return 0;
}

}  // namespace bangfu::match
