package org.chancery.client;

import io.grpc.Attributes;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import io.grpc.StatusOr;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The servers a client reaches: one "HOST:PORT" (a host name whose DNS records list several
 * replicas reaches them all), or several "IP:PORT" separated by commas, all IPv4 or all
 * [IPv6]. gRPC Java's resolvers take no list of addresses, so a list becomes a target of this
 * class's own scheme, whose resolver gives gRPC each address as it is.
 */
final class Servers {
  private static final String SCHEME = "chancery-servers";
  private static final String OCTET = "(25[0-5]|2[0-4]\\d|1?\\d?\\d)";
  private static final Pattern IPV4 = Pattern.compile("(" + OCTET + "\\.){3}" + OCTET);
  private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-fA-F:.]+]");
  private static final Pattern HOST_PORT = Pattern.compile("(.+):(\\d{1,5})");

  static {
    NameResolverRegistry.getDefaultRegistry().register(new Provider());
  }

  private Servers() {}

  /**
   * The addresses in {@code servers}, stripped of surrounding whitespace. Throws
   * IllegalArgumentException for an address without a port, or a list that holds a host name
   * or mixes IPv4 and IPv6.
   */
  static List<String> parse(String servers) {
    List<String> addresses = Arrays.stream(servers.split(",", -1)).map(String::strip).toList();
    if (addresses.size() == 1) {
      if (!HOST_PORT.matcher(addresses.get(0)).matches()) {
        throw new IllegalArgumentException("\"" + servers
            + "\" is not a HOST:PORT address, nor IP:PORT addresses separated by commas");
      }
      return addresses;
    }
    boolean ipv6 = addresses.get(0).startsWith("[");
    for (String address : addresses) {
      if (socketAddress(address) == null || address.startsWith("[") != ipv6) {
        throw new IllegalArgumentException("\"" + address + "\" in the server list \"" + servers
            + "\" is not an IP:PORT address of the list's kind: a list takes IPv4 or [IPv6]"
            + " addresses, not both; for host names give one name whose DNS records list every"
            + " replica");
      }
    }
    return addresses;
  }

  /** The gRPC target of {@link #parse}'s addresses. */
  static String target(List<String> addresses) {
    if (addresses.size() == 1) return addresses.get(0);
    try {
      // This constructor escapes the brackets of IPv6 addresses, which a URI path cannot hold.
      return new URI(SCHEME, "", "/" + String.join(",", addresses), null).toString();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** "IP:PORT" or "[IPv6]:PORT" as a socket address, or null for anything else. */
  private static InetSocketAddress socketAddress(String address) {
    var hostPort = HOST_PORT.matcher(address);
    if (!hostPort.matches()) return null;
    String host = hostPort.group(1);
    int port = Integer.parseInt(hostPort.group(2));
    if (port > 65535 || !(IPV4.matcher(host).matches() || IPV6.matcher(host).matches())) return null;
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);  // A literal: no look-up.
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** Resolves a list target to one address group per address, each a subchannel of its own. */
  private static final class Provider extends NameResolverProvider {
    @Override
    protected boolean isAvailable() {
      return true;
    }

    // The lowest: the registry's default scheme (for targets without one) stays DNS.
    @Override
    protected int priority() {
      return 0;
    }

    @Override
    public String getDefaultScheme() {
      return SCHEME;
    }

    @Override
    public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
      return List.of(InetSocketAddress.class);
    }

    @Override
    public NameResolver newNameResolver(URI target, NameResolver.Args args) {
      if (!SCHEME.equals(target.getScheme())) return null;
      List<String> addresses = List.of(target.getPath().substring(1).split(","));
      return new NameResolver() {
        @Override
        public String getServiceAuthority() {
          return addresses.get(0);
        }

        @Override
        public void start(Listener2 listener) {
          listener.onResult(ResolutionResult.newBuilder()
              .setAddressesOrError(StatusOr.fromValue(addresses.stream().map(Provider::group).toList()))
              .build());
        }

        @Override
        public void shutdown() {}
      };
    }

    // Each replica's own address as its authority, so TLS checks its certificate against it.
    private static EquivalentAddressGroup group(String address) {
      return new EquivalentAddressGroup(socketAddress(address),
          Attributes.newBuilder().set(EquivalentAddressGroup.ATTR_AUTHORITY_OVERRIDE, address).build());
    }
  }
}
