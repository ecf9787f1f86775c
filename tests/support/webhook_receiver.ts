import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { Webhook } from 'standardwebhooks'

export interface ReceivedWebhook {
  id: string
  timestamp: string
  signature: string
  body: string
  headers: IncomingHttpHeaders
  /**
   * The status this receiver answered (null: the connection ended first).
   */
  answered: number | null
}

/**
 * A webhook receiver on 127.0.0.1 for the tests: records every request
 * (raw body and headers) and answers with `respond(request number)`'s
 * status (200 by default). `hold` (or `holdFrom`, a request index) keeps
 * requests unanswered until `release()` (a worker killed mid-delivery);
 * a held request whose sender died is never answered.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = []
  respond: (index: number, request: ReceivedWebhook) => number = () => 200
  hold = false
  /**
   * Requests from this index on are held unanswered (like `hold`).
   */
  holdFrom = Number.POSITIVE_INFINITY
  #held: Array<{ answer: () => void; socket: Socket }> = []

  private constructor(private server: Server) {}

  static async start() {
    let receiver: WebhookReceiver
    const server = createServer((request, response) => {
      const chunks: Buffer[] = []
      request.on('data', (chunk: Buffer) => chunks.push(chunk))
      request.on('end', () => {
        const entry: ReceivedWebhook = {
          id: String(request.headers['webhook-id'] ?? ''),
          timestamp: String(request.headers['webhook-timestamp'] ?? ''),
          signature: String(request.headers['webhook-signature'] ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
          headers: request.headers,
          answered: null,
        }
        const index = receiver.received.push(entry) - 1
        const answer = () => {
          if (response.destroyed || request.socket.destroyed) {
            return
          }
          const status = receiver.respond(index, entry)
          response.statusCode = status
          response.setHeader('content-type', 'text/plain')
          response.end(status < 300 ? 'ok' : 'not now', () => {
            entry.answered = status
          })
        }
        if (receiver.hold || index >= receiver.holdFrom) {
          receiver.#held.push({ answer, socket: request.socket })
        } else {
          answer()
        }
      })
    })
    receiver = new WebhookReceiver(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return receiver
  }

  get url() {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`
  }

  /**
   * Answers the requests held so far and stops holding.
   */
  release() {
    this.hold = false
    this.holdFrom = Number.POSITIVE_INFINITY
    for (const { answer } of this.#held.splice(0)) {
      answer()
    }
  }

  /**
   * How many requests are being held unanswered.
   */
  get heldCount() {
    return this.#held.length
  }

  /**
   * How many held requests lost their connection (the sender died).
   */
  get heldAbandoned() {
    return this.#held.filter(({ socket }) => socket.destroyed).length
  }

  /**
   * True when the request's signature checks out with `secret`
   * (the `standardwebhooks` package, as a receiver would check it).
   */
  static verifies(request: ReceivedWebhook, secret: string) {
    try {
      new Webhook(secret).verify(request.body, {
        'webhook-id': request.id,
        'webhook-timestamp': request.timestamp,
        'webhook-signature': request.signature,
      })
      return true
    } catch {
      return false
    }
  }

  async close() {
    this.release()
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}

/**
 * Waits until `check` holds, polling every 20 ms, failing after
 * `timeoutMs` with `what`.
 */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 30_000
) {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting until ${what}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
