/**
 * Transmit's fan-out, one serialization per broadcast (issue 22, item 3).
 *
 * Transmit (@boringnode/transmit 0.2) hands a broadcast to each
 * subscriber's stream as an object: an object-mode Transform that
 * serializes it again for every subscriber (JSON.stringify, a split on
 * line breaks, two pushes), then pipes the pieces into the HTTP response.
 * At 10,000 subscribers that is 10,000 serializations of the same payload
 * and the stream machinery twice over, per event.
 *
 * Here each stream Transmit creates writes its messages straight to its
 * HTTP response, as one Server-Sent Events frame made once per broadcast
 * and shared by every subscriber of it (the same bytes Transmit writes:
 * `data: {"channel":...,"payload":...}` and a blank line). Who receives
 * what does not change: Transmit still decides the subscribers of a
 * channel (its storage, its authorization, its Redis transport for the
 * other instances); only the writing of a message is replaced.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type transmitService from '@adonisjs/transmit/services/main'

type TransmitInstance = typeof transmitService
type StreamManager = ReturnType<TransmitInstance['getManager']>
type Stream = ReturnType<StreamManager['createStream']>

interface Broadcast {
  channel: string
  payload: unknown
}

const PING_CHANNEL = '$$transmit/ping'

/**
 * A message as it goes on the wire: the SSE frame (JSON has no raw line
 * break, so the whole message is one `data:` line), and that frame as an
 * HTTP/1.1 chunk (the event stream has no length, so Node sends it
 * chunked), in bytes made once for every subscriber.
 */
class Frame {
  readonly text: string
  readonly chunk: Buffer

  constructor(data: Broadcast) {
    this.text = `data: ${JSON.stringify(data)}\n\n`
    const bytes = Buffer.byteLength(this.text)
    this.chunk = Buffer.from(`${bytes.toString(16)}\r\n${this.text}\r\n`)
  }
}

const PING_FRAME = new Frame({ channel: PING_CHANNEL, payload: {} })

/**
 * Transmit loops over a channel's subscribers synchronously, giving each
 * the same payload object: the frame made for the first is reused until
 * that loop is over (forgotten at the next microtask, so a payload object
 * changed and broadcast again later is serialized again).
 */
class FrameOfBroadcast {
  #payload: unknown = undefined
  #channel: string | null = null
  #frame: Frame | null = null

  for(data: Broadcast): Frame {
    if (data.channel === PING_CHANNEL) return PING_FRAME
    if (this.#frame === null || data.payload !== this.#payload || data.channel !== this.#channel) {
      const forget = this.#frame === null
      this.#payload = data.payload
      this.#channel = data.channel
      this.#frame = new Frame(data)
      if (forget) queueMicrotask(() => this.#forget())
    }
    return this.#frame
  }

  #forget() {
    this.#payload = undefined
    this.#channel = null
    this.#frame = null
  }
}

const frames = new FrameOfBroadcast()

/**
 * Writes a frame to one subscriber. An open chunked response (every event
 * stream on HTTP/1.1) gets the ready chunk on its socket: one write of
 * shared bytes, at once, where `response.write` would encode the text
 * again, split it into four buffers (size, CRLF, data, CRLF) and hold the
 * socket corked until the next tick. Anything else (a response that is
 * not chunked) goes through `response.write`.
 */
function writeFrame(
  response: ServerResponse<IncomingMessage>,
  frame: Frame,
  callback?: (error: Error | null | undefined) => void
): boolean {
  if (response.destroyed || response.writableEnded) return false
  const socket = response.socket
  if (response.chunkedEncoding && response.headersSent && socket && socket.writable) {
    return socket.write(frame.chunk, callback)
  }
  return response.write(frame.text, callback)
}

function isBroadcast(data: unknown): data is Broadcast {
  return typeof data === 'object' && data !== null && typeof (data as any).channel === 'string'
}

/**
 * Installs the direct writer on every stream Transmit creates from now on
 * (call once, at boot, before any stream is open).
 */
export function serializeOncePerBroadcast(transmit: TransmitInstance) {
  const manager = transmit.getManager()
  const createStream = manager.createStream.bind(manager)

  manager.createStream = (params: Parameters<StreamManager['createStream']>[0]) => {
    const stream: Stream = createStream(params)
    const response: ServerResponse<IncomingMessage> = params.response
    const writeThroughTransform = stream.writeMessage.bind(stream)
    stream.writeMessage = (message, encoding, callback) => {
      if (!isBroadcast(message.data)) {
        return writeThroughTransform(message, encoding, callback)
      }
      return writeFrame(response, frames.for(message.data), callback)
    }
    return stream
  }
}
