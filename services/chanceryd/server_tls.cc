#include "services/chanceryd/server_tls.h"

#include <grpcpp/security/tls_certificate_provider.h>
#include <grpcpp/security/tls_credentials_options.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace chancery::chanceryd {
namespace {

// How often gRPC looks at the private copies: how soon after a reload new
// connections get the new certificates.
constexpr unsigned kWatchSeconds = 1;

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Free {
  void operator()(X509* x509) const { X509_free(x509); }
};
struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using Certificate = std::unique_ptr<X509, X509Free>;

absl::StatusOr<std::string> ReadFlagFile(const std::string& flag, const std::string& path) {
  std::ifstream file(path);
  if (!file) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, "=", path, ": cannot read it: ", std::strerror(errno)));
  }
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

std::unique_ptr<BIO, BioFree> MemoryBio(const std::string& pem) {
  return std::unique_ptr<BIO, BioFree>(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

// FirstCertificate: the first certificate of a PEM text, or null.
Certificate FirstCertificate(const std::string& pem) {
  auto bio = MemoryBio(pem);
  return Certificate(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

// WriteAtomically replaces `path` with `content`, readable by this user only.
absl::Status WriteAtomically(const std::string& path, const std::string& content) {
  const std::string temporary = path + ".new";
  {
    std::ofstream out(temporary, std::ios::trunc);
    chmod(temporary.c_str(), 0600);
    out << content;
    if (!out.flush()) {
      return absl::InternalError(absl::StrCat("cannot write ", temporary, ": ",
                                              std::strerror(errno)));
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    return absl::InternalError(absl::StrCat("cannot replace ", path, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

// PrivateDirectory: a new directory only this user may enter, in memory
// where the system has /dev/shm.
absl::StatusOr<std::string> PrivateDirectory() {
  const char* tmpdir = std::getenv("TMPDIR");
  const std::string parent = access("/dev/shm", W_OK) == 0 ? "/dev/shm"
                             : tmpdir != nullptr          ? tmpdir
                                                          : "/tmp";
  std::string name = parent + "/chanceryd-tls-XXXXXX";
  if (mkdtemp(name.data()) == nullptr) {
    return absl::InternalError(
        absl::StrCat("cannot make a private directory in ", parent, ": ", std::strerror(errno)));
  }
  return name;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ServerTls>> ServerTls::Start(const TlsFiles& files) {
  ASSIGN_OR_RETURN(std::string directory, PrivateDirectory());
  std::unique_ptr<ServerTls> tls(new ServerTls(files, std::move(directory)));
  RETURN_IF_ERROR(tls->Install());
  const std::string identity = tls->directory_ + "/identity.pem";
  // Both paths name one file holding the key and the chain, replaced whole.
  auto provider =
      files.client_ca.empty()
          ? std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
                identity, identity, kWatchSeconds)
          : std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
                identity, identity, tls->directory_ + "/client-ca.pem", kWatchSeconds);
  grpc::experimental::TlsServerCredentialsOptions options(provider);
  options.watch_identity_key_cert_pairs();
  if (files.client_ca.empty()) {
    options.set_cert_request_type(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  } else {
    options.watch_root_certs();
    options.set_cert_request_type(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  }
  tls->credentials_ = grpc::experimental::TlsServerCredentials(options);
  return tls;
}

ServerTls::ServerTls(TlsFiles files, std::string directory)
    : files_(std::move(files)), directory_(std::move(directory)) {}

ServerTls::~ServerTls() {
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

absl::Status ServerTls::Reload() { return Install(); }

absl::Status ServerTls::Install() {
  absl::Status installed = CheckAndCopy();
  ERR_clear_error();  // What a refused file left in OpenSSL's queue is not gRPC's error.
  return installed;
}

absl::Status ServerTls::CheckAndCopy() {
  ASSIGN_OR_RETURN(const std::string chain, ReadFlagFile("--tls-cert", files_.cert));
  ASSIGN_OR_RETURN(const std::string key_pem, ReadFlagFile("--tls-key", files_.key));
  Certificate leaf = FirstCertificate(chain);
  if (leaf == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("--tls-cert=", files_.cert, " holds no PEM certificate"));
  }
  std::unique_ptr<EVP_PKEY, KeyFree> key(
      PEM_read_bio_PrivateKey(MemoryBio(key_pem).get(), nullptr, nullptr, nullptr));
  if (key == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--tls-key=", files_.key, " holds no PEM private key (or one protected by a passphrase)"));
  }
  if (X509_check_private_key(leaf.get(), key.get()) != 1) {
    return absl::InvalidArgumentError(absl::StrCat("--tls-key=", files_.key,
                                                   " is not the key of the certificate in "
                                                   "--tls-cert=", files_.cert));
  }
  if (!files_.client_ca.empty()) {
    ASSIGN_OR_RETURN(const std::string ca, ReadFlagFile("--tls-client-ca", files_.client_ca));
    if (FirstCertificate(ca) == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("--tls-client-ca=", files_.client_ca, " holds no PEM certificate"));
    }
    RETURN_IF_ERROR(WriteAtomically(directory_ + "/client-ca.pem", ca));
  }
  return WriteAtomically(directory_ + "/identity.pem", absl::StrCat(key_pem, "\n", chain));
}

}  // namespace chancery::chanceryd
