// The title normaliser (noise stripping, ICU segmentation, index lookup) on arbitrary bytes:
// no crash; the answer is nothing or a code of the taxonomy with a score in [0, 2].
#include <cstdint>
#include <memory>
#include <string>

#include "bangfu/match/normalizer.h"

using namespace bangfu::match;

namespace {
const Taxonomy& Tax() {
  static const Taxonomy tax = *Taxonomy::FromCsv(
      "level,code,code_num,name,definition,tasks,csco_code_num,alias\n"
      "1,4-00-00-00,,社会生产服务和生活服务人员,,,,\n"
      "2,4-07-00-00,,租赁和商务服务人员,,,,\n"
      "3,4-07-05-00,,安全保护服务人员,,,,\n"
      "4,4-07-05-01,,保安员,从事安全防范的人员。,,,\"保安,门卫,安保\"\n"
      "4,4-07-05-02,,安检员,,,,安检\n"
      "4,4-09-08-01,,保洁员,,,,\"保洁,清洁工\"\n"
      "4,2-02-10-03,,计算机软件工程技术人员,,,,\"Java开发,软件工程师/程序员\"\n",
      nullptr);
  return tax;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::unique_ptr<Normalizer> ours = Normalizer::Create(Tax());
  static const std::unique_ptr<Normalizer> bm25 = Normalizer::Create(Tax(), NormalizerKind::kBm25);
  std::string s(reinterpret_cast<const char*>(data), size);
  for (const Normalizer* n : {ours.get(), bm25.get()}) {
    const NormalizeResult r = n->Normalize(s);
    if (r.code != 0 && Tax().Get(r.code) == nullptr) __builtin_trap();
    if (r.code == 0 && !r.name.empty()) __builtin_trap();
    if (n == ours.get() && (r.score < 0 || r.score > 2)) __builtin_trap();
  }
  return 0;
}
