import { test } from '@japa/runner'
import { readFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import app from '@adonisjs/core/services/app'
import { request } from 'node:http'
import { serverUrl, startApp } from '#tests/support/app_process'

const ORIGIN = 'https://shop.example'

/**
 * A CORS preflight as a browser sends it (OPTIONS is no API operation, so
 * it goes around the suite's contract-checking fetch).
 */
function preflight(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; header: (name: string) => string | null }>(
    (resolve, reject) => {
      const sent = request(url, { method: 'OPTIONS', headers }, (response) => {
        response.resume()
        response.on('end', () =>
          resolve({
            status: response.statusCode!,
            header: (name) => {
              const value = response.headers[name.toLowerCase()]
              return value === undefined ? null : String(value)
            },
          })
        )
      })
      sent.on('error', reject)
      sent.end()
    }
  )
}

function exposed(response: Response) {
  return (response.headers.get('access-control-expose-headers') ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
}

/**
 * Issue 15, items 7 and 8 (the index): what a browser on another origin
 * may read, and where things are.
 */
test.group('CORS: a browser on another origin', () => {
  test('a preflight for a checkout is allowed, and the answer exposes the headers a client needs', async ({
    assert,
  }) => {
    const checkout = await preflight(`${serverUrl()}/api/v1/orders`, {
      'origin': ORIGIN,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type, idempotency-key',
    })
    assert.equal(checkout.status, 204)
    assert.equal(checkout.header('access-control-allow-origin'), '*')
    assert.include(checkout.header('access-control-allow-methods')!, 'POST')
    const allowed = checkout.header('access-control-allow-headers')!.toLowerCase()
    for (const name of ['authorization', 'content-type', 'idempotency-key']) {
      assert.include(allowed, name)
    }

    const actual = await fetch(`${serverUrl()}/api/v1/products`, { headers: { origin: ORIGIN } })
    assert.equal(actual.status, 200)
    assert.equal(actual.headers.get('access-control-allow-origin'), '*')
    assert.isNotNull(actual.headers.get('x-ratelimit-remaining'))
    assert.includeMembers(exposed(actual), [
      'idempotent-replayed',
      'x-request-id',
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
      'retry-after',
      'www-authenticate',
    ])

    const refused = await fetch(`${serverUrl()}/api/v1/me`, { headers: { origin: ORIGIN } })
    assert.equal(refused.status, 401)
    assert.include(exposed(refused), 'www-authenticate')
  })

  test('CORS_ORIGIN takes a list: listed origins are allowed, others are not', async ({
    assert,
    cleanup,
  }) => {
    const sqliteFile = `tmp/cors_${process.pid}_${randomBytes(3).toString('hex')}.sqlite3`
    const child = await startApp({
      CORS_ORIGIN: 'https://shop.example, https://admin.example/',
      DB_CONNECTION: 'sqlite',
      SQLITE_FILE: sqliteFile,
      DB_AUTO_MIGRATE: 'false',
      DEMO_DATA: 'false',
      REDIS_HOST: '',
      REDIS_URL: '',
    })
    cleanup(async () => {
      await child.stop()
      const { rmSync } = await import('node:fs')
      rmSync(app.makePath(sqliteFile), { force: true })
    })

    for (const origin of ['https://shop.example', 'https://admin.example']) {
      const allowed = await preflight(`${child.url}/api/v1/orders`, {
        'origin': origin,
        'access-control-request-method': 'POST',
      })
      assert.equal(allowed.status, 204)
      assert.equal(allowed.header('access-control-allow-origin'), origin)
      const actual = await fetch(`${child.url}/`, { headers: { origin } })
      assert.equal(actual.headers.get('access-control-allow-origin'), origin)
      assert.include(exposed(actual), 'idempotent-replayed')
    }

    const stranger = await fetch(`${child.url}/`, { headers: { origin: 'https://evil.example' } })
    assert.isNull(stranger.headers.get('access-control-allow-origin'))
    const strangerPreflight = await preflight(`${child.url}/api/v1/orders`, {
      'origin': 'https://evil.example',
      'access-control-request-method': 'POST',
    })
    assert.isNull(strangerPreflight.header('access-control-allow-origin'))
  })
})

test.group('GET /: the index', () => {
  test('names the app and its version, and links to the docs, the panel and health', async ({
    client,
    assert,
  }) => {
    const pkg = JSON.parse(readFileSync(app.makePath('package.json'), 'utf8'))
    const response = await client.get('/')
    response.assertStatus(200)
    const body = response.body()
    assert.equal(body.name, pkg.name)
    assert.equal(body.version, pkg.version)
    assert.containsSubset(body.links, {
      api: '/api/v1',
      docs: '/docs',
      redoc: '/redoc',
      openapi: '/openapi.json',
      admin: '/admin',
      health: { live: '/health/live', ready: '/health/ready' },
    })
    for (const link of [
      body.links.docs,
      body.links.redoc,
      body.links.openapi,
      body.links.health.ready,
    ]) {
      const target = await client.get(link)
      assert.oneOf(target.status(), [200, 503], link)
    }
  })
})
