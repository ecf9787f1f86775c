import { test } from '@japa/runner'
import { SignJWT, UnsecuredJWT } from 'jose'
import { JwtSigner } from '#auth/jwt'
import { jwtSigner, tokenSettings } from '#config/auth'
import env from '#start/env'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'

const appSecret = new TextEncoder().encode(env.get('JWT_SECRET') ?? env.get('APP_KEY'))

function claimsFor(userId: number) {
  return new SignJWT({ role: 'customer' })
    .setSubject(String(userId))
    .setJti(crypto.randomUUID())
    .setIssuedAt()
    .setExpirationTime('5m')
    .setIssuer(tokenSettings.issuer)
    .setAudience(tokenSettings.audience)
}

test.group('Auth: access tokens are checked strictly', (group) => {
  group.each.setup(() => truncateAll())

  test('a valid token is accepted', async ({ client }) => {
    const user = await UserFactory.create()
    const token = await jwtSigner.sign(user)
    const response = await client.get('/api/v1/me').bearerToken(token.value)
    response.assertStatus(200)
    response.assertBodyContains({ data: { id: user.id } })
  })

  test('loginAs works through the JWT guard', async ({ client }) => {
    const user = await UserFactory.create()
    const response = await client.get('/api/v1/me').loginAs(user)
    response.assertStatus(200)
  })

  test('{name} is 401 {code}, with an RFC 6750 invalid_token challenge')
    .with([
      {
        name: 'an expired token',
        code: 'E_TOKEN_EXPIRED',
        token: async (userId: number) => {
          const signer = new JwtSigner({
            secret: env.get('JWT_SECRET') ?? env.get('APP_KEY'),
            issuer: tokenSettings.issuer,
            audience: tokenSettings.audience,
            accessTtl: 60,
          })
          const expired = await signer.sign(
            { id: userId, role: 'customer' },
            Date.now() - 3_600_000
          )
          return expired.value
        },
      },
      {
        name: 'a token signed with another key',
        code: 'E_TOKEN_INVALID',
        token: async (userId: number) =>
          claimsFor(userId)
            .setProtectedHeader({ alg: 'HS256' })
            .sign(new TextEncoder().encode('another-secret-another-secret-another-secret')),
      },
      {
        name: 'an alg:none token',
        code: 'E_TOKEN_INVALID',
        token: async (userId: number) =>
          new UnsecuredJWT({ role: 'admin' })
            .setSubject(String(userId))
            .setJti('x')
            .setIssuedAt()
            .setExpirationTime('5m')
            .setIssuer(tokenSettings.issuer)
            .setAudience(tokenSettings.audience)
            .encode(),
      },
      {
        name: 'a token for another audience',
        code: 'E_TOKEN_INVALID',
        token: async (userId: number) =>
          claimsFor(userId)
            .setAudience('another-api')
            .setProtectedHeader({ alg: 'HS256' })
            .sign(appSecret),
      },
      {
        name: 'a token from another issuer',
        code: 'E_TOKEN_INVALID',
        token: async (userId: number) =>
          claimsFor(userId)
            .setIssuer('someone-else')
            .setProtectedHeader({ alg: 'HS256' })
            .sign(appSecret),
      },
      {
        name: 'a token signed with HS512 by the right key',
        code: 'E_TOKEN_INVALID',
        token: async (userId: number) =>
          claimsFor(userId).setProtectedHeader({ alg: 'HS512' }).sign(appSecret),
      },
      {
        name: 'a token for a user that no longer exists',
        code: 'E_TOKEN_INVALID',
        token: async () => {
          const orphan = await jwtSigner.sign({ id: 999_999, role: 'customer' })
          return orphan.value
        },
      },
      { name: 'garbage', code: 'E_TOKEN_INVALID', token: async () => 'garbage.garbage.garbage' },
      { name: 'an empty bearer', code: 'E_TOKEN_INVALID', token: async () => '' },
    ])
    .run(async ({ client, assert }, row) => {
      const user = await UserFactory.create()
      const token = await row.token(user.id)
      const response = await client.get('/api/v1/me').header('authorization', `Bearer ${token}`)
      response.assertStatus(401)
      const [error] = response.body().errors
      assert.equal(error.code, row.code)
      assert.match(error.message, /sign in again|refresh|Bearer/)
      assert.equal(
        response.header('www-authenticate'),
        `Bearer realm="api", error="invalid_token", error_description="${error.message.replace(/["\\]/g, '')}"`
      )
    })

  test('no Authorization header, or another scheme, is 401', async ({ client }) => {
    const user = await UserFactory.create()
    const token = await jwtSigner.sign(user)
    const anonymous = await client.get('/api/v1/me')
    anonymous.assertStatus(401)
    anonymous.assertBodyContains({ errors: [{ code: 'E_TOKEN_MISSING' }] })
    // RFC 6750 §3.1: no credentials, no error code in the challenge
    anonymous.assertHeader('www-authenticate', 'Bearer realm="api"')
    const basic = await client.get('/api/v1/me').header('authorization', `Basic ${token.value}`)
    basic.assertStatus(401)
    basic.assertBodyContains({ errors: [{ code: 'E_TOKEN_INVALID' }] })
  })

  test('the token carries sub, role, jti, iat, exp, iss and aud', async ({ assert }) => {
    const user = await UserFactory.apply('staff').create()
    const token = await jwtSigner.sign(user)
    const claims = await jwtSigner.verify(token.value)
    assert.equal(claims.sub, String(user.id))
    assert.equal(claims.role, 'staff')
    assert.equal(claims.iss, tokenSettings.issuer)
    assert.equal(claims.aud, tokenSettings.audience)
    assert.equal(claims.exp - claims.iat, tokenSettings.accessTtl)
    assert.isString(claims.jti)
  })
})
