// Lookup helpers shared by the enumeration tables of the domain (id or Chinese label → value,
// value → its table entry).
#pragma once

#include <initializer_list>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "bangfu/domain/person_types.h"

namespace bangfu::domain::internal {

// The value whose id or label is `key`, else the first alias that matches, else nullopt.
template <typename E>
std::optional<E> Find(const std::vector<EnumInfo<E>>& all, std::string_view key,
                      std::initializer_list<std::pair<std::string_view, E>> aliases = {}) {
  for (const auto& i : all)
    if (i.id == key || i.label == key) return i.value;
  for (const auto& [alias, value] : aliases)
    if (alias == key) return value;
  return std::nullopt;
}

// The entry of `value`; the first entry when the table lacks it (tables are complete).
template <typename E>
const EnumInfo<E>& Info(const std::vector<EnumInfo<E>>& all, E value) {
  for (const auto& i : all)
    if (i.value == value) return i;
  return all.front();
}

}  // namespace bangfu::domain::internal
