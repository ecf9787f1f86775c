import { SMTPServer } from 'smtp-server'
import { simpleParser, type ParsedMail } from 'mailparser'
import env from '#start/env'

/**
 * A real SMTP server on 127.0.0.1, at the port the app sends to
 * (SMTP_PORT, a free port per test run: tests/support/test_environment.ts).
 * Every message it accepts is parsed with mailparser and kept, in the
 * order received.
 */
export class SmtpReceiver {
  readonly messages: ParsedMail[] = []
  #server: SMTPServer
  #waiters: Array<() => void> = []

  private constructor() {
    this.#server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            this.messages.push(parsed)
            for (const wake of this.#waiters.splice(0)) wake()
            callback()
          })
          .catch((error: Error) => callback(error))
      },
    })
  }

  /**
   * Starts a receiver on SMTP_PORT; `stop()` it in the test's cleanup.
   */
  static async start(): Promise<SmtpReceiver> {
    const receiver = new SmtpReceiver()
    await new Promise<void>((resolve, reject) => {
      receiver.#server.once('error', reject)
      receiver.#server.listen(env.get('SMTP_PORT'), '127.0.0.1', () => {
        receiver.#server.off('error', reject)
        resolve()
      })
    })
    return receiver
  }

  /**
   * Resolves once `count` messages have arrived in all; fails after
   * `timeoutMs` saying how many did.
   */
  /**
   * The first `count` messages (to `options.to` only, when given: a test
   * counts its own customer's mail, never one a previous test's change
   * sent late), waiting up to the timeout for them.
   */
  async waitFor(
    count: number,
    options: number | { to?: string; timeoutMs?: number } = {}
  ): Promise<ParsedMail[]> {
    const { to, timeoutMs = 15_000 } =
      typeof options === 'number' ? { timeoutMs: options } : options
    const matching = () => (to === undefined ? this.messages : this.to(to))
    const deadline = Date.now() + timeoutMs
    while (matching().length < count) {
      const left = deadline - Date.now()
      if (left <= 0) {
        throw new Error(`Expected ${count} e-mail(s), received ${matching().length}`)
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.#waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
    return matching().slice(0, count)
  }

  /**
   * The messages sent to `address`.
   */
  to(address: string): ParsedMail[] {
    return this.messages.filter((message) => {
      const to = Array.isArray(message.to) ? message.to : message.to ? [message.to] : []
      return to.some((group) => group.value.some((entry) => entry.address === address))
    })
  }

  async stop() {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }
}
