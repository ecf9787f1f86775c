import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { truncateAll } from '#tests/support/database'

const password = 'correct-horse-9'

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

    const reuse = await client
      .post('/api/v1/auth/refresh')
      .json({ refresh_token: first.refresh_token })
    reuse.assertStatus(401)
    reuse.assertBodyContains({ errors: [{ code: 'E_UNAUTHORIZED_ACCESS' }] })

    const revokedToo = await client
      .post('/api/v1/auth/refresh')
      .json({ refresh_token: second.refresh_token })
    revokedToo.assertStatus(401)

    const family = await db.from('refresh_tokens').whereNull('revoked_at').count('* as open')
    // the login of this test and the register both opened families: only the register's stays open
    assert.equal(Number(family[0].open), 1)
  })

  test('two concurrent refreshes with the same token: one wins, the family is revoked', async ({
    client,
    assert,
  }) => {
    const register = await client
      .post('/api/v1/auth/register')
      .json({ email: 'race@example.com', password, full_name: 'Race' })
    const token = register.body().data.tokens.refresh_token

    const [a, b] = await Promise.all([
      client.post('/api/v1/auth/refresh').json({ refresh_token: token }),
      client.post('/api/v1/auth/refresh').json({ refresh_token: token }),
    ])
    const statuses = [a.status(), b.status()].sort()
    assert.deepEqual(statuses, [200, 401])
    const open = await db.from('refresh_tokens').whereNull('revoked_at').count('* as open')
    assert.equal(Number(open[0].open), 0)
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
  })

  test('an unknown or garbage refresh token is 401', async ({ client }) => {
    const response = await client
      .post('/api/v1/auth/refresh')
      .json({ refresh_token: 'not-a-token-at-all' })
    response.assertStatus(401)
    response.assertBodyContains({ errors: [{ code: 'E_UNAUTHORIZED_ACCESS' }] })
  })

  test('an expired refresh token is 401', async ({ client }) => {
    const register = await client
      .post('/api/v1/auth/register')
      .json({ email: 'old@example.com', password, full_name: 'Old' })
    const token = register.body().data.tokens.refresh_token
    await db.from('refresh_tokens').update({ expires_at: '2000-01-01 00:00:00' })

    const response = await client.post('/api/v1/auth/refresh').json({ refresh_token: token })
    response.assertStatus(401)
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
