/**
 * Transmit's fan-out on this instance (issue 22, item 3).
 *
 * Transmit (@boringnode/transmit 0.2) gives every event stream an
 * object-mode Transform piped into the HTTP response, keeps the streams in
 * one Map and, for every broadcast, scans all of them for the channel's
 * subscribers and hands each the message to serialize again. At 10,000
 * streams that is a Transform, a pipe and their closures per stream (about
 * 2 KB), a scan of 10,000 entries per broadcast on any channel (a user's
 * orders, a product's stock), and 10,000 serializations of one message.
 *
 * Here the local side of Transmit's stream manager is replaced:
 * - a stream is a small record (client id, response, its channels) with the
 *   response's headers and `:ok` frame written as Transmit writes them;
 * - each channel knows its subscribers (an index kept on subscribe,
 *   unsubscribe and close), so a broadcast touches only them;
 * - a broadcast is serialized once, as the Server-Sent Events frame and
 *   that frame as an HTTP/1.1 chunk, and the same bytes go to each socket;
 * - a large fan-out is written in slices of `SLICE` sockets with the event
 *   loop free in between (other requests are not held for a whole
 *   fan-out), in order: broadcasts (and pings) queue behind each other, so
 *   every subscriber receives a channel's messages in the order sent;
 * - a subscriber that stops reading is dropped once `MAX_BACKLOG` bytes
 *   wait for it (its client reconnects and asks for what it missed)
 *   instead of holding every later message in memory;
 * - the request context of a stream is let go once the stream is open
 *   (Transmit's `disconnect` event gets the client id, not the context).
 * Together: about 8 KB of JavaScript heap per open stream instead of 12.6
 * (heap snapshots at 2,000 streams), most of what is left being Node's own
 * socket, request and response.
 *
 * What Transmit decides does not change: who may subscribe (its
 * authorization), its events (connect, disconnect, subscribe, broadcast),
 * its Redis transport to the other instances, its one shared ping timer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type transmitService from '@adonisjs/transmit/services/main'

type TransmitInstance = typeof transmitService
type StreamManager = ReturnType<TransmitInstance['getManager']>
type Stream = ReturnType<StreamManager['createStream']>
type CreateStreamParams = Parameters<StreamManager['createStream']>[0]

interface Broadcast {
  channel: string
  payload: unknown
}

interface Message {
  data?: unknown
}

const PING_CHANNEL = '$$transmit/ping'

/**
 * Sockets written per slice of a fan-out before the event loop gets a turn
 * (a write to a loopback socket costs the kernel about 10 µs on the 2-core
 * bench machine, the JavaScript around it about 1 µs: a slice is about 10
 * ms).
 */
export const SLICE = 1_000

/**
 * Bytes that may wait in memory for one subscriber (about 3,000 order
 * events) before its connection is closed.
 */
export const MAX_BACKLOG = 1024 * 1024

/**
 * A message as it goes on the wire: the SSE frame (JSON has no raw line
 * break, so the whole message is one `data:` line, as Transmit writes it),
 * and that frame as an HTTP/1.1 chunk (the event stream has no length, so
 * it is sent chunked), in bytes made once for every subscriber.
 */
export class Frame {
  readonly text: string
  readonly chunk: Buffer

  constructor(data: Broadcast) {
    this.text = `data: ${JSON.stringify(data)}\n\n`
    const bytes = Buffer.byteLength(this.text)
    this.chunk = Buffer.from(`${bytes.toString(16)}\r\n${this.text}\r\n`)
  }
}

const PING_FRAME = new Frame({ channel: PING_CHANNEL, payload: {} })

const SUBSCRIBER = Symbol('transmit subscriber')

/**
 * One event stream: what Transmit's stream manager knows of it, and the
 * little a response stream must show AdonisJS (`ctx.response.stream()`
 * checks for `pipe`, `read` and `readable`; the headers are already sent,
 * so AdonisJS never pipes it).
 */
class Subscriber {
  readonly channels = new Set<string>()
  readonly readable = true

  constructor(
    readonly uid: string,
    readonly response: ServerResponse<IncomingMessage>,
    readonly onDisconnect: CreateStreamParams['onDisconnect']
  ) {}

  getUid() {
    return this.uid
  }

  /**
   * Transmit's own writes (none remain but its ping, which goes through
   * the fan-out below; kept for anything that calls a stream directly).
   */
  writeMessage(message: Message, _encoding?: unknown, callback?: (error?: Error | null) => void) {
    const data = message.data as Broadcast
    const frame = data?.channel === PING_CHANNEL ? PING_FRAME : new Frame(data)
    return this.write(frame, callback)
  }

  /**
   * The ready chunk on the socket of an open chunked response (every event
   * stream on HTTP/1.1): one write of shared bytes. Anything else (an
   * HTTP/1.0 response, not chunked) goes through `response.write`.
   */
  write(frame: Frame, callback?: (error?: Error | null) => void): boolean {
    const response = this.response
    if (response.destroyed || response.writableEnded) return false
    const socket = response.socket
    if (socket && socket.writableLength > MAX_BACKLOG) {
      socket.destroy()
      return false
    }
    if (response.chunkedEncoding && socket && socket.writable) {
      return socket.write(frame.chunk, callback)
    }
    return response.write(frame.text, callback)
  }

  read() {
    return null
  }

  pipe<Destination>(destination: Destination) {
    return destination
  }

  on() {
    return this
  }

  once() {
    return this
  }
}

/**
 * Fan-outs waiting to be written, oldest first. Each is a frame and the
 * subscribers it goes to (taken when it was sent: a stream that subscribes
 * later does not get it, one that closed meanwhile is skipped).
 */
interface Writable {
  write(frame: Frame): unknown
}

export class WriteQueue {
  #jobs: { frame: Frame; to: Writable[]; next: number }[] = []
  #scheduled = false

  add(frame: Frame, to: Writable[]) {
    if (to.length === 0) return
    if (this.#jobs.length === 0 && to.length <= SLICE) {
      for (const subscriber of to) subscriber.write(frame)
      return
    }
    this.#jobs.push({ frame, to, next: 0 })
    if (!this.#scheduled) this.#drain()
  }

  #drain = () => {
    this.#scheduled = false
    let budget = SLICE
    while (budget > 0 && this.#jobs.length > 0) {
      const job = this.#jobs[0]
      const end = Math.min(job.to.length, job.next + budget)
      for (let index = job.next; index < end; index++) job.to[index].write(job.frame)
      budget -= end - job.next
      job.next = end
      if (job.next === job.to.length) this.#jobs.shift()
    }
    if (this.#jobs.length > 0) {
      this.#scheduled = true
      setImmediate(this.#drain)
    }
  }
}

/**
 * The subscribers of this instance, by channel: what Transmit's storage
 * keeps, indexed the other way round.
 */
class LocalStreams {
  readonly #open = new Set<Subscriber>()
  readonly #byUid = new Map<string, Subscriber>()
  readonly #byChannel = new Map<string, Set<Subscriber>>()
  readonly #queue = new WriteQueue()

  /**
   * A client id opened again (a reconnect) names the new stream from now
   * on; the old one keeps its channels until it closes, as in Transmit.
   */
  open(subscriber: Subscriber) {
    this.#open.add(subscriber)
    this.#byUid.set(subscriber.uid, subscriber)
  }

  close(subscriber: Subscriber) {
    this.#open.delete(subscriber)
    if (this.#byUid.get(subscriber.uid) === subscriber) this.#byUid.delete(subscriber.uid)
    for (const channel of subscriber.channels) this.#leave(subscriber, channel)
    subscriber.channels.clear()
  }

  subscribe(uid: string, channel: string) {
    const subscriber = this.#byUid.get(uid)
    if (!subscriber) return
    subscriber.channels.add(channel)
    let members = this.#byChannel.get(channel)
    if (!members) {
      members = new Set()
      this.#byChannel.set(channel, members)
    }
    members.add(subscriber)
  }

  unsubscribe(uid: string, channel: string) {
    const subscriber = this.#byUid.get(uid)
    if (!subscriber) return
    subscriber.channels.delete(channel)
    this.#leave(subscriber, channel)
  }

  #leave(subscriber: Subscriber, channel: string) {
    const members = this.#byChannel.get(channel)
    if (!members) return
    members.delete(subscriber)
    if (members.size === 0) this.#byChannel.delete(channel)
  }

  /**
   * A channel's message to its subscribers here, but those in `except`.
   */
  broadcast(data: Broadcast, except?: string | string[]) {
    const members = this.#byChannel.get(data.channel)
    if (!members) return
    let to = [...members]
    if (except !== undefined) {
      const skipped = new Set(Array.isArray(except) ? except : [except])
      to = to.filter((subscriber) => !skipped.has(subscriber.uid))
    }
    this.#queue.add(new Frame(data), to)
  }

  ping() {
    this.#queue.add(PING_FRAME, [...this.#open])
  }
}

function onResponseClose(this: ServerResponse) {
  const subscriber: Subscriber | undefined = (this as any)[SUBSCRIBER]
  if (!subscriber) return
  ;(this as any)[SUBSCRIBER] = undefined
  streams.close(subscriber)
  subscriber.onDisconnect?.({ uid: subscriber.uid })
}

const streams = new LocalStreams()

/**
 * What Transmit's broadcast loop gets from `findByChannel` (and its ping
 * loop from `getAllSubscribers`): one writer that hands the message to the
 * fan-out of the channel, instead of every subscriber.
 */
function channelWriter(write: (data: Broadcast) => void) {
  return {
    // Matches no sender Transmit could skip (its loop compares client ids).
    getUid: () => WRITER_UID,
    writeMessage(message: Message) {
      write(message.data as Broadcast)
      return true
    },
  }
}

const WRITER_UID = Symbol('fan-out')
const broadcastWriter = channelWriter((data) => streams.broadcast(data))
const pingWriter = channelWriter(() => streams.ping())

/**
 * Installs the fan-out on Transmit (call once, at boot, before any stream
 * is open).
 */
export function serializeOncePerBroadcast(transmit: TransmitInstance) {
  const manager = transmit.getManager()
  const subscribe = manager.subscribe.bind(manager)
  const unsubscribe = manager.unsubscribe.bind(manager)

  manager.createStream = (params: CreateStreamParams) => {
    const { uid, request, response, injectResponseHeaders, onConnect, onDisconnect } = params
    // As Transmit's Stream does (its constructor and pipe()).
    if (request?.socket) {
      request.socket.setKeepAlive(true)
      request.socket.setNoDelay(true)
      request.socket.setTimeout(0)
    }
    response.writeHead(200, {
      ...injectResponseHeaders,
      'Cache-Control': 'private, no-cache, no-store, must-revalidate, max-age=0, no-transform',
      'Connection': 'keep-alive',
      'Content-Type': 'text/event-stream',
      'Expire': '0',
      'Pragma': 'no-cache',
      'X-Accel-Buffering': 'no',
    })
    response.flushHeaders()
    response.write(':ok\n\n')

    const subscriber = new Subscriber(uid, response, onDisconnect)
    streams.open(subscriber)
    onConnect?.({ uid, context: params.context })
    ;(response as any)[SUBSCRIBER] = subscriber
    response.once('close', onResponseClose)
    // A client gone before its stream was set up: no 'close' is coming.
    if (response.destroyed) onResponseClose.call(response)
    return subscriber as unknown as Stream
  }

  /**
   * Transmit's `disconnect` event would keep the stream's whole request
   * context (HttpContext: request, response, logger, container, auth...,
   * about 2.6 KB) alive for as long as the stream is open, for a listener
   * that gets it when the stream closes. It is handed over for the
   * `connect` event and let go once the stream is open: `disconnect`
   * carries the client id and an undefined context (as `unsubscribe` does
   * when a revocation ends a subscription, app/listeners/end_live_access.ts).
   */
  const createTransmitStream = transmit.createStream.bind(transmit)
  transmit.createStream = (params) => {
    const held = { ...params }
    try {
      return createTransmitStream(held)
    } finally {
      held.context = undefined as unknown as typeof params.context
    }
  }

  manager.subscribe = async (params) => {
    const accepted = await subscribe(params)
    if (accepted) streams.subscribe(params.uid, params.channel)
    return accepted
  }

  manager.unsubscribe = async (params) => {
    const done = await unsubscribe(params)
    streams.unsubscribe(params.uid, params.channel)
    return done
  }

  manager.findByChannel = () => new Set([broadcastWriter]) as unknown as Set<Stream>

  manager.getAllSubscribers = () =>
    new Map([[pingWriter, new Set<string>()]]) as unknown as Map<Stream, Set<string>>

  const broadcastExcept = (channel: string, payload: unknown, senderUid: string | string[]) =>
    streams.broadcast({ channel, payload }, senderUid)
  transmit.broadcastExcept = broadcastExcept as TransmitInstance['broadcastExcept']
}
