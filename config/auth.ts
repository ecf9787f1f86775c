import env from '#start/env'
import { defineConfig } from '@adonisjs/auth'
import type { InferAuthenticators, InferAuthEvents, Authenticators } from '@adonisjs/auth/types'
import { JwtGuard } from '#auth/guards/jwt_guard'
import { JwtSigner } from '#auth/jwt'

/**
 * Token lifetimes and claims, all configurable by env.
 */
export const tokenSettings = {
  accessTtl: env.get('JWT_ACCESS_TTL') ?? 5 * 60,
  refreshTtl: env.get('JWT_REFRESH_TTL') ?? 7 * 24 * 60 * 60,
  issuer: env.get('JWT_ISSUER') ?? 'shop',
  audience: env.get('JWT_AUDIENCE') ?? 'shop-api',
}

export const jwtSigner = new JwtSigner({
  secret: env.get('JWT_SECRET') ?? env.get('APP_KEY'),
  issuer: tokenSettings.issuer,
  audience: tokenSettings.audience,
  accessTtl: tokenSettings.accessTtl,
})

const authConfig = defineConfig({
  default: 'jwt',
  guards: {
    jwt: (ctx) => new JwtGuard(ctx, jwtSigner),
  },
})

export default authConfig

declare module '@adonisjs/auth/types' {
  export interface Authenticators extends InferAuthenticators<typeof authConfig> {}
}
declare module '@adonisjs/core/types' {
  interface EventsList extends InferAuthEvents<Authenticators> {}
}
