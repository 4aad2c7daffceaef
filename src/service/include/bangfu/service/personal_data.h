// Encryption of personal identifiers (ID numbers, mobile numbers) at rest.
//
// Each value is stored as ciphertext (XChaCha20-Poly1305, random nonce) next to a keyed hash
// (BLAKE2b with a separate key) of its normalised form. The hash finds a person by exact ID or
// mobile number and detects duplicates without decrypting anything; without the key file
// neither can be reversed or brute-forced from the database alone.
//
// The keys live in one file outside the database (default DATA_DIR/keys/personal-data.key,
// mode 0600 in a 0700 directory), created at first start. Every process that serves the same
// database needs the same key file; losing it makes the stored identifiers unreadable.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "bangfu/base/result.h"

namespace bangfu::service {

class PersonalDataCipher {
 public:
  // Reads the key file, or creates it (and its directory) with fresh random keys when it does
  // not exist. kFailedPrecondition when it exists but is malformed or readable by others.
  static Result<PersonalDataCipher> LoadOrCreate(const std::filesystem::path& key_file);
  // Keys from 64 bytes of material (tests and benchmarks).
  static PersonalDataCipher FromKeyMaterial(std::string_view material64);

  // "v1." + base64url(nonce || ciphertext || tag). Thread-safe.
  std::string Encrypt(std::string_view plaintext) const;
  // kInvalidArgument when the text is not ours or was tampered with.
  Result<std::string> Decrypt(std::string_view ciphertext) const;
  // The raw 32-byte digest (stored as BLOB/BYTEA); equal inputs, equal outputs under one key.
  std::string BlindIndex(std::string_view normalised) const;

 private:
  PersonalDataCipher() = default;
  unsigned char enc_key_[32] = {};
  unsigned char hash_key_[32] = {};
};

}  // namespace bangfu::service
