import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import app from '@adonisjs/core/services/app'
import { DateTime } from 'luxon'
import { truncateAll } from '#tests/support/database'
import { dbTimestamp } from '#services/db_time'
import type { RefreshTokenSettings } from '#config/refresh_tokens'

const password = 'correct-horse-9'

/**
 * Moves every rotation back past the reuse grace window (as if it had
 * lasted), instead of waiting for it.
 */
async function pastTheGraceWindow() {
  const grace = app.config.get<RefreshTokenSettings>('refresh_tokens').reuseGraceSeconds
  await db
    .from('refresh_tokens')
    .whereNotNull('used_at')
    .update({ used_at: dbTimestamp(undefined, DateTime.now().minus({ seconds: grace + 1 })) })
}

test.group('Auth: register, login, refresh with rotation', (group) => {
  group.each.setup(() => truncateAll())

  test('register -> login -> /me -> refresh -> reuse of the old refresh token revokes the family', async ({
    client,
    assert,
  }) => {
    const register = await client.post('/api/v1/auth/register').json({
      email: 'Jane.Doe@Example.com',
      password,
      full_name: 'Jane Doe',
    })
    register.assertStatus(201)
    assert.equal(register.body().data.user.email, 'jane.doe@example.com')
    assert.equal(register.body().data.user.role, 'customer')
    assert.properties(register.body().data.tokens, ['access_token', 'refresh_token', 'expires_in'])

    const login = await client
      .post('/api/v1/auth/login')
      .json({ email: 'JANE.DOE@example.com', password })
    login.assertStatus(200)
    const first = login.body().data.tokens

    const me = await client.get('/api/v1/me').bearerToken(first.access_token)
    me.assertStatus(200)
    assert.equal(me.body().data.email, 'jane.doe@example.com')
    assert.equal(me.body().data.full_name, 'Jane Doe')

    const refreshed = await client
      .post('/api/v1/auth/refresh')
      .json({ refresh_token: first.refresh_token })
    refreshed.assertStatus(200)
    const second = refreshed.body().data.tokens
    assert.notEqual(second.refresh_token, first.refresh_token)

    const meAgain = await client.get('/api/v1/me').bearerToken(second.access_token)
    meAgain.assertStatus(200)

    // issue 14, finding 16: past the grace window, a spent token is reuse
    await pastTheGraceWindow()
    const reuse = await client
      .post('/api/v1/auth/refresh')
      .json({ refresh_token: first.refresh_token })
    reuse.assertStatus(401)
    reuse.assertBodyContains({ errors: [{ code: 'E_REFRESH_REVOKED' }] })

    const revokedToo = await client
      .post('/api/v1/auth/refresh')
      .json({ refresh_token: second.refresh_token })
    revokedToo.assertStatus(401)

    const family = await db.from('refresh_tokens').whereNull('revoked_at').count('* as open')
    // the login of this test and the register both opened families: only the register's stays open
    assert.equal(Number(family[0].open), 1)
  })

  // issue 14, finding 16
  test('concurrent refreshes with one token (two tabs, a retry) all get the same new pair; the family stays open', async ({
    client,
    assert,
  }) => {
    const register = await client
      .post('/api/v1/auth/register')
      .json({ email: 'race@example.com', password, full_name: 'Race' })
    const token = register.body().data.tokens.refresh_token

    const responses = await Promise.all(
      Array.from({ length: 4 }, () =>
        client.post('/api/v1/auth/refresh').json({ refresh_token: token })
      )
    )
    assert.deepEqual(
      responses.map((response) => response.status()),
      [200, 200, 200, 200]
    )
    const pairs = responses.map((response) => response.body().data.tokens)
    assert.lengthOf(new Set(pairs.map((pair) => pair.refresh_token)), 1)
    assert.lengthOf(new Set(pairs.map((pair) => pair.access_token)), 1)
    assert.notEqual(pairs[0].refresh_token, token)

    const rows = await db.from('refresh_tokens').select('revoked_at')
    assert.lengthOf(rows, 2, 'one rotation: the spent token and its successor')
    assert.isTrue(rows.every((row) => row.revoked_at === null))

    const me = await client.get('/api/v1/me').bearerToken(pairs[0].access_token)
    me.assertStatus(200)
    const next = await client
      .post('/api/v1/auth/refresh')
      .json({ refresh_token: pairs[0].refresh_token })
    next.assertStatus(200)
  })

  // issue 14, finding 16
  test('a retry a moment after the rotation gets the same pair; after the grace window it is reuse and revokes the family', async ({
    client,
    assert,
  }) => {
    const register = await client
      .post('/api/v1/auth/register')
      .json({ email: 'retry@example.com', password, full_name: 'Retry' })
    const token = register.body().data.tokens.refresh_token

    const first = await client.post('/api/v1/auth/refresh').json({ refresh_token: token })
    first.assertStatus(200)
    const retry = await client.post('/api/v1/auth/refresh').json({ refresh_token: token })
    retry.assertStatus(200)
    assert.deepEqual(retry.body().data.tokens, first.body().data.tokens)

    await pastTheGraceWindow()
    const late = await client.post('/api/v1/auth/refresh').json({ refresh_token: token })
    late.assertStatus(401)
    const open = await db.from('refresh_tokens').whereNull('revoked_at').count('* as open')
    assert.equal(Number(open[0].open), 0)
    const successor = await client
      .post('/api/v1/auth/refresh')
      .json({ refresh_token: first.body().data.tokens.refresh_token })
    successor.assertStatus(401)
  })

  // issue 14, finding 16
  test('within the grace window, a spent token of a family that was logged out is 401', async ({
    client,
  }) => {
    const register = await client
      .post('/api/v1/auth/register')
      .json({ email: 'gone@example.com', password, full_name: 'Gone' })
    const token = register.body().data.tokens.refresh_token
    const refreshed = await client.post('/api/v1/auth/refresh').json({ refresh_token: token })
    refreshed.assertStatus(200)

    const logout = await client
      .post('/api/v1/auth/logout')
      .json({ refresh_token: refreshed.body().data.tokens.refresh_token })
    logout.assertStatus(204)

    const replay = await client.post('/api/v1/auth/refresh').json({ refresh_token: token })
    replay.assertStatus(401)
  })

  test('logout revokes the refresh family', async ({ client }) => {
    const register = await client
      .post('/api/v1/auth/register')
      .json({ email: 'bye@example.com', password, full_name: 'Bye' })
    const token = register.body().data.tokens.refresh_token

    const logout = await client.post('/api/v1/auth/logout').json({ refresh_token: token })
    logout.assertStatus(204)

    const refresh = await client.post('/api/v1/auth/refresh').json({ refresh_token: token })
    refresh.assertStatus(401)
    refresh.assertBodyContains({ errors: [{ code: 'E_REFRESH_REVOKED' }] })
  })

  test('an unknown or garbage refresh token is 401', async ({ client, assert }) => {
    const response = await client
      .post('/api/v1/auth/refresh')
      .json({ refresh_token: 'not-a-token-at-all' })
    response.assertStatus(401)
    response.assertBodyContains({ errors: [{ code: 'E_REFRESH_INVALID' }] })
    assert.match(response.header('www-authenticate')!, /^Bearer realm="api", error="invalid_token"/)
  })

  test('an expired refresh token is 401', async ({ client }) => {
    const register = await client
      .post('/api/v1/auth/register')
      .json({ email: 'old@example.com', password, full_name: 'Old' })
    const token = register.body().data.tokens.refresh_token
    await db.from('refresh_tokens').update({ expires_at: '2000-01-01 00:00:00' })

    const response = await client.post('/api/v1/auth/refresh').json({ refresh_token: token })
    response.assertStatus(401)
    response.assertBodyContains({ errors: [{ code: 'E_REFRESH_EXPIRED' }] })
  })
})

test.group('Auth: login', (group) => {
  group.each.setup(() => truncateAll())

  test('unknown email and wrong password get the same generic 401', async ({ client }) => {
    await client
      .post('/api/v1/auth/register')
      .json({ email: 'known@example.com', password, full_name: 'Known' })

    const wrongPassword = await client
      .post('/api/v1/auth/login')
      .json({ email: 'known@example.com', password: 'wrong-password' })
    const unknownEmail = await client
      .post('/api/v1/auth/login')
      .json({ email: 'unknown@example.com', password })

    wrongPassword.assertStatus(401)
    unknownEmail.assertStatus(401)
    wrongPassword.assertBody(unknownEmail.body())
    wrongPassword.assertBody({
      errors: [{ code: 'E_INVALID_CREDENTIALS', message: 'Invalid email or password' }],
    })
    wrongPassword.assertHeader('www-authenticate', 'Bearer realm="api"')
  })

  test('the 6th failed login in a minute is 429 with Retry-After, even with the right password', async ({
    client,
    assert,
  }) => {
    await client
      .post('/api/v1/auth/register')
      .json({ email: 'target@example.com', password, full_name: 'Target' })

    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await client
        .post('/api/v1/auth/login')
        .json({ email: 'target@example.com', password: `wrong-${attempt}-pass` })
      response.assertStatus(401)
    }

    const sixth = await client
      .post('/api/v1/auth/login')
      .json({ email: 'target@example.com', password })
    sixth.assertStatus(429)
    sixth.assertBodyContains({ errors: [{ code: 'E_TOO_MANY_REQUESTS' }] })
    const retryAfter = Number(sixth.header('retry-after'))
    assert.isAbove(retryAfter, 0)
    assert.isAtMost(retryAfter, 60)
  })
})
