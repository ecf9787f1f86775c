import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { decodeJwt } from 'jose'
import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { tokenSettings } from '#config/auth'
import { redisEnabled, redisKeyPrefix } from '#start/runtime'
import { dbTimestamp } from '#services/db_time'

const password = 'correct-horse-9'

async function signUp(client: any, email: string) {
  const response = await client
    .post('/api/v1/auth/register')
    .json({ email, password, full_name: 'Session User' })
  response.assertStatus(201)
  return response.body().data.tokens as { access_token: string; refresh_token: string }
}

/**
 * Issue 14, finding 23: access tokens stop working as soon as their
 * session ends, not when they expire (up to 5 minutes later).
 */
test.group('Auth: ending a session denies its access tokens at once', (group) => {
  group.each.setup(() => truncateAll())

  test('an access token used after logout is 401', async ({ client }) => {
    const tokens = await signUp(client, 'leaving@example.com')
    const before = await client.get('/api/v1/me').bearerToken(tokens.access_token)
    before.assertStatus(200)

    const logout = await client
      .post('/api/v1/auth/logout')
      .json({ refresh_token: tokens.refresh_token })
    logout.assertStatus(204)

    const after = await client.get('/api/v1/me').bearerToken(tokens.access_token)
    after.assertStatus(401)
    after.assertBodyContains({ errors: [{ code: 'E_TOKEN_REVOKED' }] })
    after.assertHeader(
      'www-authenticate',
      'Bearer realm="api", error="invalid_token", error_description="The access token was revoked (logout or password change): sign in again"'
    )
  })

  test('logout ends only its own session: another sign-in of the same user keeps working', async ({
    client,
  }) => {
    const phone = await signUp(client, 'two-devices@example.com')
    const laptop = await client
      .post('/api/v1/auth/login')
      .json({ email: 'two-devices@example.com', password })
    laptop.assertStatus(200)

    await client.post('/api/v1/auth/logout').json({ refresh_token: phone.refresh_token })

    const phoneMe = await client.get('/api/v1/me').bearerToken(phone.access_token)
    phoneMe.assertStatus(401)
    const laptopMe = await client
      .get('/api/v1/me')
      .bearerToken(laptop.body().data.tokens.access_token)
    laptopMe.assertStatus(200)
  })

  test('every access token issued in a session is denied, including those of earlier rotations', async ({
    client,
  }) => {
    const first = await signUp(client, 'rotating@example.com')
    const refreshed = await client
      .post('/api/v1/auth/refresh')
      .json({ refresh_token: first.refresh_token })
    refreshed.assertStatus(200)
    const second = refreshed.body().data.tokens

    await client.post('/api/v1/auth/logout').json({ refresh_token: second.refresh_token })

    for (const token of [first.access_token, second.access_token]) {
      const response = await client.get('/api/v1/me').bearerToken(token)
      response.assertStatus(401)
    }
  })

  test('after a password change, the access tokens of every earlier session are 401 and the new one works', async ({
    client,
  }) => {
    const phone = await signUp(client, 'changing@example.com')
    const laptop = await client
      .post('/api/v1/auth/login')
      .json({ email: 'changing@example.com', password })
    const laptopTokens = laptop.body().data.tokens

    const change = await client
      .put('/api/v1/me/password')
      .bearerToken(laptopTokens.access_token)
      .json({ current_password: password, password: 'a-new-horse-42' })
    change.assertStatus(200)
    const fresh = change.body().data.tokens

    for (const token of [phone.access_token, laptopTokens.access_token]) {
      const response = await client.get('/api/v1/me').bearerToken(token)
      response.assertStatus(401)
    }
    const me = await client.get('/api/v1/me').bearerToken(fresh.access_token)
    me.assertStatus(200)
  })

  test("another user's session is not affected by a logout", async ({ client }) => {
    const other = await UserFactory.create()
    const tokens = await signUp(client, 'someone@example.com')
    await client.post('/api/v1/auth/logout').json({ refresh_token: tokens.refresh_token })

    const response = await client.get('/api/v1/me').loginAs(other)
    response.assertStatus(200)
  })

  test('a denial is kept only as long as an access token lives (Redis key with expiry, or a table row; expired rows are removed)', async ({
    client,
    assert,
  }) => {
    const tokens = await signUp(client, 'stored@example.com')
    const sessionId = decodeJwt(tokens.access_token).sid as string
    assert.isString(sessionId)
    if (!redisEnabled) {
      await db.table('denied_access_tokens').insert({
        id: 'an-old-session',
        expires_at: dbTimestamp(undefined, DateTime.now().minus({ minutes: 1 })),
      })
    }

    await client.post('/api/v1/auth/logout').json({ refresh_token: tokens.refresh_token })

    if (redisEnabled) {
      const ttl = await redis.ttl(`${redisKeyPrefix}denied_access:${sessionId}`)
      assert.isAbove(ttl, 0)
      assert.isAtMost(ttl, tokenSettings.accessTtl + 5)
    } else {
      const rows = await db.from('denied_access_tokens').select('id')
      assert.deepEqual(
        rows.map((row) => row.id),
        [sessionId]
      )
    }
  })
})
