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
