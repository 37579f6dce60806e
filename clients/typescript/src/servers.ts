// serverAddresses: the addresses a ChanceryClient reaches, from "HOST:PORT" or a list of replicas.
import { isIP } from "node:net";
import { Code, ConnectError } from "@connectrpc/connect";

/**
 * The addresses of `servers`: one "HOST:PORT" (a host name, or an IPv4 or [IPv6] address), or
 * several "IP:PORT" separated by commas, all IPv4 or all [IPv6]; whitespace around each is
 * ignored. Throws a ConnectError with Code.InvalidArgument naming the first entry that is not so.
 */
export function serverAddresses(servers: string): string[] {
  const addresses = servers.split(",").map((address) => address.trim());
  let family: string | undefined;
  for (const address of addresses) {
    // A host name is taken only alone: one name whose DNS records list every replica.
    const kind = familyOf(address) ?? (addresses.length === 1 ? hostName(address) : undefined);
    if (kind === undefined || (family !== undefined && kind !== family)) {
      throw new ConnectError(`"${address}" in the server list "${servers}" is not an IP:PORT address of the ` +
        "list's kind: a list takes IPv4 or [IPv6] addresses, not both; for host names give one name whose " +
        "DNS records list every replica", Code.InvalidArgument);
    }
    family = kind;
  }
  return addresses;
}

/** "ipv4" for "IPv4:PORT", "ipv6" for "[IPv6]:PORT", else undefined. */
function familyOf(address: string): string | undefined {
  const match = /^(\[(.*)\]|[^:]*):\d+$/.exec(address);
  if (match === null) return undefined;
  if (match[2] !== undefined) return isIP(match[2]) === 6 ? "ipv6" : undefined;
  return isIP(match[1]) === 4 ? "ipv4" : undefined;
}

/** "name" for "NAME:PORT" (a DNS name), else undefined. */
function hostName(address: string): string | undefined {
  return /^[\w.-]+:\d+$/.test(address) ? "name" : undefined;
}
