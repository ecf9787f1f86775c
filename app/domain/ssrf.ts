import { BlockList, isIP } from 'node:net'

/**
 * Addresses a webhook must never reach (server-side request forgery):
 * private, loopback, link-local (cloud metadata at 169.254.169.254),
 * carrier-grade NAT, multicast, unspecified, reserved and documentation
 * ranges, and the IPv6 forms that lead to them (IPv4-mapped, NAT64,
 * 6to4, unique local, site-local). Two lists: Node's BlockList would
 * match IPv4 addresses against an IPv6 rule such as ::ffff:0:0/96.
 */
const blockedV4 = new BlockList()
const blockedV6 = new BlockList()
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blockedV4.addSubnet(network, prefix, 'ipv4')
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  blockedV6.addSubnet(network, prefix, 'ipv6')
}

/**
 * The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`
 * or `::ffff:7f00:1`), or null.
 */
function mappedIpv4(address: string): string | null {
  const match = /^(?:0{0,4}:){0,5}:?ffff:(.+)$/i.exec(address)
  if (!match) {
    return null
  }
  const rest = match[1]
  if (isIP(rest) === 4) {
    return rest
  }
  const words = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(rest)
  if (!words) {
    return null
  }
  const high = Number.parseInt(words[1], 16)
  const low = Number.parseInt(words[2], 16)
  return [high >> 8, high & 255, low >> 8, low & 255].join('.')
}

/**
 * True when `address` (an IP literal) is a public unicast address a
 * webhook may be sent to. Anything that is not an IP literal is false.
 */
export function isPublicAddress(address: string): boolean {
  const unbracketed = address.replace(/^\[(.*)\]$/, '$1')
  const family = isIP(unbracketed)
  if (family === 0) {
    return false
  }
  if (family === 4) {
    return !blockedV4.check(unbracketed, 'ipv4')
  }
  /**
   * An IPv4-mapped address is refused whatever it maps to: a client
   * would reach the IPv4 address, which is to be given as such.
   */
  if (mappedIpv4(unbracketed) !== null) {
    return false
  }
  return !blockedV6.check(unbracketed, 'ipv6')
}
