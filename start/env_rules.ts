/*
|--------------------------------------------------------------------------
| Custom environment rules
|--------------------------------------------------------------------------
|
| The embedded default must run with no configuration at all, yet the app
| needs a secret key. Outside production a missing APP_KEY is generated once
| and kept in `tmp/app_key`, so tokens survive a restart. In production a
| missing or short key stops the boot.
|
*/
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { BlockList, isIP } from 'node:net'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const KEY_FILE = fileURLToPath(new URL('../tmp/app_key', import.meta.url))
const MIN_KEY_LENGTH = 32

function localAppKey(): string {
  if (existsSync(KEY_FILE)) {
    const key = readFileSync(KEY_FILE, 'utf8').trim()
    if (key.length >= MIN_KEY_LENGTH) {
      return key
    }
  }
  const key = randomBytes(32).toString('base64url')
  mkdirSync(dirname(KEY_FILE), { recursive: true })
  writeFileSync(KEY_FILE, key, { mode: 0o600 })
  return key
}

export function appKeyRule(name: string, value?: string): string {
  if (value) {
    if (value.length < MIN_KEY_LENGTH) {
      throw new Error(
        `Invalid value for "${name}": it must be at least ${MIN_KEY_LENGTH} characters long`
      )
    }
    return value
  }
  if (process.env.NODE_ENV === 'production') {
    throw new Error(
      `Missing environment variable "${name}": production needs a secret of at least ${MIN_KEY_LENGTH} characters (generate one with "node ace generate:key")`
    )
  }
  return localAppKey()
}

const DURATION = /^(\d+)\s*(ms|s|m|h|d)?$/

/**
 * A duration such as "300", "90s", "5m", "12h" or "7d", read as seconds.
 */
export function durationRule(name: string, value?: string): number | undefined {
  if (value === undefined || value === '') {
    return undefined
  }
  const match = DURATION.exec(value.trim())
  if (!match) {
    throw new Error(
      `Invalid value for "${name}": expected a duration like "300", "90s", "5m", "12h" or "7d", got "${value}"`
    )
  }
  const amount = Number(match[1])
  const unit = match[2] ?? 's'
  const factor = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 }[unit] ?? 1
  const seconds = Math.floor(amount * factor)
  if (seconds < 1) {
    throw new Error(`Invalid value for "${name}": the duration must be at least one second`)
  }
  return seconds
}

/**
 * An optional whole number of at least 1 (a count, a limit, milliseconds).
 */
export function positiveIntegerRule(name: string, value?: string): number | undefined {
  if (value === undefined || value === '') {
    return undefined
  }
  const trimmed = value.trim()
  if (!/^\d+$/.test(trimmed) || Number(trimmed) < 1 || !Number.isSafeInteger(Number(trimmed))) {
    throw new Error(
      `Invalid value for "${name}": expected a whole number of at least 1, got "${value}"`
    )
  }
  return Number(trimmed)
}

/**
 * An optional secret of at least 32 characters.
 */
export function optionalSecretRule(name: string, value?: string): string | undefined {
  if (value === undefined || value === '') {
    return undefined
  }
  if (value.length < MIN_KEY_LENGTH) {
    throw new Error(
      `Invalid value for "${name}": it must be at least ${MIN_KEY_LENGTH} characters long`
    )
  }
  return value
}

/**
 * An ISO 4217 currency code such as "USD" or "EUR".
 */
export function currencyRule(name: string, value?: string): string | undefined {
  if (value === undefined || value === '') {
    return undefined
  }
  if (!/^[A-Z]{3}$/.test(value)) {
    throw new Error(
      `Invalid value for "${name}": expected a currency code like "USD", got "${value}"`
    )
  }
  return value
}

/*
|--------------------------------------------------------------------------
| TRUST_PROXY (issue 14, finding 12)
|--------------------------------------------------------------------------
|
| Which peers may tell the app the client's address in X-Forwarded-For:
| nobody (unset, "false", "0"), the N proxies nearest to the app (a hop
| count, "1" behind one load balancer), or the proxies at these addresses
| ("10.0.0.0/8,127.0.0.1"; also "loopback", "linklocal", "uniquelocal").
| "true" (trust every peer) would let any client pick its own address and
| walk around every per-IP limit: it stops the boot.
|
*/
const NAMED_RANGES: Record<string, string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
}

export type TrustProxySetting = { hops: number } | { ranges: string[] } | null

function plainAddress(address: string): { address: string; family: 'ipv4' | 'ipv6' } | null {
  const unmapped = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '')
  const family = isIP(unmapped)
  if (family === 0) return null
  return { address: unmapped, family: family === 4 ? 'ipv4' : 'ipv6' }
}

function blockListOf(ranges: string[], name: string): BlockList {
  const list = new BlockList()
  for (const range of ranges.flatMap((entry) => NAMED_RANGES[entry] ?? [entry])) {
    const [address, prefix] = range.split('/')
    const parsed = plainAddress(address)
    const maxPrefix = parsed?.family === 'ipv4' ? 32 : 128
    const bits = prefix === undefined ? maxPrefix : Number(prefix)
    if (!parsed || !/^\d*$/.test(prefix ?? '') || bits < 0 || bits > maxPrefix) {
      throw new Error(
        `Invalid value for "${name}": "${range}" is not an IP address or CIDR range (expected e.g. "10.0.0.0/8,127.0.0.1", "loopback", or a hop count like "1")`
      )
    }
    list.addSubnet(parsed.address, bits, parsed.family)
  }
  return list
}

export function parseTrustProxy(name: string, value?: string): TrustProxySetting {
  const text = (value ?? '').trim().toLowerCase()
  if (text === '' || text === 'false' || text === '0') {
    return null
  }
  if (text === 'true' || text === '*') {
    throw new Error(
      `Invalid value for "${name}": "true" would trust X-Forwarded-For from every client, so anyone could pick their own IP address and defeat the per-IP limits. Set the addresses of your proxies (e.g. "${name}=10.0.0.0/8,127.0.0.1") or how many proxies stand in front of the app (e.g. "${name}=1")`
    )
  }
  if (/^\d+$/.test(text)) {
    return { hops: Number(text) }
  }
  const ranges = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
  blockListOf(ranges, name)
  return { ranges }
}

export function trustProxyRule(name: string, value?: string): string | undefined {
  parseTrustProxy(name, value)
  return value
}

/**
 * The `http.trustProxy` function (proxy-addr's contract): whether the peer
 * `address`, `distance` hops from the app (0 = the socket's peer), is a
 * proxy whose X-Forwarded-For is believed.
 */
export function trustProxyFunction(value?: string): (address: string, distance: number) => boolean {
  const setting = parseTrustProxy('TRUST_PROXY', value)
  if (setting === null) {
    return () => false
  }
  if ('hops' in setting) {
    return (_address, distance) => distance < setting.hops
  }
  const list = blockListOf(setting.ranges, 'TRUST_PROXY')
  return (address) => {
    const parsed = plainAddress(address)
    return parsed !== null && list.check(parsed.address, parsed.family)
  }
}
