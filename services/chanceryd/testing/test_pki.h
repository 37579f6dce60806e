// TestPki: certificates made by the tests with OpenSSL: certificate
// authorities, and server and client certificates they sign, written as PEM
// files into a directory.
//
// Example:
//   TestPki pki(dir.path());
//   CertificateFiles ca = pki.MakeCa("ca");
//   CertificateFiles server = pki.Issue(ca, "server", "localhost", {"DNS:localhost", "IP:127.0.0.1"});

#ifndef CHANCERY_SERVICES_CHANCERYD_TESTING_TEST_PKI_H_
#define CHANCERY_SERVICES_CHANCERYD_TESTING_TEST_PKI_H_

#include <string>
#include <vector>

namespace chancery::testing {

struct CertificateFiles {
  std::string cert;  // PEM certificate path.
  std::string key;   // PEM private key path.
};

class TestPki {
 public:
  explicit TestPki(std::string directory) : directory_(std::move(directory)) {}

  // MakeCa: a self-signed CA named `name` (files name.pem, name.key).
  CertificateFiles MakeCa(const std::string& name) const;
  // Issue: a certificate for `common_name`, with these subjectAltNames
  // ("DNS:localhost", "IP:127.0.0.1"), signed by `ca`.
  CertificateFiles Issue(const CertificateFiles& ca, const std::string& name,
                         const std::string& common_name,
                         const std::vector<std::string>& alt_names = {}) const;

 private:
  std::string directory_;
};

// ReadPem returns the text of a PEM file (dies if it cannot be read).
std::string ReadPem(const std::string& path);

}  // namespace chancery::testing

#endif  // CHANCERY_SERVICES_CHANCERYD_TESTING_TEST_PKI_H_
