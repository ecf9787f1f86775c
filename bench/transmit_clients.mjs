/**
 * One client process of the Transmit fan-out bench (bench/transmit.mjs
 * forks several: one Node process cannot parse 10,000 streams' events in
 * time on its own).
 *
 * Each stream is a plain HTTP GET of `/__transmit/events?uid=` read as
 * Server-Sent Events (frames split on a blank line, `data:` lines joined
 * and parsed as JSON), subscribed to a channel with a bearer token through
 * `POST /__transmit/subscribe`, as @adonisjs/transmit-client does. The
 * receipt time of an order's `shipped` event is taken when its bytes
 * arrive, as `performance.timeOrigin + performance.now()` (a wall clock
 * in milliseconds, the same across the processes of one machine), and
 * sent to the parent once every stream of this process has it (the same
 * for every order event: `pending` when it is placed, too).
 *
 * Messages from the parent: `{ type: 'open', url, token, channel, count }`
 * opens `count` more streams (answered `{ type: 'opened', total }`);
 * `{ type: 'close' }` closes them all and exits.
 */
import http from 'node:http'
import { randomUUID } from 'node:crypto'

const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity })
const streams = []
/** order number -> receipt times (ms, wall clock) */
const received = new Map()

function now() {
  return performance.timeOrigin + performance.now()
}

function onEvent(data, at) {
  let message
  try {
    message = JSON.parse(data)
  } catch {
    return
  }
  const payload = message.payload
  if (!payload || !payload.order_number || !payload.to) return
  const key = `${payload.order_number} ${payload.to}`
  const times = received.get(key) ?? []
  times.push(at)
  received.set(key, times)
  if (times.length === streams.length) {
    received.delete(key)
    process.send({ type: 'received', number: payload.order_number, to: payload.to, times })
  }
}

function openStream(base, uid) {
  return new Promise((resolve, reject) => {
    const request = http.get(`${base}/__transmit/events?uid=${uid}`, { agent }, (response) => {
      if (response.statusCode !== 200) {
        reject(new Error(`stream: ${response.statusCode}`))
        response.resume()
        return
      }
      response.setEncoding('utf8')
      let buffer = ''
      let opened = false
      response.on('data', (chunk) => {
        const at = now()
        buffer += chunk
        let end
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const frame = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          if (!opened) {
            // The server's first frame (`:ok`): the stream is open.
            opened = true
            resolve(request)
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
      })
      response.on('error', () => {})
    })
    request.on('error', reject)
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
    for (const request of streams) request.destroy()
    process.exit(0)
  }
})
