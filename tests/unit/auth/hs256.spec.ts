import { test } from '@japa/runner'
import { createHmac } from 'node:crypto'
import { SignJWT, UnsecuredJWT, jwtVerify } from 'jose'
import { verifyHs256 } from '#auth/hs256'

const secret = 'the-secret-of-this-test-the-secret-of-this-test'
const key = new TextEncoder().encode(secret)
const options = { issuer: 'shop', audience: 'shop-api' }
const required = ['sub', 'jti', 'iat', 'exp']
const now = Math.floor(Date.now() / 1000)

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/**
 * A token made by hand: any header and payload, signed with HS256 under
 * `signingKey` (or with `signature` as given).
 */
function handMade(header: unknown, payload: unknown, signingKey = secret) {
  const input = `${b64(header)}.${b64(payload)}`
  return `${input}.${createHmac('sha256', signingKey).update(input).digest('base64url')}`
}

const claims = (extra: Record<string, unknown> = {}) => ({
  sub: '7',
  jti: 'j',
  iat: now - 10,
  exp: now + 300,
  iss: options.issuer,
  aud: options.audience,
  role: 'customer',
  ...extra,
})

const signed = (set: (jwt: SignJWT) => SignJWT, alg = 'HS256') =>
  set(
    new SignJWT({ role: 'customer' })
      .setSubject('7')
      .setJti('j')
      .setIssuedAt(now - 10)
      .setExpirationTime(now + 300)
      .setIssuer(options.issuer)
      .setAudience(options.audience)
  )
    .setProtectedHeader({ alg })
    .sign(key)

/**
 * The fast verifier (app/auth/hs256.ts) accepts exactly the tokens jose's
 * jwtVerify accepts with the app's options, with the same payload, and
 * calls expired exactly what jose calls expired.
 */
test.group('HS256 verification without WebCrypto (issue 22)', () => {
  const cases: Array<[string, () => Promise<string> | string]> = [
    ['a valid token', () => signed((jwt) => jwt)],
    ['a valid token with typ JWT', () => handMade({ alg: 'HS256', typ: 'JWT' }, claims())],
    [
      'an audience list holding ours',
      () => handMade({ alg: 'HS256' }, claims({ aud: ['x', options.audience] })),
    ],
    ['an expired token', () => signed((jwt) => jwt.setExpirationTime(now - 1))],
    ['a token expiring now', () => handMade({ alg: 'HS256' }, claims({ exp: now }))],
    ['a token not valid yet', () => handMade({ alg: 'HS256' }, claims({ nbf: now + 60 }))],
    ['another key', () => handMade({ alg: 'HS256' }, claims(), 'another-secret-another-secret')],
    ['HS512 by the right key', () => signed((jwt) => jwt, 'HS512')],
    ['alg none', () => new UnsecuredJWT(claims()).encode()],
    ['alg none with our signature', () => handMade({ alg: 'none' }, claims())],
    ['a crit header', () => handMade({ alg: 'HS256', crit: ['exp'] }, claims())],
    [
      'an unencoded payload (b64 false)',
      () => handMade({ alg: 'HS256', b64: false, crit: ['b64'] }, claims()),
    ],
    ['another audience', () => handMade({ alg: 'HS256' }, claims({ aud: 'another-api' }))],
    ['another issuer', () => handMade({ alg: 'HS256' }, claims({ iss: 'someone-else' }))],
    ['no jti', () => handMade({ alg: 'HS256' }, claims({ jti: undefined }))],
    ['no exp', () => handMade({ alg: 'HS256' }, claims({ exp: undefined }))],
    ['exp as text', () => handMade({ alg: 'HS256' }, claims({ exp: String(now + 300) }))],
    ['iat as text', () => handMade({ alg: 'HS256' }, claims({ iat: 'yesterday' }))],
    [
      'expired and from another issuer',
      () => handMade({ alg: 'HS256' }, claims({ exp: now - 5, iss: 'x' })),
    ],
    ['a payload that is a list', () => handMade({ alg: 'HS256' }, [claims()])],
    ['a header that is a list', () => handMade([{ alg: 'HS256' }], claims())],
    ['garbage', () => 'garbage.garbage.garbage'],
    ['two parts', () => 'a.b'],
    ['empty', () => ''],
    ['a signature with a stray character', async () => `${await signed((jwt) => jwt)}*`],
    ['a signature one byte short', async () => (await signed((jwt) => jwt)).slice(0, -2)],
  ]

  for (const [name, make] of cases) {
    test(name, async ({ assert }) => {
      const token = await make()
      let joseOutcome: { ok: true; payload: unknown } | { ok: false; expired: boolean }
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          ...options,
          requiredClaims: required,
        })
        joseOutcome = { ok: true, payload }
      } catch (error) {
        joseOutcome = {
          ok: false,
          expired: (error as { code?: string }).code === 'ERR_JWT_EXPIRED',
        }
      }
      let ours: { ok: true; payload: unknown } | { ok: false; expired: boolean }
      try {
        ours = {
          ok: true,
          payload: verifyHs256(token, Buffer.from(secret), { ...options, required, now }),
        }
      } catch (error) {
        ours = { ok: false, expired: (error as { code?: string }).code === 'ERR_JWT_EXPIRED' }
      }
      assert.deepEqual(ours, joseOutcome)
    })
  }
})
