import { test } from '@japa/runner'
import { runUntilExit, startApp } from '#tests/support/app_process'
import { createScratchSqlite } from '#tests/support/faults'

/**
 * Issue 14, finding 12: TRUST_PROXY=true let any client pick its address
 * with X-Forwarded-For and walk around every per-IP budget. Each app here
 * has an API budget of 3 requests a minute per client IP; each request
 * claims another address in X-Forwarded-For.
 */
async function statusesWithSpoofedAddresses(
  trustProxy: string,
  cleanup: (fn: () => Promise<void>) => void
) {
  const database = await createScratchSqlite(`trust_${trustProxy.replace(/\W/g, '')}`)
  cleanup(() => database.drop())
  const app = await startApp(
    {
      ...database.appEnv(),
      TRUST_PROXY: trustProxy,
      RATE_LIMIT_API_PER_MINUTE: '3',
      REDIS_HOST: '',
      REDIS_URL: '',
      ADMIN_JS_SKIP_BUNDLE: 'true',
    },
    90_000
  )
  cleanup(() => app.stop())
  const statuses: number[] = []
  for (let index = 1; index <= 5; index++) {
    const response = await fetch(`${app.url}/api/v1/categories`, {
      headers: { 'x-forwarded-for': `203.0.113.${index}` },
    })
    await response.arrayBuffer()
    statuses.push(response.status)
  }
  return statuses
}

test.group('TRUST_PROXY', () => {
  test('unset: X-Forwarded-For is ignored, the per-IP budget holds', async ({
    assert,
    cleanup,
  }) => {
    assert.deepEqual(await statusesWithSpoofedAddresses('', cleanup), [200, 200, 200, 429, 429])
  }).timeout(120_000)

  test('a proxy list without the client: its X-Forwarded-For is ignored', async ({
    assert,
    cleanup,
  }) => {
    assert.deepEqual(
      await statusesWithSpoofedAddresses('10.0.0.0/8,192.168.1.7', cleanup),
      [200, 200, 200, 429, 429]
    )
  }).timeout(120_000)

  test("the client's address trusted (a list, or one hop): X-Forwarded-For is honoured", async ({
    assert,
    cleanup,
  }) => {
    assert.deepEqual(
      await statusesWithSpoofedAddresses('10.0.0.0/8,127.0.0.1', cleanup),
      [200, 200, 200, 200, 200]
    )
    assert.deepEqual(await statusesWithSpoofedAddresses('1', cleanup), [200, 200, 200, 200, 200])
  }).timeout(120_000)

  test('TRUST_PROXY=true, or a malformed address, stops the boot with a message naming it', async ({
    assert,
  }) => {
    const refused = await runUntilExit({ TRUST_PROXY: 'true' })
    assert.notEqual(refused.code, 0)
    assert.include(refused.output, 'TRUST_PROXY')
    assert.include(refused.output, 'X-Forwarded-For')

    const malformed = await runUntilExit({ TRUST_PROXY: '10.0.0.0/99' })
    assert.notEqual(malformed.code, 0)
    assert.include(malformed.output, '10.0.0.0/99')
  }).timeout(120_000)
})
