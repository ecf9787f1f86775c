import { test } from '@japa/runner'
import { Frame, SLICE, WriteQueue } from '#services/realtime/fan_out'

/**
 * A stand-in for an open stream: the frames written to it, in order.
 */
class Received {
  frames: string[] = []
  write(frame: Frame) {
    this.frames.push(frame.text)
  }
}

const frame = (n: number) => new Frame({ channel: 'staff/orders', payload: { n } })

/**
 * The write queue of the Transmit fan-out (app/services/realtime/fan_out.ts):
 * a fan-out larger than a slice leaves the event loop free between slices,
 * and every subscriber still gets the messages in the order they were sent.
 */
test.group('Transmit fan-out: the write queue', () => {
  test('a fan-out within a slice is written at once', ({ assert }) => {
    const queue = new WriteQueue()
    const streams = Array.from({ length: SLICE }, () => new Received())
    queue.add(frame(1), streams)
    assert.isTrue(streams.every((stream) => stream.frames.length === 1))
  })

  test('a larger one goes out a slice at a time, other work runs between, order kept', async ({
    assert,
  }) => {
    const queue = new WriteQueue()
    const streams = Array.from({ length: SLICE * 2 + 500 }, () => new Received())
    queue.add(frame(1), streams)
    // The first slice at once, the rest after other work had its turn.
    assert.equal(streams.filter((stream) => stream.frames.length === 1).length, SLICE)
    const late = streams.slice(-10)
    queue.add(frame(2), late)
    // Written after every earlier message, though it would fit in a slice.
    assert.deepEqual(late[0].frames, [])

    let otherWorkRan = false
    setImmediate(() => (otherWorkRan = true))
    await new Promise<void>((resolve) => {
      const check = () => (late[0].frames.length === 2 ? resolve() : setImmediate(check))
      check()
    })
    assert.isTrue(otherWorkRan)
    assert.isTrue(streams.every((stream) => stream.frames[0] === frame(1).text))
    for (const stream of late) assert.deepEqual(stream.frames, [frame(1).text, frame(2).text])
    assert.isTrue(streams.slice(0, -10).every((stream) => stream.frames.length === 1))
  })

  test('a frame is the Server-Sent Events line and its HTTP chunk', ({ assert }) => {
    const made = new Frame({ channel: 'staff/orders', payload: { note: 'é' } })
    assert.equal(made.text, 'data: {"channel":"staff/orders","payload":{"note":"é"}}\n\n')
    const bytes = Buffer.byteLength(made.text)
    assert.equal(made.chunk.toString(), `${bytes.toString(16)}\r\n${made.text}\r\n`)
  })
})
