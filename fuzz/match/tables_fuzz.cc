// The postings, persons and labelled-pairs readers: no crash; what one reads, written back and
// read again, is the same; a matcher accepts or names the field of every record read.
#include <cstdint>
#include <string>

#include "bangfu/match/dataset.h"

using namespace bangfu::match;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string s(reinterpret_cast<const char*>(data), size);
  Matcher m;
  if (auto postings = PostingsFromCsv(s); postings.ok()) {
    const std::string again = PostingsToCsv(*postings);
    auto back = PostingsFromCsv(again);
    if (!back.ok() || PostingsToCsv(*back) != again) __builtin_trap();
    for (const auto& p : *postings)
      if (auto r = m.UpsertPosting(p); !r.ok() && r.error().field.empty()) __builtin_trap();
  }
  if (auto persons = PersonsFromCsv(s); persons.ok()) {
    const std::string again = PersonsToCsv(*persons);
    auto back = PersonsFromCsv(again);
    if (!back.ok() || PersonsToCsv(*back) != again) __builtin_trap();
    for (const auto& a : *persons) {
      if (auto r = m.UpsertPerson(a); !r.ok() && r.error().field.empty()) __builtin_trap();
      (void)m.PostingsFor(a, 5, true);
    }
  }
  (void)PairsFromTsv(s);
  return 0;
}
