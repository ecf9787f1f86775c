import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import limiter from '@adonisjs/limiter/services/main'
import User from '#models/user'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import type { RateLimits } from '#config/rate_limits'

const password = 'correct-horse-9'

test.group('Accounts: registration rules', (group) => {
  group.each.setup(() => truncateAll())

  test('a duplicate email, in any case, is 422', async ({ client }) => {
    await UserFactory.merge({ email: 'taken@example.com' }).create()
    const response = await client
      .post('/api/v1/auth/register')
      .json({ email: 'TAKEN@Example.COM', password, full_name: 'Copy' })
    response.assertStatus(422)
    response.assertBodyContains({ errors: [{ field: 'email', code: 'E_VALIDATION_ERROR' }] })
  })

  test('{name} is 422')
    .with([
      { name: 'a short password', body: { password: 'short' }, field: 'password' },
      {
        name: 'the email as password',
        body: { email: 'me@example.com', password: 'ME@example.com' },
        field: 'password',
      },
      { name: 'a malformed email', body: { email: 'not-an-email' }, field: 'email' },
      { name: 'an empty name', body: { full_name: '' }, field: 'full_name' },
      { name: 'a malformed phone', body: { phone: 'call me maybe' }, field: 'phone' },
      {
        name: 'a malformed country',
        body: { address: { country: 'USA' } },
        field: 'address.country',
      },
    ])
    .run(async ({ client, assert }, row) => {
      const response = await client.post('/api/v1/auth/register').json({
        email: 'new@example.com',
        password,
        full_name: 'New',
        ...row.body,
      })
      response.assertStatus(422)
      const fields = (response.body().errors as Array<{ field: string }>).map((e) => e.field)
      assert.include(fields, row.field)
      const [users] = await db.from('users').count('* as n')
      assert.equal(Number(users.n), 0)
    })

  // issue 15, item 1: an unknown field is refused, not dropped
  test('a client cannot choose its role: role, id and is_admin are a 422 naming each, nothing stored', async ({
    client,
    assert,
  }) => {
    const response = await client.post('/api/v1/auth/register').json({
      email: 'sneaky@example.com',
      password,
      full_name: 'Sneaky',
      role: 'admin',
      id: 4242,
      is_admin: true,
    })
    response.assertStatus(422)
    const fields = (response.body().errors as Array<{ field: string }>).map((e) => e.field)
    assert.sameMembers(fields, ['role', 'id', 'is_admin'])
    assert.isNull(await User.findBy('email', 'sneaky@example.com'))
  })

  test('registration is rate limited per client IP', async ({ client, cleanup }) => {
    const limits = app.config.get<RateLimits>('rate_limits')
    const original = limits.registerPerIpPerHour
    const ipKey = 'register_ip_127.0.0.1'
    const reset = () => limiter.use({ requests: 2, duration: '1 hour' }).delete(ipKey)
    await reset()
    app.config.set('rate_limits.registerPerIpPerHour', 2)
    cleanup(async () => {
      app.config.set('rate_limits.registerPerIpPerHour', original)
      await reset()
    })

    for (const name of ['one', 'two']) {
      const ok = await client
        .post('/api/v1/auth/register')
        .json({ email: `${name}@example.com`, password, full_name: name })
      ok.assertStatus(201)
    }
    const third = await client
      .post('/api/v1/auth/register')
      .json({ email: 'three@example.com', password, full_name: 'three' })
    third.assertStatus(429)
    third.assertBodyContains({ errors: [{ code: 'E_TOO_MANY_REQUESTS' }] })
  })
})

test.group('Accounts: profile', (group) => {
  group.each.setup(() => truncateAll())

  test('GET /me never shows the password hash', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const response = await client.get('/api/v1/me').loginAs(user)
    response.assertStatus(200)
    assert.notInclude(response.text(), user.password)
    assert.notProperty(response.body().data, 'password')
    assert.notInclude(response.text(), '$scrypt')
  })

  test('PATCH /me updates name, phone, address and email; a role is a 422, nothing changed', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const refusedRole = await client
      .patch('/api/v1/me')
      .loginAs(user)
      .json({
        full_name: 'Renamed Person',
        phone: '+1 555 0100',
        email: 'New.Address@Example.com',
        address: { line1: '2 Main St', city: 'Shelbyville', postal_code: '54321', country: 'ca' },
        role: 'admin',
      })
    refusedRole.assertStatus(422)
    refusedRole.assertBodyContains({ errors: [{ field: 'role', rule: 'unknownField' }] })
    await user.refresh()
    assert.notEqual(user.email, 'new.address@example.com')

    const response = await client
      .patch('/api/v1/me')
      .loginAs(user)
      .json({
        full_name: 'Renamed Person',
        phone: '+1 555 0100',
        email: 'New.Address@Example.com',
        address: { line1: '2 Main St', city: 'Shelbyville', postal_code: '54321', country: 'ca' },
      })
    response.assertStatus(200)
    response.assertBodyContains({
      data: {
        full_name: 'Renamed Person',
        phone: '+1 555 0100',
        email: 'new.address@example.com',
        address: { line1: '2 Main St', city: 'Shelbyville', postal_code: '54321', country: 'CA' },
        role: 'customer',
      },
    })
    await user.refresh()
    assert.equal(user.email, 'new.address@example.com')
    assert.equal(user.role, 'customer')
    assert.notInclude(response.text(), '$scrypt')
  })

  test('PATCH /me to an email another account has is 422, and nothing changes', async ({
    client,
    assert,
  }) => {
    await UserFactory.merge({ email: 'other@example.com' }).create()
    const user = await UserFactory.merge({ fullName: 'Before' }).create()
    const response = await client
      .patch('/api/v1/me')
      .loginAs(user)
      .json({ email: 'OTHER@example.com', full_name: 'After' })
    response.assertStatus(422)
    await user.refresh()
    assert.equal(user.fullName, 'Before')
  })

  test('PATCH /me keeping its own email is fine', async ({ client }) => {
    const user = await UserFactory.merge({ email: 'same@example.com' }).create()
    const response = await client
      .patch('/api/v1/me')
      .loginAs(user)
      .json({ email: 'Same@Example.com' })
    response.assertStatus(200)
  })

  test('PUT /me/password needs the current password', async ({ client }) => {
    const user = await UserFactory.create()
    const response = await client
      .put('/api/v1/me/password')
      .loginAs(user)
      .json({ current_password: 'not-the-password', password: 'brand-new-pass-1' })
    response.assertStatus(422)
    response.assertBodyContains({ errors: [{ field: 'current_password' }] })
  })

  test('PUT /me/password changes it and revokes every refresh token of the user', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.merge({ email: 'pw@example.com' }).create()
    const phone = await client
      .post('/api/v1/auth/login')
      .json({ email: 'pw@example.com', password: 'password123' })
    const laptop = await client
      .post('/api/v1/auth/login')
      .json({ email: 'pw@example.com', password: 'password123' })

    const change = await client
      .put('/api/v1/me/password')
      .loginAs(user)
      .json({ current_password: 'password123', password: 'brand-new-pass-1' })
    change.assertStatus(200)
    assert.properties(change.body().data.tokens, ['access_token', 'refresh_token'])

    for (const session of [phone, laptop]) {
      const refresh = await client
        .post('/api/v1/auth/refresh')
        .json({ refresh_token: session.body().data.tokens.refresh_token })
      refresh.assertStatus(401)
    }
    const fresh = await client
      .post('/api/v1/auth/refresh')
      .json({ refresh_token: change.body().data.tokens.refresh_token })
    fresh.assertStatus(200)

    const oldPassword = await client
      .post('/api/v1/auth/login')
      .json({ email: 'pw@example.com', password: 'password123' })
    oldPassword.assertStatus(401)
    const newPassword = await client
      .post('/api/v1/auth/login')
      .json({ email: 'pw@example.com', password: 'brand-new-pass-1' })
    newPassword.assertStatus(200)
  })

  test('PUT /me/password refuses the email as the new password', async ({ client }) => {
    const user = await UserFactory.merge({ email: 'mine@example.com' }).create()
    const response = await client
      .put('/api/v1/me/password')
      .loginAs(user)
      .json({ current_password: 'password123', password: 'Mine@Example.com' })
    response.assertStatus(422)
    response.assertBodyContains({ errors: [{ field: 'password' }] })
  })
})

test.group('Authorization: roles', (group) => {
  group.each.setup(() => truncateAll())

  test('a customer on a staff route is 403', async ({ client }) => {
    const customer = await UserFactory.create()
    const response = await client.get('/api/v1/admin/cache/stats').loginAs(customer)
    response.assertStatus(403)
    response.assertBody({
      errors: [{ code: 'E_FORBIDDEN', message: 'You are not allowed to do this' }],
    })
  })

  test('staff and admins reach staff routes', async ({ client }) => {
    for (const role of ['staff', 'admin'] as const) {
      const user = await UserFactory.apply(role).create()
      const response = await client.get('/api/v1/admin/cache/stats').loginAs(user)
      response.assertStatus(200)
    }
  })

  test('anonymous on a staff route is 401', async ({ client }) => {
    const response = await client.get('/api/v1/admin/cache/stats')
    response.assertStatus(401)
  })
})
