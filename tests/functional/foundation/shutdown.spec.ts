import { test } from '@japa/runner'
import { once } from 'node:events'
import { connect, type Socket } from 'node:net'
import { randomUUID } from 'node:crypto'
import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { startApp } from '#tests/support/app_process'

/**
 * Resolves true once a new TCP connection to the port is refused (the
 * server stopped listening), false while it is still accepted.
 */
function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(true))
  })
}

/**
 * Reads a whole HTTP/1.1 response from a raw socket (the server closes
 * the connection once it has answered during a shutdown).
 */
function readResponse(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk) => (text += chunk))
    socket.once('end', () => resolve(text))
    socket.once('error', reject)
  })
}

// issue 23: the server stops when asked
test.group('Shutdown: SIGTERM to `npm start`', () => {
  test('the port closes, a request in flight is answered, SSE streams end, exit code 0', async ({
    assert,
  }) => {
    const file = fileURLToPath(
      new URL(`../../../tmp/shutdown_${randomUUID()}.sqlite3`, import.meta.url)
    )
    const app = await startApp(
      { SQLITE_FILE: file, DEMO_DATA: 'false', SHUTDOWN_TIMEOUT_MS: '10000' },
      90_000,
      { viaNpm: true }
    )
    try {
      const port = Number(new URL(app.url).port)

      /**
       * A live event stream, open when the stop is asked for.
       */
      const stream = await fetch(`${app.url}/__transmit/events?uid=${randomUUID()}`)
      assert.equal(stream.status, 200)
      const reader = stream.body!.getReader()

      /**
       * A request in flight: its headers and half of its body are sent.
       */
      const body = JSON.stringify({ email: 'nobody@shop.test', password: 'not-the-password' })
      const socket = connect(port, '127.0.0.1')
      await once(socket, 'connect')
      const response = readResponse(socket)
      socket.write(
        `POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n` +
          body.slice(0, 10)
      )

      const exited = once(app.child, 'exit') as Promise<[number | null, string | null]>
      const stoppedAt = Date.now()
      app.child.kill('SIGTERM')

      /**
       * The stream ends by itself.
       */
      let ended = false
      while (!ended) {
        ended = (await reader.read()).done
      }

      /**
       * New connections are refused while the request in flight is not
       * finished yet.
       */
      while (!(await refusesConnections(port))) {
        assert.isBelow(Date.now() - stoppedAt, 15_000, 'the port should close')
        await new Promise((resolve) => setTimeout(resolve, 50))
      }

      socket.write(body.slice(10))
      const text = await response
      assert.match(text, /^HTTP\/1\.1 401 /)
      assert.include(text, 'E_INVALID_CREDENTIALS')

      const [code, signal] = await exited
      assert.equal(code, 0, app.output())
      assert.isNull(signal)
      assert.isBelow(Date.now() - stoppedAt, 15_000)
      assert.include(app.output(), 'stopping: finishing requests in flight')
    } finally {
      await app.stop()
      for (const suffix of ['', '-wal', '-shm']) {
        rmSync(`${file}${suffix}`, { force: true })
      }
    }
  }).timeout(120_000)
})
