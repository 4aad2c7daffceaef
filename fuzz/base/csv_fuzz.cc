// The CSV reader: no crash; records come back with increasing line numbers; an error stops the
// reader for good.
#include <cstdint>
#include <string>

#include "bangfu/base/csv.h"

using namespace bangfu;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string s(reinterpret_cast<const char*>(data), size);
  csv::Reader reader(s);
  csv::Row row;
  int64_t last = 0;
  while (true) {
    auto more = reader.Next(row);
    if (!more.ok()) {
      if (reader.Next(row).ok()) __builtin_trap();
      break;
    }
    if (!*more) break;
    if (row.line <= last) __builtin_trap();
    last = row.line;
  }
  return 0;
}
