/**
 * One client process of the Transmit fan-out bench (bench/transmit.mjs
 * forks several: one Node process cannot read 10,000 streams' events in
 * time on its own).
 *
 * Each stream is a plain HTTP/1.1 GET of `/__transmit/events?uid=` on its
 * own TCP connection, read as Server-Sent Events, subscribed to a channel
 * with a bearer token through `POST /__transmit/subscribe`, as
 * @adonisjs/transmit-client does. The clients share the machine's cores
 * with the app, so they read as cheaply as a correct reader can: the
 * socket's bytes as they come (no HTTP client stream machinery, no text
 * decoder), the chunked transfer encoding undone by hand, frames split on
 * a blank line, and only a frame that names an order parsed as JSON (the
 * keep-alive pings are recognised by their channel).
 *
 * The receipt time of an order event is taken when the read that brought
 * its last bytes is handled, as `performance.timeOrigin + performance.now()`
 * (a wall clock in milliseconds, the same across the processes of one
 * machine), and sent to the parent once every stream of this process has
 * it (`pending` when the order is placed, `shipped` when it ships).
 *
 * Messages from the parent: `{ type: 'open', url, token, channel, count }`
 * opens `count` more streams (answered `{ type: 'opened', total }`);
 * `{ type: 'close' }` closes them all and exits.
 */
import net from 'node:net'
import { randomUUID } from 'node:crypto'

const streams = []
/** Where every socket of this process reads into (see openStream). */
const readBuffer = Buffer.allocUnsafe(64 * 1024)
/** "order to" -> receipt times (ms, wall clock) */
const received = new Map()

function now() {
  return performance.timeOrigin + performance.now()
}

function onEvent(data, at) {
  // Pings and other channels' messages name no order: not parsed.
  if (!data.includes('"order_number"')) return
  let message
  try {
    message = JSON.parse(data)
  } catch {
    return
  }
  const payload = message.payload
  if (!payload || !payload.order_number || !payload.to) return
  const key = `${payload.order_number} ${payload.to}`
  let times = received.get(key)
  if (!times) {
    times = []
    received.set(key, times)
  }
  times.push(at)
  if (times.length === streams.length) {
    received.delete(key)
    process.send({ type: 'received', number: payload.order_number, to: payload.to, times })
  }
}

/**
 * The events of one stream: the response head, then the chunked body
 * (size line, bytes, CRLF) undone into Server-Sent Events text, split
 * into frames on a blank line. Bytes are read as latin1 (one character
 * per byte, nothing carried between reads); the fields read here are
 * ASCII.
 */
class EventReader {
  #raw = ''
  #text = ''
  #head = true
  /** bytes left in the current chunk, its closing CRLF included */
  #left = 0
  #onOpen

  constructor(onOpen) {
    this.#onOpen = onOpen
  }

  read(text, at) {
    this.#raw += text
    if (this.#head) {
      const end = this.#raw.indexOf('\r\n\r\n')
      if (end === -1) return
      const status = this.#raw.slice(9, 12)
      if (status !== '200') throw new Error(`stream: ${status}`)
      this.#raw = this.#raw.slice(end + 4)
      this.#head = false
    }
    while (this.#raw.length > 0) {
      if (this.#left === 0) {
        const line = this.#raw.indexOf('\r\n')
        if (line === -1) break
        const size = Number.parseInt(this.#raw.slice(0, line), 16)
        this.#raw = this.#raw.slice(line + 2)
        if (size === 0) return
        this.#left = size + 2
        continue
      }
      const take = Math.min(this.#left, this.#raw.length)
      const dataBytes = Math.min(take, this.#left - 2)
      if (dataBytes > 0) this.#text += this.#raw.slice(0, dataBytes)
      this.#raw = this.#raw.slice(take)
      this.#left -= take
    }
    let end
    while ((end = this.#text.indexOf('\n\n')) !== -1) {
      const frame = this.#text.slice(0, end)
      this.#text = this.#text.slice(end + 2)
      if (this.#onOpen) {
        // The server's first frame (`:ok`): the stream is open.
        this.#onOpen()
        this.#onOpen = null
      }
      let data = null
      for (const line of frame.split('\n')) {
        if (line.startsWith('data:')) {
          const value = line.slice(line[5] === ' ' ? 6 : 5)
          data = data === null ? value : `${data}\n${value}`
        }
      }
      if (data !== null) onEvent(data, at)
    }
  }
}

function openStream(base, uid) {
  const { hostname, port } = new URL(base)
  return new Promise((resolve, reject) => {
    const reader = new EventReader(() => resolve(socket))
    const socket = net.connect({
      host: hostname,
      port: Number(port),
      noDelay: true,
      // Reads land in one buffer of this process and are decoded at once:
      // no buffer allocated per read, no 'data' event through a stream.
      onread: {
        buffer: readBuffer,
        callback(length, buffer) {
          const at = now()
          try {
            reader.read(buffer.toString('latin1', 0, length), at)
          } catch (error) {
            socket.destroy()
            reject(error)
            return false
          }
        },
      },
    })
    socket.on('connect', () => {
      socket.write(
        `GET /__transmit/events?uid=${uid} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n` +
          'Accept: text/event-stream\r\n\r\n'
      )
    })
    socket.on('error', reject)
  })
}

async function subscribe(base, token, uid, channel) {
  const response = await fetch(`${base}/__transmit/subscribe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'authorization': `Bearer ${token}` },
    body: JSON.stringify({ uid, channel }),
  })
  await response.arrayBuffer()
  if (response.status !== 204) throw new Error(`subscribe: ${response.status}`)
}

async function open({ url, token, channel, count }) {
  const pending = Array.from({ length: count }, () => randomUUID())
  const worker = async () => {
    for (let uid = pending.pop(); uid; uid = pending.pop()) {
      streams.push(await openStream(url, uid))
      await subscribe(url, token, uid, channel)
    }
  }
  await Promise.all(Array.from({ length: 25 }, worker))
}

process.on('message', (message) => {
  if (message.type === 'open') {
    open(message).then(
      () => process.send({ type: 'opened', total: streams.length }),
      (error) => process.send({ type: 'failed', error: String(error) })
    )
  } else if (message.type === 'close') {
    for (const socket of streams) socket.destroy()
    process.exit(0)
  }
})
