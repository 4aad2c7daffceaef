#include "bangfu/service/personal_data.h"

#include <pthread.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <fstream>
#include <sstream>

namespace bangfu::service {
namespace fs = std::filesystem;

namespace {
constexpr char kPrefix[] = "v1.";
constexpr char kFileHeader[] = "bangfu-personal-data-key-v1\n";

// Random nonces drawn from the system CSPRNG a few kilobytes at a time instead of one
// getrandom() call per encrypted field (an import encrypts two fields per row). Per thread;
// a forked child starts over with fresh randomness so parent and child never share nonces.
std::atomic<uint64_t> fork_generation{0};
void FillNonce(unsigned char* out, size_t n) {
  static const bool registered = [] {
    pthread_atfork(nullptr, nullptr, [] { fork_generation.fetch_add(1); });
    return true;
  }();
  (void)registered;
  constexpr size_t kPool = 4096;
  thread_local unsigned char pool[kPool];
  thread_local size_t used = kPool;
  thread_local uint64_t generation = 0;
  const uint64_t now = fork_generation.load(std::memory_order_relaxed);
  if (generation != now || used + n > kPool) {
    randombytes_buf(pool, kPool);
    used = 0;
    generation = now;
  }
  std::memcpy(out, pool + used, n);
  sodium_memzero(pool + used, n);  // A nonce is handed out once.
  used += n;
}

// Unpadded base64url of [in, in + n) into `out`, exactly what sodium_bin2base64 writes with
// sodium_base64_VARIANT_URLSAFE_NO_PADDING. Plain table lookups: the ciphertext is public, so
// it needs none of libsodium's constant-time encoding, which was a third of an import's CPU.
size_t Base64UrlLength(size_t n) { return n / 3 * 4 + (n % 3 ? n % 3 + 1 : 0); }
void Base64Url(const unsigned char* in, size_t n, char* out) {
  static constexpr char kDigits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    const uint32_t v = (uint32_t{in[i]} << 16) | (uint32_t{in[i + 1]} << 8) | in[i + 2];
    *out++ = kDigits[v >> 18];
    *out++ = kDigits[(v >> 12) & 63];
    *out++ = kDigits[(v >> 6) & 63];
    *out++ = kDigits[v & 63];
  }
  if (n - i == 1) {
    *out++ = kDigits[in[i] >> 2];
    *out++ = kDigits[(in[i] & 3) << 4];
  } else if (n - i == 2) {
    const uint32_t v = (uint32_t{in[i]} << 8) | in[i + 1];
    *out++ = kDigits[v >> 10];
    *out++ = kDigits[(v >> 4) & 63];
    *out++ = kDigits[(v & 15) << 2];
  }
}
}  // namespace

PersonalDataCipher PersonalDataCipher::FromKeyMaterial(std::string_view material) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  PersonalDataCipher c;
  // Derive both keys from the material so any 64-byte input gives independent keys.
  crypto_generichash(c.enc_key_, sizeof c.enc_key_,
                     reinterpret_cast<const unsigned char*>(material.data()), material.size(),
                     reinterpret_cast<const unsigned char*>("bangfu-enc-key-derivation-1234"), 30);
  crypto_generichash(c.hash_key_, sizeof c.hash_key_,
                     reinterpret_cast<const unsigned char*>(material.data()), material.size(),
                     reinterpret_cast<const unsigned char*>("bangfu-hash-key-derivation-123"), 30);
  return c;
}

Result<PersonalDataCipher> PersonalDataCipher::LoadOrCreate(const fs::path& key_file) {
  if (sodium_init() < 0) return Error::Internal("libsodium 初始化失败");
  std::error_code ec;
  if (!fs::exists(key_file, ec)) {
    fs::create_directories(key_file.parent_path(), ec);
    if (ec) return Error::Unavailable("无法创建密钥目录 " + key_file.parent_path().string());
    ::chmod(key_file.parent_path().c_str(), 0700);
    unsigned char material[64];
    randombytes_buf(material, sizeof material);
    char hex[sizeof material * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, material, sizeof material);
    sodium_memzero(material, sizeof material);
    const fs::path tmp = key_file.string() + ".tmp";
    {
      // Create with 0600 before writing anything.
      std::FILE* f = std::fopen(tmp.c_str(), "wx");
      if (!f) return Error::Unavailable("无法创建密钥文件 " + tmp.string());
      ::chmod(tmp.c_str(), 0600);
      std::fputs(kFileHeader, f);
      std::fputs(hex, f);
      std::fputs("\n", f);
      const bool ok = std::fflush(f) == 0 && ::fsync(fileno(f)) == 0;
      std::fclose(f);
      if (!ok) return Error::Unavailable("写入密钥文件失败 " + tmp.string());
    }
    sodium_memzero(hex, sizeof hex);
    fs::rename(tmp, key_file, ec);
    if (ec) return Error::Unavailable("无法保存密钥文件 " + key_file.string());
  }
  struct stat st {};
  if (::stat(key_file.c_str(), &st) != 0) return Error::Unavailable("无法读取密钥文件 " + key_file.string());
  if (st.st_mode & 077)
    return Error::FailedPrecondition("密钥文件权限过宽（应为 0600）: " + key_file.string());
  std::ifstream in(key_file);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  if (text.rfind(kFileHeader, 0) != 0)
    return Error::FailedPrecondition("密钥文件格式不正确: " + key_file.string());
  std::string hex = text.substr(std::strlen(kFileHeader));
  while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r')) hex.pop_back();
  unsigned char material[64];
  size_t len = 0;
  if (hex.size() != 128 ||
      sodium_hex2bin(material, sizeof material, hex.data(), hex.size(), nullptr, &len, nullptr) != 0 ||
      len != sizeof material)
    return Error::FailedPrecondition("密钥文件内容不正确: " + key_file.string());
  PersonalDataCipher c =
      FromKeyMaterial(std::string_view(reinterpret_cast<char*>(material), sizeof material));
  sodium_memzero(material, sizeof material);
  return c;
}

std::string PersonalDataCipher::Encrypt(std::string_view plaintext) const {
  constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  const size_t bin_len = kNonce + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  // Identifiers are short: nonce and ciphertext on the stack, one allocation for the result.
  unsigned char small[256];
  std::string large;
  unsigned char* bin = small;
  if (bin_len > sizeof small) {
    large.resize(bin_len);
    bin = reinterpret_cast<unsigned char*>(large.data());
  }
  FillNonce(bin, kNonce);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      bin + kNonce, &clen, reinterpret_cast<const unsigned char*>(plaintext.data()),
      plaintext.size(), reinterpret_cast<const unsigned char*>(kPrefix), 2, nullptr, bin, enc_key_);
  const size_t prefix = sizeof kPrefix - 1;
  std::string out(prefix + Base64UrlLength(bin_len), '\0');
  std::memcpy(out.data(), kPrefix, prefix);
  Base64Url(bin, bin_len, out.data() + prefix);
  return out;
}

Result<std::string> PersonalDataCipher::Decrypt(std::string_view text) const {
  auto bad = [] { return Error::InvalidArgument("密文无法解密（密钥不符或数据被篡改）"); };
  if (text.substr(0, 3) != kPrefix) return bad();
  text.remove_prefix(3);
  std::string bin(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(), text.data(),
                        text.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    return bad();
  constexpr size_t kOverhead =
      crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (len < kOverhead) return bad();
  const auto* nonce = reinterpret_cast<const unsigned char*>(bin.data());
  std::string plain(len - kOverhead, '\0');
  unsigned long long plen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &plen, nullptr,
          nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
          len - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
          reinterpret_cast<const unsigned char*>(kPrefix), 2, nonce, enc_key_) != 0)
    return bad();
  plain.resize(plen);
  return plain;
}

std::string PersonalDataCipher::BlindIndex(std::string_view normalised) const {
  std::string digest(32, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(digest.data()), digest.size(),
                     reinterpret_cast<const unsigned char*>(normalised.data()), normalised.size(),
                     hash_key_, sizeof hash_key_);
  return digest;
}

}  // namespace bangfu::service
