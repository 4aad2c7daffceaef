// Large buffers that an import fills once (its cells, its people) asking the kernel for 2 MB
// pages. Touching fresh memory costs a fault per 4 KB page, and on a virtual machine each fault
// is a costly trap: a million-row import touches about a gigabyte, which in 4 KB pages took
// seconds. Only memory not yet touched is affected; elsewhere (or without transparent huge
// pages) the advice is a no-op.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace bangfu {

// Advises huge pages for the whole 2 MB pages inside [data, data + bytes).
inline void AdviseHugePages(const void* data, size_t bytes) {
  constexpr uintptr_t kHuge = uintptr_t{2} << 20;
  const uintptr_t begin = (reinterpret_cast<uintptr_t>(data) + kHuge - 1) & ~(kHuge - 1);
  const uintptr_t end = (reinterpret_cast<uintptr_t>(data) + bytes) & ~(kHuge - 1);
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

// v.reserve(n), with huge pages for the new buffer.
template <typename T>
void ReserveHuge(std::vector<T>& v, size_t n) {
  if (n <= v.capacity()) return;
  v.reserve(n);
  AdviseHugePages(v.data(), n * sizeof(T));
}

}  // namespace bangfu
