#include "bangfu/base/result.h"

#include <gtest/gtest.h>

#include <memory>

namespace bangfu {
namespace {

Result<int> Half(int x) {
  if (x % 2) return Error::InvalidArgument("odd", "x");
  return x / 2;
}

Result<int> Quarter(int x) {
  BANGFU_ASSIGN_OR_RETURN(int h, Half(x));
  BANGFU_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

Status Check(int x) {
  BANGFU_RETURN_IF_ERROR(Half(x));
  return OkStatus();
}

TEST(ResultTest, CarriesValueOrError) {
  EXPECT_EQ(*Quarter(8), 2);
  auto r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, "x");
  EXPECT_EQ(r.error().ToString(), "invalid_argument: odd (x)");
  EXPECT_TRUE(Check(4).ok());
  EXPECT_FALSE(Check(3).ok());
}

TEST(ResultTest, MoveOnlyValues) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(7);
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 7);
}

TEST(ResultTest, CodeNamesAreStable) {
  EXPECT_STREQ(ErrorCodeName(ErrorCode::kNotFound), "not_found");
  EXPECT_STREQ(ErrorCodeName(ErrorCode::kResourceExhausted), "resource_exhausted");
}

}  // namespace
}  // namespace bangfu
