#include "bangfu/service/personal_data.h"

#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace bangfu::service {
namespace {
namespace fs = std::filesystem;

class PersonalDataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("bangfu-keys-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(PersonalDataTest, CreatesKeyFileWithTightPermissionsAndReloadsIt) {
  const fs::path key = dir_ / "keys" / "personal-data.key";
  auto a = PersonalDataCipher::LoadOrCreate(key);
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  struct stat st {};
  ASSERT_EQ(::stat(key.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(key.parent_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  const std::string id = "50015319900101123X";
  std::string ct = a->Encrypt(id);
  EXPECT_EQ(ct.find(id), std::string::npos);
  EXPECT_NE(a->Encrypt(id), ct);  // Random nonces.
  auto b = PersonalDataCipher::LoadOrCreate(key);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b->Decrypt(ct), id);
  EXPECT_EQ(a->BlindIndex(id), b->BlindIndex(id));
  EXPECT_NE(a->BlindIndex(id), a->BlindIndex("500153199001011231"));
  EXPECT_EQ(a->BlindIndex(id).size(), 32u);  // The raw BLAKE2b-256 digest.
}

TEST_F(PersonalDataTest, RefusesLooseOrBrokenKeyFiles) {
  const fs::path key = dir_ / "personal-data.key";
  ASSERT_TRUE(PersonalDataCipher::LoadOrCreate(key).ok());
  fs::permissions(key, fs::perms::owner_read | fs::perms::group_read);
  EXPECT_EQ(PersonalDataCipher::LoadOrCreate(key).error().code, ErrorCode::kFailedPrecondition);
  fs::remove(key);
  { std::ofstream(key) << "garbage\n"; }
  fs::permissions(key, fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(PersonalDataCipher::LoadOrCreate(key).error().code, ErrorCode::kFailedPrecondition);
}

TEST_F(PersonalDataTest, DetectsTamperingAndForeignKeys) {
  auto a = PersonalDataCipher::FromKeyMaterial(std::string(64, 'a'));
  auto b = PersonalDataCipher::FromKeyMaterial(std::string(64, 'b'));
  std::string ct = a.Encrypt("13812345678");
  EXPECT_FALSE(b.Decrypt(ct).ok());
  std::string flipped = ct;
  flipped[10] = flipped[10] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(a.Decrypt(flipped).ok());
  EXPECT_FALSE(a.Decrypt("v1.").ok());
  EXPECT_FALSE(a.Decrypt("plain").ok());
  EXPECT_EQ(*a.Decrypt(a.Encrypt("")), "");
  EXPECT_NE(a.BlindIndex("x"), b.BlindIndex("x"));
}

TEST_F(PersonalDataTest, CiphertextIsV1AndUnpaddedBase64UrlAsLibsodiumWritesIt) {
  auto a = PersonalDataCipher::FromKeyMaterial(std::string(64, 'a'));
  for (size_t len = 0; len <= 70; ++len) {
    const std::string plain(len, static_cast<char>('0' + len % 10));
    const std::string ct = a.Encrypt(plain);
    ASSERT_EQ(ct.substr(0, 3), "v1.");
    const std::string body = ct.substr(3);
    // Decoded and encoded again by libsodium: the same text, so stored values keep one format.
    std::string bin(body.size(), '\0');
    size_t bin_len = 0;
    ASSERT_EQ(sodium_base642bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(), body.data(),
                                body.size(), nullptr, &bin_len, nullptr,
                                sodium_base64_VARIANT_URLSAFE_NO_PADDING),
              0)
        << len;
    EXPECT_EQ(bin_len, len + 24 + 16);  // Nonce, ciphertext, tag.
    std::string again(sodium_base64_encoded_len(bin_len, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(again.data(), again.size(), reinterpret_cast<const unsigned char*>(bin.data()),
                      bin_len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    EXPECT_EQ(again.c_str(), body) << len;
    EXPECT_EQ(*a.Decrypt(ct), plain);
  }
}

}  // namespace
}  // namespace bangfu::service
