package chancery

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/local"
)

// security is what WithToken, WithTLSCA and WithClientCertificate ask for.
type security struct {
	token      string
	caPEM      []byte
	clientCert *tls.Certificate
	err        error
}

// WithToken sends "authorization: Bearer <token>" with every call. Without TLS the connection
// uses gRPC's local credentials: plaintext, to a loopback address only, which is where
// chanceryd accepts tokens without TLS.
func WithToken(token string) Option { return func(o *options) { o.security.token = token } }

// WithTLSCA connects with TLS, trusting the CA certificates in pem (PEM; read a file with
// os.ReadFile).
func WithTLSCA(pem []byte) Option { return func(o *options) { o.security.caPEM = pem } }

// WithClientCertificate presents this PEM certificate chain and key, for mutual TLS. It
// implies TLS; without WithTLSCA the system's roots are trusted.
func WithClientCertificate(certPEM, keyPEM []byte) Option {
	return func(o *options) {
		cert, err := tls.X509KeyPair(certPEM, keyPEM)
		if err != nil {
			o.security.err = err
			return
		}
		o.security.clientCert = &cert
	}
}

func (s security) tls() bool { return s.caPEM != nil || s.clientCert != nil }

// dialOptions are the transport credentials and per-call credentials of s; none when s is
// empty, leaving the Client's default (or WithCredentials) in place.
func (s security) dialOptions() ([]grpc.DialOption, error) {
	if s.err != nil {
		return nil, s.err
	}
	var dial []grpc.DialOption
	if s.tls() {
		config := &tls.Config{MinVersion: tls.VersionTLS12}
		if s.caPEM != nil {
			config.RootCAs = x509.NewCertPool()
			if !config.RootCAs.AppendCertsFromPEM(s.caPEM) {
				return nil, errors.New("chancery: no certificate in the TLS CA PEM")
			}
		}
		if s.clientCert != nil {
			config.Certificates = []tls.Certificate{*s.clientCert}
		}
		dial = append(dial, grpc.WithTransportCredentials(credentials.NewTLS(config)))
	} else if s.token != "" {
		dial = append(dial, grpc.WithTransportCredentials(local.NewCredentials()))
	}
	if s.token != "" {
		dial = append(dial, grpc.WithPerRPCCredentials(bearerToken{"Bearer " + s.token, s.tls()}))
	}
	return dial, nil
}

// bearerToken is the per-call credential of WithToken.
type bearerToken struct {
	value string
	tls   bool
}

func (b bearerToken) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": b.value}, nil
}

// RequireTransportSecurity is false without TLS: the local credentials (loopback only) then
// carry the token, which gRPC would otherwise refuse to send.
func (b bearerToken) RequireTransportSecurity() bool { return b.tls }
