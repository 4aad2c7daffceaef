// Writing an XLSX export: libxlsxwriter writes to a file, the API sends bytes.
#pragma once

#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <unistd.h>

#include "bangfu/base/date.h"
#include "bangfu/base/result.h"

namespace bangfu::service {

// A private temporary path for one export.
inline std::filesystem::path TempXlsxPath(std::string_view tag, Timestamp now) {
  return std::filesystem::temp_directory_path() /
         fmt::format("bangfu-{}-{}-{}.xlsx", tag, ::getpid(), now.micros);
}

// Closes the workbook and returns the file's bytes; the file is removed either way.
inline Result<std::string> FinishWorkbook(lxw_workbook* wb, const std::filesystem::path& path) {
  const bool ok = workbook_close(wb) == LXW_NO_ERROR;
  std::string bytes;
  if (ok) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    bytes = ss.str();
  }
  std::error_code ec;
  std::filesystem::remove(path, ec);
  if (!ok || bytes.empty()) return Error::Unavailable("写入导出文件失败");
  return bytes;
}

}  // namespace bangfu::service
