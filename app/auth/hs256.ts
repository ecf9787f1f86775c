import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * A token refused: `code` as jose names it (`ERR_JWT_EXPIRED` for an
 * expired one, which the guard answers differently; `ERR_JWS_INVALID`,
 * `ERR_JWS_SIGNATURE_VERIFICATION_FAILED` or `ERR_JWT_CLAIM_VALIDATION_FAILED`
 * otherwise).
 */
export class TokenRefused extends Error {
  constructor(
    readonly code: string,
    message: string
  ) {
    super(message)
  }
}

const BASE64URL = /^[A-Za-z0-9_-]*$/

function decodeJson(part: string): unknown {
  if (!BASE64URL.test(part)) throw new TokenRefused('ERR_JWS_INVALID', 'Invalid token encoding')
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
  } catch {
    throw new TokenRefused('ERR_JWS_INVALID', 'Invalid token encoding')
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Verifies a compact HS256 JWT with node:crypto, synchronously (issue 22:
 * WebCrypto's HMAC, which jose uses, ran as an asynchronous job per request
 * and cost about 4% of a checkout's CPU). What jose's `jwtVerify` checks
 * with `algorithms: ['HS256']`, an issuer, an audience and required claims:
 * - three base64url parts, a JSON object header with `alg: HS256` and no
 *   `crit` (no extension is understood), a JSON object payload;
 * - the HMAC-SHA256 of `header.payload` under `key`, compared in constant
 *   time;
 * - `iss` equal to `issuer`; `aud` equal to `audience` or a list holding
 *   it; `exp`, `nbf` and `iat` numbers when present; expired when `exp` is
 *   at or before now (seconds), not yet valid when `nbf` is after now;
 * - every `required` claim present.
 * tests/unit/auth/hs256.spec.ts holds it to jose on the same tokens.
 */
export function verifyHs256(
  token: string,
  key: Buffer,
  options: { issuer: string; audience: string; required: string[]; now?: number }
): Record<string, unknown> {
  const parts = token.split('.')
  if (parts.length !== 3) throw new TokenRefused('ERR_JWS_INVALID', 'Invalid compact JWS')
  const [encodedHeader, encodedPayload, encodedSignature] = parts
  const header = decodeJson(encodedHeader)
  if (!isObject(header)) throw new TokenRefused('ERR_JWS_INVALID', 'Invalid protected header')
  if (header.alg !== 'HS256') {
    throw new TokenRefused('ERR_JOSE_ALG_NOT_ALLOWED', '"alg" (Algorithm) value not allowed')
  }
  if ('crit' in header || 'b64' in header) {
    throw new TokenRefused('ERR_JWS_INVALID', 'Unsupported header parameter')
  }
  if (!BASE64URL.test(encodedSignature)) {
    throw new TokenRefused('ERR_JWS_INVALID', 'Invalid token encoding')
  }
  const signature = Buffer.from(encodedSignature, 'base64url')
  const expected = createHmac('sha256', key).update(`${encodedHeader}.${encodedPayload}`).digest()
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
    throw new TokenRefused('ERR_JWS_SIGNATURE_VERIFICATION_FAILED', 'signature verification failed')
  }
  const payload = decodeJson(encodedPayload)
  if (!isObject(payload)) {
    throw new TokenRefused('ERR_JWT_INVALID', 'JWT Claims Set must be a top-level JSON object')
  }
  const claimFailed = (message: string) =>
    new TokenRefused('ERR_JWT_CLAIM_VALIDATION_FAILED', message)
  for (const claim of options.required) {
    if (!(claim in payload)) throw claimFailed(`missing required "${claim}" claim`)
  }
  for (const claim of ['exp', 'nbf', 'iat']) {
    if (
      claim in payload &&
      (typeof payload[claim] !== 'number' || !Number.isFinite(payload[claim]))
    ) {
      throw claimFailed(`"${claim}" claim must be a number`)
    }
  }
  if (payload.iss !== options.issuer) throw claimFailed('unexpected "iss" claim value')
  const audience = payload.aud
  const audiences = Array.isArray(audience) ? audience : [audience]
  if (!audiences.includes(options.audience)) throw claimFailed('unexpected "aud" claim value')
  const now = options.now ?? Math.floor(Date.now() / 1000)
  if (typeof payload.nbf === 'number' && payload.nbf > now) {
    throw claimFailed('"nbf" claim timestamp check failed')
  }
  if (typeof payload.exp === 'number' && payload.exp <= now) {
    throw new TokenRefused('ERR_JWT_EXPIRED', '"exp" claim timestamp check failed')
  }
  return payload
}
