import { lookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import { isPublicAddress } from '#domain/ssrf'

export interface ResolvedWebhookUrl {
  url: URL
  /**
   * The address the request goes to (pinned: resolved once, checked,
   * then used for the connection, so a second DNS answer cannot differ).
   */
  address: string
  family: 4 | 6
}

/**
 * A webhook URL that may not be called, with the reason.
 */
export class WebhookAddressError extends Error {}

/**
 * Parses and resolves a webhook URL and checks where it leads: https only,
 * no credentials, and every address it resolves to public (see
 * #domain/ssrf), unless `allowPrivate` (WEBHOOKS_ALLOW_PRIVATE) is on,
 * which also allows plain http. Used at registration and before every
 * delivery.
 */
export async function resolveWebhookUrl(
  raw: string,
  allowPrivate: boolean
): Promise<ResolvedWebhookUrl> {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new WebhookAddressError('The URL is not a valid absolute URL')
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) {
    throw new WebhookAddressError('The URL must use https')
  }
  if (url.username || url.password) {
    throw new WebhookAddressError('The URL must not carry credentials')
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  let addresses: Array<{ address: string; family: number }>
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }]
  } else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true })
    } catch {
      throw new WebhookAddressError(`The host ${host} does not resolve`)
    }
  }
  if (!addresses.length) {
    throw new WebhookAddressError(`The host ${host} does not resolve`)
  }
  if (!allowPrivate) {
    const refused = addresses.find((entry) => !isPublicAddress(entry.address))
    if (refused) {
      throw new WebhookAddressError(
        `The URL leads to ${refused.address}, a private, loopback, link-local or reserved address`
      )
    }
  }
  const [first] = addresses
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 }
}
