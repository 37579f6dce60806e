#include "services/chanceryd/testing/test_pki.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

#include "absl/strings/str_join.h"

namespace chancery::testing {
namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Certificate = std::unique_ptr<X509, Deleter<X509, X509_free>>;

[[noreturn]] void Die(const std::string& why) {
  std::fprintf(stderr, "TestPki: %s\n", why.c_str());
  std::abort();
}

void Check(bool ok, const char* what) {
  if (!ok) Die(what);
}

Key NewKey() { return Key(EVP_EC_gen("P-256")); }

Key ReadKey(const std::string& path) {
  FILE* file = std::fopen(path.c_str(), "r");
  Check(file != nullptr, "cannot open a key");
  Key key(PEM_read_PrivateKey(file, nullptr, nullptr, nullptr));
  std::fclose(file);
  Check(key != nullptr, "cannot read a key");
  return key;
}

Certificate ReadCertificate(const std::string& path) {
  FILE* file = std::fopen(path.c_str(), "r");
  Check(file != nullptr, "cannot open a certificate");
  Certificate cert(PEM_read_X509(file, nullptr, nullptr, nullptr));
  std::fclose(file);
  Check(cert != nullptr, "cannot read a certificate");
  return cert;
}

void AddExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str());
  Check(extension != nullptr && X509_add_ext(cert, extension, -1) == 1, "cannot add an extension");
  X509_EXTENSION_free(extension);
}

// Sign makes a certificate for `key` named `common_name`, valid for a day,
// signed by `issuer_key` (as `issuer`, or itself when null).
Certificate Sign(EVP_PKEY* key, const std::string& common_name, X509* issuer,
                 EVP_PKEY* issuer_key, bool is_ca, const std::vector<std::string>& alt_names) {
  static long serial = 1;
  Certificate cert(X509_new());
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial++);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("Chancery tests"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  X509* signer = issuer != nullptr ? issuer : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  AddExtension(cert.get(), signer, NID_basic_constraints, is_ca ? "critical,CA:TRUE" : "CA:FALSE");
  if (is_ca) AddExtension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  if (!alt_names.empty()) {
    AddExtension(cert.get(), signer, NID_subject_alt_name, absl::StrJoin(alt_names, ","));
  }
  Check(X509_sign(cert.get(), issuer_key, EVP_sha256()) > 0, "cannot sign a certificate");
  return cert;
}

CertificateFiles Write(const std::string& directory, const std::string& name, X509* cert,
                       EVP_PKEY* key) {
  CertificateFiles files{directory + "/" + name + ".pem", directory + "/" + name + ".key"};
  FILE* out = std::fopen(files.cert.c_str(), "w");
  Check(out != nullptr && PEM_write_X509(out, cert) == 1, "cannot write a certificate");
  std::fclose(out);
  out = std::fopen(files.key.c_str(), "w");
  Check(out != nullptr &&
            PEM_write_PrivateKey(out, key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
        "cannot write a key");
  std::fclose(out);
  return files;
}

}  // namespace

CertificateFiles TestPki::MakeCa(const std::string& name) const {
  Key key = NewKey();
  Certificate cert = Sign(key.get(), name, nullptr, key.get(), /*is_ca=*/true, {});
  return Write(directory_, name, cert.get(), key.get());
}

CertificateFiles TestPki::Issue(const CertificateFiles& ca, const std::string& name,
                                const std::string& common_name,
                                const std::vector<std::string>& alt_names) const {
  Key ca_key = ReadKey(ca.key);
  Certificate ca_cert = ReadCertificate(ca.cert);
  Key key = NewKey();
  Certificate cert =
      Sign(key.get(), common_name, ca_cert.get(), ca_key.get(), /*is_ca=*/false, alt_names);
  return Write(directory_, name, cert.get(), key.get());
}

std::string ReadPem(const std::string& path) {
  std::ifstream file(path);
  if (!file) Die("cannot read " + path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace chancery::testing
