import { test } from '@japa/runner'
import { Bulkhead } from '#services/bulkhead'
import { ApiError } from '#exceptions/api_error'
import { positiveIntegerRule } from '#start/env_rules'

/**
 * A piece of work that runs until the test lets it end.
 */
function gate<T>(value: T) {
  let open!: () => void
  let fail!: (error: unknown) => void
  const opened = new Promise<void>((resolve, reject) => {
    open = resolve
    fail = reject
  })
  const log: string[] = []
  return {
    open,
    fail,
    log,
    work: async () => {
      log.push('started')
      await opened
      return value
    },
  }
}

/**
 * Lets every settled promise run its continuations (microtasks only).
 */
async function settle() {
  for (let round = 0; round < 10; round++) {
    await Promise.resolve()
  }
}

test.group('Bulkhead', () => {
  test('runs at most `limit` at once and admits the waiters in order of arrival', async ({
    assert,
  }) => {
    const bulkhead = new Bulkhead('checkout', 2, 60_000)
    const works = [gate(1), gate(2), gate(3), gate(4)]
    const runs = works.map((one) => bulkhead.run(one.work))
    await settle()
    assert.deepEqual(
      works.map((one) => one.log.length),
      [1, 1, 0, 0]
    )
    assert.deepEqual(bulkhead.load, { running: 2, waiting: 2 })

    works[1].open()
    assert.equal(await runs[1], 2)
    await settle()
    assert.deepEqual(
      works.map((one) => one.log.length),
      [1, 1, 1, 0],
      'the first waiter took the freed slot'
    )
    assert.deepEqual(bulkhead.load, { running: 2, waiting: 1 })

    works[0].fail(new Error('refused by the service'))
    await assert.rejects(() => runs[0], 'refused by the service')
    await settle()
    assert.equal(works[3].log.length, 1, 'a failed call frees its slot too')

    works[2].open()
    works[3].open()
    assert.deepEqual(await Promise.all([runs[2], runs[3]]), [3, 4])
    assert.deepEqual(bulkhead.load, { running: 0, waiting: 0 })
  })

  test('a waiter whose wait runs out gets a 503 E_OVERLOADED with Retry-After', async ({
    assert,
  }) => {
    const bulkhead = new Bulkhead('checkout', 1, 20)
    const first = gate('first')
    const running = bulkhead.run(first.work)
    const second = gate('second')
    const error = await bulkhead.run(second.work).catch((thrown: unknown) => thrown)
    assert.instanceOf(error, ApiError)
    const refusal = error as ApiError
    assert.equal(refusal.status, 503)
    assert.equal(refusal.code, 'E_OVERLOADED')
    assert.match(refusal.message, /Too many checkout requests at once/)
    assert.equal(refusal.headers['Retry-After'], '5')
    assert.lengthOf(second.log, 0, 'the refused work never ran')
    assert.deepEqual(bulkhead.load, { running: 1, waiting: 0 })

    first.open()
    assert.equal(await running, 'first')
    assert.deepEqual(bulkhead.load, { running: 0, waiting: 0 })
  })

  test('a call failing because the database is unreachable refuses every waiter at once', async ({
    assert,
  }) => {
    const bulkhead = new Bulkhead('checkout', 1, 60_000)
    const first = gate('first')
    const running = bulkhead.run(first.work)
    const waiters = [gate('a'), gate('b')]
    const waiting = waiters.map((one) => bulkhead.run(one.work).catch((thrown: unknown) => thrown))
    await settle()
    assert.deepEqual(bulkhead.load, { running: 1, waiting: 2 })

    first.fail(
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })
    )
    await assert.rejects(() => running, /ECONNREFUSED/)
    for (const outcome of await Promise.all(waiting)) {
      assert.instanceOf(outcome, ApiError)
      assert.equal((outcome as ApiError).status, 503)
      assert.equal((outcome as ApiError).code, 'E_SERVICE_UNAVAILABLE')
    }
    assert.deepEqual(
      waiters.map((one) => one.log.length),
      [0, 0]
    )
    assert.deepEqual(bulkhead.load, { running: 0, waiting: 0 })

    // The next call runs as usual.
    assert.equal(await bulkhead.run(async () => 'next'), 'next')
  })

  test('a failure of another kind leaves the waiters waiting', async ({ assert }) => {
    const bulkhead = new Bulkhead('checkout', 1, 60_000)
    const first = gate('first')
    const running = bulkhead.run(first.work)
    const second = gate('second')
    const waiting = bulkhead.run(second.work)
    first.fail(new ApiError(409, 'E_INSUFFICIENT_STOCK', 'sold out'))
    await assert.rejects(() => running, 'sold out')
    await settle()
    assert.lengthOf(second.log, 1)
    second.open()
    assert.equal(await waiting, 'second')
  })

  test('the limit must be a positive integer', ({ assert }) => {
    assert.throws(() => new Bulkhead('checkout', 0, 1000), /positive integer/)
    assert.throws(() => new Bulkhead('checkout', 1.5, 1000), /positive integer/)
  })

  test('CHECKOUT_CONCURRENCY and the like take whole numbers of at least 1', ({ assert }) => {
    assert.equal(positiveIntegerRule('CHECKOUT_CONCURRENCY', '16'), 16)
    assert.equal(positiveIntegerRule('CHECKOUT_CONCURRENCY', ' 3 '), 3)
    assert.isUndefined(positiveIntegerRule('CHECKOUT_CONCURRENCY', ''))
    assert.isUndefined(positiveIntegerRule('CHECKOUT_CONCURRENCY'))
    for (const bad of ['0', '-1', '1.5', 'ten', '1e3', '99999999999999999999']) {
      assert.throws(
        () => positiveIntegerRule('CHECKOUT_CONCURRENCY', bad),
        `Invalid value for "CHECKOUT_CONCURRENCY": expected a whole number of at least 1, got "${bad}"`
      )
    }
  })
})
