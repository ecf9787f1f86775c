import { test } from '@japa/runner'
import { freePort, startApp } from '#tests/support/app_process'

test.group('Health', () => {
  test('live answers 200', async ({ client }) => {
    const response = await client.get('/health/live')
    response.assertStatus(200)
    response.assertBody({ status: 'ok' })
  })

  test('ready answers 200 and names each backing service it checked', async ({
    client,
    assert,
  }) => {
    const response = await client.get('/health/ready')
    response.assertStatus(200)
    const checks = response.body().checks as Array<{ name: string; status: string }>
    assert.isTrue(checks.some((check) => /database/i.test(check.name)))
    assert.isTrue(checks.every((check) => check.status === 'ok'))
    if (process.env.REDIS_HOST || process.env.REDIS_URL) {
      assert.isTrue(checks.some((check) => /redis/i.test(check.name)))
    }
  })

  test('ready answers 503 when PostgreSQL cannot be reached', async ({ assert, cleanup }) => {
    const deadPort = await freePort()
    const app = await startApp({
      DB_CONNECTION: 'pg',
      DB_HOST: '127.0.0.1',
      DB_PORT: String(deadPort),
      DB_DATABASE: 'shop',
      DB_AUTO_MIGRATE: 'false',
      DEMO_DATA: 'false',
      REDIS_HOST: '',
      REDIS_URL: '',
    })
    cleanup(() => app.stop())

    const live = await fetch(`${app.url}/health/live`)
    assert.equal(live.status, 200)

    const ready = await fetch(`${app.url}/health/ready`)
    assert.equal(ready.status, 503)
    const body = (await ready.json()) as { errors: Array<{ code: string; message: string }> }
    assert.equal(body.errors[0].code, 'E_SERVICE_UNAVAILABLE')
    assert.match(body.errors[0].message, /database/i)

    const apiCall = await fetch(`${app.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@example.com', password: 'password123' }),
    })
    assert.equal(apiCall.status, 503)
    const apiBody = (await apiCall.json()) as { errors: Array<{ code: string }> }
    assert.equal(apiBody.errors[0].code, 'E_SERVICE_UNAVAILABLE')
  }).timeout(90_000)

  test('ready answers 503 when Redis is configured but cannot be reached', async ({
    assert,
    cleanup,
  }) => {
    const deadPort = await freePort()
    const app = await startApp({
      DB_CONNECTION: 'sqlite',
      SQLITE_FILE: ':memory:',
      DATABASE_URL: '',
      DB_AUTO_MIGRATE: 'false',
      DEMO_DATA: 'false',
      REDIS_URL: '',
      REDIS_HOST: '127.0.0.1',
      REDIS_PORT: String(deadPort),
    })
    cleanup(() => app.stop())

    const ready = await fetch(`${app.url}/health/ready`)
    assert.equal(ready.status, 503)
    const body = (await ready.json()) as { errors: Array<{ message: string }> }
    assert.match(body.errors[0].message, /redis/i)
  }).timeout(90_000)
})
