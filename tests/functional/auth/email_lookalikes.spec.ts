import { test } from '@japa/runner'
import User from '#models/user'
import { normalizeEmail } from '#domain/email'
import { truncateAll } from '#tests/support/database'

const password = 'correct-horse-9'

/**
 * Issue 14, finding 14: look-alike spellings of an address are the same
 * address (NFKC, lowercase, punycode domain); invisible characters and
 * look-alike letters that do not fold to ASCII are refused.
 */
test.group('Auth: look-alike e-mail addresses', (group) => {
  group.each.setup(() => truncateAll())

  async function registerAdmin(client: any) {
    const response = await client
      .post('/api/v1/auth/register')
      .json({ email: 'admin@shop.test', password, full_name: 'The Admin' })
    response.assertStatus(201)
    return response.body().data.user as { id: number }
  }

  test('a fullwidth spelling of a taken address is refused at registration like the address', async ({
    client,
    assert,
  }) => {
    await registerAdmin(client)
    for (const email of [
      'ａｄｍｉｎ@shop.test',
      'ＡＤＭＩＮ＠ＳＨＯＰ．ＴＥＳＴ',
      'Admin@Shop.Test',
    ]) {
      const response = await client
        .post('/api/v1/auth/register')
        .json({ email, password, full_name: 'Impostor' })
      response.assertStatus(422)
      response.assertBodyContains({ errors: [{ code: 'E_VALIDATION_ERROR', field: 'email' }] })
    }
    assert.equal(
      await User.query()
        .count('* as total')
        .first()
        .then((r) => Number(r!.$extras.total)),
      1
    )
  })

  test('a fullwidth spelling signs in to the account it imitates', async ({ client, assert }) => {
    const admin = await registerAdmin(client)
    const response = await client
      .post('/api/v1/auth/login')
      .json({ email: 'ａｄｍｉｎ＠ｓｈｏｐ．ｔｅｓｔ', password })
    response.assertStatus(200)
    assert.equal(response.body().data.user.id, admin.id)
    assert.equal(response.body().data.user.email, 'admin@shop.test')
  })

  test('{name} is refused with 422 and a message that says what is accepted')
    .with([
      { name: 'a zero-width space', email: 'ad\u200bmin@shop.test', says: 'invisible' },
      { name: 'a zero-width joiner', email: 'admin\u200d@shop.test', says: 'invisible' },
      { name: 'a byte order mark', email: '\ufeffadmin@shop.test', says: 'invisible' },
      { name: 'a right-to-left override', email: 'admin\u202e@shop.test', says: 'invisible' },
      { name: 'a NUL character', email: 'admin\u0000@shop.test', says: 'invisible' },
      { name: 'a space inside', email: 'ad min@shop.test', says: 'invisible' },
      { name: 'a dotless i', email: 'admın@shop.test', says: 'letters a-z' },
      { name: 'a Cyrillic a', email: '\u0430dmin@shop.test', says: 'letters a-z' },
      { name: 'a combining accent', email: 'a\u0301dmin@shop.test', says: 'letters a-z' },
      { name: 'a stray combining mark', email: '\u0301admin@shop.test', says: 'letters a-z' },
      {
        name: 'a combining mark opening the domain',
        email: 'admin@\u0301shop.test',
        says: 'domain',
      },
      { name: 'no domain', email: 'admin@', says: 'name@example.com' },
    ])
    .run(async ({ client, assert }, row) => {
      const response = await client
        .post('/api/v1/auth/register')
        .json({ email: row.email, password, full_name: 'Look Alike' })
      response.assertStatus(422)
      const [error] = response.body().errors
      assert.equal(error.field, 'email')
      assert.include(error.message, row.says)
      assert.equal(
        await User.query()
          .count('* as total')
          .first()
          .then((r) => Number(r!.$extras.total)),
        0
      )
    })

  test('an internationalised domain is stored in its ASCII (punycode) form, and both spellings are one address', async ({
    client,
  }) => {
    const first = await client
      .post('/api/v1/auth/register')
      .json({ email: 'Jane@BÜCHER.de', password, full_name: 'Jane' })
    first.assertStatus(201)
    first.assertBodyContains({ data: { user: { email: 'jane@xn--bcher-kva.de' } } })

    const again = await client
      .post('/api/v1/auth/register')
      .json({ email: 'jane@xn--bcher-kva.de', password, full_name: 'Jane Again' })
    again.assertStatus(422)

    const login = await client
      .post('/api/v1/auth/login')
      .json({ email: 'jane@bücher.de', password })
    login.assertStatus(200)
  })

  test('a profile e-mail change to a look-alike of another account is refused; its own new address is stored canonical', async ({
    client,
  }) => {
    await registerAdmin(client)
    const other = await client
      .post('/api/v1/auth/register')
      .json({ email: 'clerk@shop.test', password, full_name: 'Clerk' })
    const token = other.body().data.tokens.access_token

    const taken = await client
      .patch('/api/v1/me')
      .bearerToken(token)
      .json({ email: 'ａｄｍｉｎ@shop.test' })
    taken.assertStatus(422)
    taken.assertBodyContains({ errors: [{ field: 'email' }] })

    const invisible = await client
      .patch('/api/v1/me')
      .bearerToken(token)
      .json({ email: 'clerk\u200b@shop.test' })
    invisible.assertStatus(422)

    const changed = await client
      .patch('/api/v1/me')
      .bearerToken(token)
      .json({ email: 'ＣＬＥＲＫ２@shop.test' })
    changed.assertStatus(200)
    changed.assertBodyContains({ data: { email: 'clerk2@shop.test' } })
  })

  test('normalizeEmail: the canonical forms', ({ assert }) => {
    assert.deepEqual(normalizeEmail('  ＡＤＭＩＮ＠ｓｈｏｐ．ｔｅｓｔ '), {
      email: 'admin@shop.test',
    })
    assert.deepEqual(normalizeEmail('o.brien+shop@Example.COM'), {
      email: 'o.brien+shop@example.com',
    })
    assert.deepEqual(normalizeEmail('ﬁle@shop.test'), { email: 'file@shop.test' })
    assert.deepEqual(normalizeEmail('a..b@shop.test'), { problem: 'localPart' })
    assert.deepEqual(normalizeEmail('a@b@shop.test'), { problem: 'format' })
    assert.deepEqual(normalizeEmail('admin@localhost'), { problem: 'domain' })
  })
})
