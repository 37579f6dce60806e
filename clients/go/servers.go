package chancery

import (
	"net"
	"net/netip"
	"net/url"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/resolver"
	"google.golang.org/grpc/resolver/manual"
	"google.golang.org/grpc/status"
)

// serviceConfig spreads calls over every address of the target (a list's, or a host name's
// DNS records) and tries a call of the services named that finds a replica UNAVAILABLE
// again, on another. Their calls may be retried so: reads change nothing, and a retried
// record or retraction carries the same ids, which the server records once. Group calls are
// not (a DeleteGroup or ReplayParkedEvents tried again after it took effect would fail). It
// is the C++ client's.
const serviceConfig = `{
  "loadBalancingConfig": [{"round_robin": {}}],
  "methodConfig": [{
    "name": [{"service": "chancery.v1.RelationsService"}, {"service": "chancery.v1.EventLogService"},
             {"service": "chancery.v1.AuditService"}],
    "retryPolicy": {"maxAttempts": 3, "initialBackoff": "0.1s", "maxBackoff": "1s",
                    "backoffMultiplier": 2, "retryableStatusCodes": ["UNAVAILABLE"]}
  }]
}`

// serversTarget is the gRPC target of New's servers and the dial options that reach it: one
// "HOST:PORT" as it is, or several "IP:PORT" held by a resolver of the Client's own.
func serversTarget(servers string) (string, []grpc.DialOption, error) {
	dial := []grpc.DialOption{grpc.WithDefaultServiceConfig(serviceConfig)}
	if !strings.Contains(servers, ",") {
		address := strings.TrimSpace(servers)
		// A target with a gRPC resolver's scheme ("unix:/path", "dns:///host:port") is taken
		// as it is, as grpc.NewClient would.
		if target, err := url.Parse(address); err == nil && resolver.Get(target.Scheme) != nil {
			return address, dial, nil
		}
		if _, port, err := net.SplitHostPort(address); err != nil || port == "" {
			return "", nil, invalidServers("%q is not a HOST:PORT server address", address)
		}
		return address, dial, nil
	}
	var entries []string
	var addresses []resolver.Address
	var ipv4 bool
	for i, entry := range strings.Split(servers, ",") {
		entry = strings.TrimSpace(entry)
		address, err := netip.ParseAddrPort(entry)
		if err != nil || (i > 0 && address.Addr().Is4() != ipv4) {
			return "", nil, invalidServers("%q in the server list %q is not an IP:PORT address of the list's kind: "+
				"a list takes IPv4 or [IPv6] addresses, not both; for host names give one name whose DNS "+
				"records list every replica", entry, servers)
		}
		ipv4 = address.Addr().Is4()
		entries = append(entries, entry)
		// The address is also the replica's name, for TLS and :authority, as when given alone.
		addresses = append(addresses, resolver.Address{Addr: entry, ServerName: entry})
	}
	// A manual resolver serves one ClientConn only: each Client has its own.
	list := manual.NewBuilderWithScheme("chancery-servers")
	list.InitialState(resolver.State{Addresses: addresses})
	return list.Scheme() + ":///" + strings.Join(entries, ","), append(dial, grpc.WithResolvers(list)), nil
}

func invalidServers(format string, args ...any) error {
	return newError(status.Errorf(codes.InvalidArgument, format, args...))
}
