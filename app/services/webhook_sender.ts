import http from 'node:http'
import https from 'node:https'
import type { LookupFunction } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { RESPONSE_EXCERPT_BYTES } from '#domain/webhook_events'
import { resolveWebhookUrl, WebhookAddressError } from '#services/webhook_address'

export interface WebhookSendResult {
  succeeded: boolean
  statusCode: number | null
  durationMs: number
  responseExcerpt: string | null
  error: string | null
}

export interface WebhookMessage {
  url: string
  secret: string
  eventId: string
  body: string
}

/**
 * Sends one signed webhook request (Standard Webhooks: `webhook-id` is
 * the event id, the same on every attempt; `webhook-timestamp` and
 * `webhook-signature` are made for this attempt). The URL is resolved and
 * checked again here (an endpoint's DNS may have moved to a private
 * address since it was registered), and the connection goes to the
 * checked address. Redirects are not followed. A 2xx answer within
 * `timeoutMs` is a success; anything else is a failure, described, never
 * thrown.
 */
export async function sendWebhook(
  message: WebhookMessage,
  options: { timeoutMs: number; allowPrivate: boolean }
): Promise<WebhookSendResult> {
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  let target: Awaited<ReturnType<typeof resolveWebhookUrl>>
  try {
    target = await resolveWebhookUrl(message.url, options.allowPrivate)
  } catch (error) {
    const reason = error instanceof WebhookAddressError ? error.message : String(error)
    return failure(elapsed(), null, null, `Not sent: ${reason}`)
  }
  const signature = new Webhook(message.secret).sign(message.eventId, new Date(), message.body)
  const timestamp = Math.floor(Date.now() / 1000)
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    if (lookupOptions?.all) {
      ;(callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(
        null,
        [{ address: target.address, family: target.family }]
      )
      return
    }
    callback(null, target.address, target.family)
  }
  const client = target.url.protocol === 'https:' ? https : http
  return new Promise<WebhookSendResult>((resolve) => {
    let settled = false
    const finish = (result: WebhookSendResult) => {
      if (!settled) {
        settled = true
        clearTimeout(timer)
        resolve(result)
      }
    }
    const request = client.request(
      target.url,
      {
        method: 'POST',
        lookup: pinned,
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(message.body),
          'user-agent': 'shop-backend-webhooks/1',
          'webhook-id': message.eventId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signature,
        },
      },
      (response) => {
        const chunks: Buffer[] = []
        let kept = 0
        response.on('data', (chunk: Buffer) => {
          if (kept < RESPONSE_EXCERPT_BYTES) {
            const part = chunk.subarray(0, RESPONSE_EXCERPT_BYTES - kept)
            chunks.push(part)
            kept += part.length
          }
        })
        const done = () => {
          const status = response.statusCode ?? 0
          const excerpt = Buffer.concat(chunks).toString('utf8')
          if (status >= 200 && status < 300) {
            finish({
              succeeded: true,
              statusCode: status,
              durationMs: elapsed(),
              responseExcerpt: excerpt,
              error: null,
            })
          } else {
            finish(failure(elapsed(), status, excerpt, `The receiver answered ${status}`))
          }
        }
        response.on('end', done)
        response.on('error', (error) =>
          finish(failure(elapsed(), response.statusCode ?? null, null, error.message))
        )
      }
    )
    const timer = setTimeout(() => {
      request.destroy(new Error(`No answer within ${options.timeoutMs} ms`))
    }, options.timeoutMs)
    request.on('error', (error) => finish(failure(elapsed(), null, null, error.message)))
    request.end(message.body)
  })
}

function failure(
  durationMs: number,
  statusCode: number | null,
  responseExcerpt: string | null,
  error: string
): WebhookSendResult {
  return { succeeded: false, statusCode, durationMs, responseExcerpt, error: error.slice(0, 1000) }
}
