import { test } from '@japa/runner'
import type { Assert } from '@japa/assert'
import { startApp, type AppProcess } from '#tests/support/app_process'
import {
  createScratchDatabase,
  eventually,
  PgProxy,
  type ScratchDatabase,
} from '#tests/support/faults'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { jwtSigner } from '#config/auth'

/**
 * The longest a request may take while PostgreSQL is unreachable.
 */
const DEADLINE_MS = 5_000

interface Outcome {
  name: string
  status: number
  ms: number
  body: any
}

/**
 * PostgreSQL goes away behind a proxy the test controls, while the app
 * keeps running: it must answer 503 quickly, never hang, and come back by
 * itself. Needs PostgreSQL whatever the run's own mode, so the app runs on
 * a scratch PostgreSQL database (without Redis, so the database is the
 * only thing that fails).
 */
test.group('Resilience: PostgreSQL unreachable', (group) => {
  let scratch: ScratchDatabase
  let proxy: PgProxy
  let app: AppProcess
  let token: string
  let email: string
  let productId: number
  let round = 0

  group.setup(async () => {
    scratch = await createScratchDatabase('pg')
    proxy = await PgProxy.start()
    try {
      app = await startApp({
        ...scratch.appEnv(proxy),
        REDIS_URL: '',
        REDIS_HOST: '',
      })
    } catch (error) {
      await proxy.stop()
      await scratch.drop()
      throw error
    }
    const user = await UserFactory.connection(scratch.name).create()
    email = user.email
    token = (await jwtSigner.sign(user)).value
    productId = (await ProductFactory.connection(scratch.name).merge({ stock: 1_000 }).create()).id
    return async () => {
      await app.stop()
      await proxy.stop()
      await scratch.drop()
    }
  })

  group.each.teardown(() => proxy.restore())

  /**
   * Requests that all need the database: readiness, an authenticated read,
   * an uncached catalog query, a sign-in and a checkout (a transaction).
   */
  const requests = () => {
    round++
    const auth = { authorization: `Bearer ${token}` }
    const json = { 'content-type': 'application/json' }
    return {
      ready: () => fetch(`${app.url}/health/ready`),
      me: () => fetch(`${app.url}/api/v1/me`, { headers: auth }),
      products: () => fetch(`${app.url}/api/v1/products?q=uncached-${round}-${Math.random()}`),
      login: () =>
        fetch(`${app.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ email, password: 'password123' }),
        }),
      checkout: () =>
        fetch(`${app.url}/api/v1/orders`, {
          method: 'POST',
          headers: { ...json, ...auth },
          body: JSON.stringify({ items: [{ product_id: productId, quantity: 1 }] }),
        }),
    }
  }

  /**
   * Each kind of request `copies` times, all at once (more of them than the
   * pool has connections), each with a client-side safety net well past the
   * deadline so a hung request fails the test instead of the run.
   */
  async function fire(copies: number): Promise<Outcome[]> {
    const all = Object.entries(requests()).flatMap(([name, send]) =>
      Array.from({ length: copies }, () => ({ name, send }))
    )
    return Promise.all(
      all.map(async ({ name, send }) => {
        const started = performance.now()
        try {
          const response = await Promise.race([
            send(),
            new Promise<never>((_, reject) =>
              setTimeout(() => reject(new Error('no answer within 15 s')), 15_000)
            ),
          ])
          const text = await response.text()
          let body: any = text
          try {
            body = JSON.parse(text)
          } catch {}
          return { name, status: response.status, ms: performance.now() - started, body }
        } catch (error) {
          return { name, status: 0, ms: performance.now() - started, body: String(error) }
        }
      })
    )
  }

  function assertAllUnavailable(assert: Assert, outcomes: Outcome[]) {
    for (const outcome of outcomes) {
      const label = `${outcome.name}: ${outcome.status} in ${Math.round(outcome.ms)} ms ${JSON.stringify(outcome.body)}`
      assert.equal(outcome.status, 503, label)
      assert.isBelow(outcome.ms, DEADLINE_MS, label)
      assert.isArray(outcome.body?.errors, label)
      assert.isAbove(outcome.body.errors.length, 0, label)
      for (const error of outcome.body.errors) {
        assert.equal(error.code, 'E_SERVICE_UNAVAILABLE', label)
        assert.isString(error.message, label)
      }
    }
  }

  async function assertRecovers(assert: Assert) {
    /**
     * The first answers after the network heals may still see a dying
     * connection; within a few seconds everything answers again, without
     * restarting the app.
     */
    await eventually(async () => (await fire(1)).every((outcome) => outcome.status < 300), {
      timeoutMs: 20_000,
      intervalMs: 200,
      what: 'every request succeeding again',
    })
    for (const outcome of await fire(4)) {
      assert.isBelow(outcome.status, 300, `${outcome.name}: ${JSON.stringify(outcome.body)}`)
    }
  }

  test('refused and cut connections: 503 in the error shape at once, then recovery', async ({
    assert,
  }) => {
    for (const outcome of await fire(4)) {
      assert.isBelow(outcome.status, 300, `${outcome.name}: ${JSON.stringify(outcome.body)}`)
    }

    proxy.refuse()
    assertAllUnavailable(assert, await fire(6))
    assertAllUnavailable(assert, await fire(2))

    proxy.restore()
    await assertRecovers(assert)
  })

  test('blackholed connections (old and new hang silently): 503 within 5 s, no hung request, then recovery', async ({
    assert,
  }) => {
    /**
     * Warm the pool, so open idle connections are caught in the partition.
     */
    for (const outcome of await fire(6)) {
      assert.isBelow(outcome.status, 300, `${outcome.name}: ${JSON.stringify(outcome.body)}`)
    }
    assert.isAbove(proxy.openLinks, 0)

    proxy.blackhole()
    assertAllUnavailable(assert, await fire(6))
    assertAllUnavailable(assert, await fire(2))

    proxy.restore()
    await assertRecovers(assert)
  })
})
