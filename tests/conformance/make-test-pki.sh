#!/usr/bin/env bash
# Makes the throwaway certificates of the conformance vectors that ask for TLS
# (tests/conformance/README.md, "The server"), so that no key material is committed:
#   ca.pem                    a CA (EC P-256) that signed the two below
#   server.pem, server.key    chanceryd's certificate, for localhost and 127.0.0.1
#   client.pem, client.key    a client certificate, for mutual TLS
# The CA's key is thrown away once they are signed. Every runner calls this once per run.
#
# Usage: tests/conformance/make-test-pki.sh DIR     (DIR is created if missing)
set -euo pipefail
dir=${1:?usage: make-test-pki.sh DIR}
mkdir -p "$dir"
cd "$dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ec=(-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes)
openssl req -x509 "${ec[@]}" -keyout "$work/ca.key" -out ca.pem -days 2 \
  -subj "/CN=Chancery conformance test CA" 2>/dev/null

# sign NAME SUBJECT EXTENSIONS: NAME.key and NAME.pem, signed by the CA.
sign() {
  openssl req "${ec[@]}" -keyout "$1.key" -out "$work/$1.csr" -subj "$2" 2>/dev/null
  printf '%s\n' "$3" > "$work/$1.ext"
  openssl x509 -req -in "$work/$1.csr" -CA ca.pem -CAkey "$work/ca.key" -CAserial "$work/ca.srl" -CAcreateserial \
    -days 2 -extfile "$work/$1.ext" -out "$1.pem" 2>/dev/null
}
sign server "/CN=localhost" "subjectAltName=DNS:localhost,IP:127.0.0.1
extendedKeyUsage=serverAuth"
sign client "/CN=conformance-client" "extendedKeyUsage=clientAuth"
