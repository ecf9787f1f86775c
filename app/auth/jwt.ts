import { randomUUID, webcrypto } from 'node:crypto'
import type { JWTPayload } from 'jose'
import type { UserRole } from '#models/user'
import { verifyHs256 } from '#auth/hs256'

export interface JwtSignerOptions {
  /**
   * HS256 secret (the app key unless JWT_SECRET is set).
   */
  secret: string
  issuer: string
  audience: string
  /**
   * Access token lifetime in seconds.
   */
  accessTtl: number
}

export interface AccessTokenClaims extends JWTPayload {
  sub: string
  role: UserRole
  jti: string
  iat: number
  exp: number
  /**
   * The sign-in session (refresh-token family) the token was issued in:
   * logout and a password change deny it (`AccessDenyList`) for the rest
   * of its lifetime. Absent from tokens made outside a session (tests'
   * `loginAs`), which are denied by `jti` instead.
   */
  sid?: string
}

export interface SignedAccessToken {
  value: string
  expiresAt: Date
  expiresIn: number
}

let jose: Promise<typeof import('jose')> | null = null

/**
 * The JWT library, imported by the first sign (a request that awaits it),
 * not at boot. Verification does not use it (app/auth/hs256.ts).
 */
function loadJose(): Promise<typeof import('jose')> {
  jose ??= import('jose')
  return jose
}

/**
 * Signs and verifies access tokens: HS256 only (the algorithm is pinned on
 * verification, so `alg: none` or an RSA/HMAC confusion is refused), with
 * issuer and audience checked.
 */
export class JwtSigner {
  readonly #options: JwtSignerOptions
  /**
   * The HMAC key, imported into WebCrypto once rather than on every sign
   * and verify.
   */
  readonly #key: Promise<webcrypto.CryptoKey>

  /**
   * The secret's bytes, for verification (app/auth/hs256.ts).
   */
  readonly #secret: Buffer

  constructor(options: JwtSignerOptions) {
    this.#options = options
    this.#secret = Buffer.from(options.secret, 'utf8')
    this.#key = webcrypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(options.secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify']
    )
  }

  get accessTtl() {
    return this.#options.accessTtl
  }

  async sign(
    user: { id: number; role: UserRole },
    now = Date.now(),
    sessionId?: string
  ): Promise<SignedAccessToken> {
    const issuedAt = Math.floor(now / 1000)
    const expiresAt = issuedAt + this.#options.accessTtl
    const { SignJWT } = await loadJose()
    const value = await new SignJWT(
      sessionId ? { role: user.role, sid: sessionId } : { role: user.role }
    )
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(String(user.id))
      .setJti(randomUUID())
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .setIssuer(this.#options.issuer)
      .setAudience(this.#options.audience)
      .sign(await this.#key)
    return { value, expiresAt: new Date(expiresAt * 1000), expiresIn: this.#options.accessTtl }
  }

  /**
   * Throws on any defect: bad signature, wrong algorithm, expired, wrong
   * issuer or audience, missing claims.
   */
  async verify(token: string): Promise<AccessTokenClaims> {
    // node:crypto's HMAC, synchronously (issue 22): what jwtVerify checks
    // with these options, without a WebCrypto job per request.
    const payload = verifyHs256(token, this.#secret, {
      issuer: this.#options.issuer,
      audience: this.#options.audience,
      required: ['sub', 'jti', 'iat', 'exp'],
    })
    if (typeof payload.sub !== 'string' || !/^\d+$/.test(payload.sub)) {
      throw new Error('Invalid subject')
    }
    if (payload.sid !== undefined && typeof payload.sid !== 'string') {
      throw new Error('Invalid session id')
    }
    return payload as AccessTokenClaims
  }
}
