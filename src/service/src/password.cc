#include <argon2.h>
#include <sodium.h>

#include <stdexcept>
#include <string>

#include "bangfu/service/user_service.h"

namespace bangfu::service {
namespace {
PasswordCost& CurrentCost() {
  static PasswordCost cost;
  return cost;
}
}  // namespace

void SetPasswordCost(PasswordCost cost) { CurrentCost() = cost; }

std::string HashPassword(const std::string& password) {
  const PasswordCost cost = CurrentCost();
  unsigned char salt[16];
  randombytes_buf(salt, sizeof salt);
  const size_t len = argon2_encodedlen(cost.iterations, cost.memory_kib, cost.parallelism,
                                       sizeof salt, 32, Argon2_id);
  std::string encoded(len, '\0');
  int rc = argon2id_hash_encoded(cost.iterations, cost.memory_kib, cost.parallelism,
                                 password.data(), password.size(), salt, sizeof salt, 32,
                                 encoded.data(), encoded.size());
  if (rc != ARGON2_OK) throw std::runtime_error(std::string("argon2: ") + argon2_error_message(rc));
  encoded.resize(encoded.find('\0') == std::string::npos ? encoded.size() : encoded.find('\0'));
  return encoded;
}

bool VerifyPassword(const std::string& password, const std::string& encoded_hash) {
  if (encoded_hash.rfind("$argon2id$", 0) != 0) return false;
  return argon2id_verify(encoded_hash.c_str(), password.data(), password.size()) == ARGON2_OK;
}

}  // namespace bangfu::service
