// The `cidr` modifier over ipaddr.js: IPv4 and IPv6 networks; an IPv4-mapped IPv6 address
// (::ffff:a.b.c.d) is compared as the IPv4 address it carries, and an IPv6 zone (%12) is ignored.

import ipaddr from 'ipaddr.js';

/**
 * A field's address in the notations Python's ipaddress reads (pySigma's): dotted-quad IPv4
 * and IPv6. ipaddr.isValid also takes inet_aton's forms ('167772161', '10.1', '0xa.1.1.1'),
 * which would put a plain number, such as a port or a count, inside a network.
 */
function address(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const t = text.trim().replace(/%.*$/, '');
  if (ipaddr.IPv4.isValidFourPartDecimal(t)) return ipaddr.IPv4.parse(t);
  return ipaddr.IPv6.isValid(t) ? ipaddr.process(t) : undefined;
}

/** A matcher for a network such as 10.0.0.0/8 or fe80::/10, or undefined when malformed. */
export function cidrMatcher(network: string): ((text: string) => boolean) | undefined {
  let range: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    const t = network.trim();
    range = t.includes('/') ? ipaddr.parseCIDR(t) : [ipaddr.parse(t), ipaddr.parse(t).kind() === 'ipv4' ? 32 : 128];
  } catch {
    return undefined;
  }
  if (range[0].kind() === 'ipv6' && (range[0] as ipaddr.IPv6).isIPv4MappedAddress()) range = [(range[0] as ipaddr.IPv6).toIPv4Address(), Math.max(0, range[1] - 96)];
  return (text) => {
    const a = address(text);
    return a !== undefined && a.kind() === range[0].kind() && a.match(range);
  };
}
