// The Chinese words for the policy module's machine names (pack.h: Label, LimitText, Parse…).
#include <fmt/format.h>

#include "bangfu/domain/org_types.h"
#include "bangfu/policy/pack.h"

namespace bangfu::policy {
namespace {

template <typename E, size_t N>
std::string_view Pick(const std::string_view (&words)[N], E e) {
  const auto i = static_cast<size_t>(e);
  return i < N ? words[i] : std::string_view();
}

// The enum whose Name is `name`, trying every value below `count`.
template <typename E>
std::optional<E> ParseByName(std::string_view name, int count) {
  for (int i = 0; i < count; ++i)
    if (Name(static_cast<E>(i)) == name) return static_cast<E>(i);
  return std::nullopt;
}

}  // namespace

std::string_view Label(SubjectKind k) {
  static constexpr std::string_view w[] = {"人员", "就业记录",       "经营主体", "见习",
                                           "培训", "公益性岗位安置", "用人单位"};
  return Pick(w, k);
}

std::string_view Label(PayeeKind k) {
  static constexpr std::string_view w[] = {"个人", "用人单位", "经营主体", "基地", "培训机构"};
  return Pick(w, k);
}

std::string_view Label(Outcome o) {
  static constexpr std::string_view w[] = {"不符合", "符合", "数据缺失，无法判定", "参数未设置"};
  return Pick(w, o);
}

std::string_view Label(LimitApplied l) {
  static constexpr std::string_view w[] = {"", "已享受过", "本次已由同组享受", "封顶核减", "升级补差"};
  return Pick(w, l);
}

std::string LimitText(LimitApplied l, int64_t amount_fen, std::string_view group) {
  const std::string money = domain::FormatYuan(amount_fen) + "元";
  switch (l) {
    case LimitApplied::kNone:
      return "";
    case LimitApplied::kAlreadyPaid:
      return "此前已领取过这项补贴（或同一不重复享受组中的补贴），本次不再发放";
    case LimitApplied::kTakenInRun:
      return "本次认定中同一对象已有同一不重复享受组的另一笔补贴，本项不再重复发放";
    case LimitApplied::kCapped:
      return fmt::format("金额按封顶标准或剩余额度核减为 {}", money);
    case LimitApplied::kTopUp:
      if (group.empty()) return fmt::format("升级到更高标准，补发差额 {}（此前已按较低标准领取）", money);
      return fmt::format("升级到更高标准，补发差额 {}（此前已按较低标准领取「{}」）", money, group);
  }
  return "";
}

std::optional<SubjectKind> ParseSubjectKind(std::string_view name) {
  return ParseByName<SubjectKind>(name, static_cast<int>(SubjectKind::kEmployer) + 1);
}
std::optional<PayeeKind> ParsePayeeKind(std::string_view name) {
  return ParseByName<PayeeKind>(name, static_cast<int>(PayeeKind::kInstitution) + 1);
}
std::optional<Outcome> ParseOutcome(std::string_view name) {
  return ParseByName<Outcome>(name, static_cast<int>(Outcome::kNotConfigured) + 1);
}
std::optional<LimitApplied> ParseLimitApplied(std::string_view name) {
  return ParseByName<LimitApplied>(name, static_cast<int>(LimitApplied::kTopUp) + 1);
}

}  // namespace bangfu::policy
