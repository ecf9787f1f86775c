import { DefaultAuthProvider, type DefaultAuthenticatePayload } from 'adminjs'
import hash from '@adonisjs/core/services/hash'
import logger from '@adonisjs/core/services/logger'
import type { HttpContext } from '@adonisjs/core/http'
import { errors as limiterErrors } from '@adonisjs/limiter'
import User from '#models/user'
import db from '@adonisjs/lucid/services/db'
import componentLoader from '#admin/component_loader'
import { LoginThrottle } from '#services/login_throttle'
import { normalizeEmail } from '#domain/email'
import { dbTimestamp } from '#services/db_time'

/**
 * What the panel keeps of the signed-in user in its session.
 */
export interface AdminSessionUser {
  id: string
  email: string
  title: string
  role: 'staff' | 'admin'
  /**
   * The client address of the current request (set per request by the
   * panel's router for the audit log; never kept in the session).
   */
  ip?: string
}

/**
 * The password check of a panel sign-in: the same work for an unknown
 * e-mail (a hash is made) as for a known one.
 */
async function verifyStaff(email: string, password: string): Promise<AdminSessionUser | null> {
  const user = await User.findBy('email', email)
  if (!user) {
    await hash.make(password)
    return null
  }
  if (!(await hash.verify(user.password, password)) || !user.isStaff) {
    return null
  }
  return {
    id: String(user.id),
    email: user.email,
    title: user.fullName ?? user.email,
    role: user.role as 'staff' | 'admin',
  }
}

/**
 * Staff and admins sign in with their shop account (same users, same
 * password hashing as the API); customers are refused like a wrong
 * password, so the panel does not tell who has an account. The e-mail is
 * put in its canonical form (`#domain/email`), and every attempt is
 * counted before the password is checked, on the budgets the API's
 * sign-in uses for the same e-mail (LoginThrottle): past them this throws
 * E_TOO_MANY_REQUESTS.
 */
export async function authenticate(
  { email, password }: DefaultAuthenticatePayload,
  context?: HttpContext
): Promise<AdminSessionUser | null> {
  if (typeof email !== 'string' || typeof password !== 'string' || password.length > 128) {
    return null
  }
  const normalized = normalizeEmail(email)
  if (normalized.problem) {
    return null
  }
  const ip = context?.request.ip() ?? 'unknown'
  return LoginThrottle.attempt(normalized.email, ip, () => verifyStaff(normalized.email!, password))
}

const authProvider = new DefaultAuthProvider({ componentLoader, authenticate })

export default authProvider

/**
 * What the sign-in form answers when it does not sign in: the status, the
 * message shown on the sign-in page (AdminJS shows a text of several words
 * as it is, a single word as a translation key), and Retry-After.
 */
export type PanelSignInResult<T> =
  | { adminUser: T }
  | { adminUser?: undefined; status: 401 | 403 | 429; message: string; retryAfter?: number }

type SignedInAdmin = { id?: string; email: string }

type SignInOutcome = 'signed_in' | 'wrong_credentials' | 'throttled' | 'foreign_origin'

const AUDIT_ACTIONS: Record<SignInOutcome, string> = {
  signed_in: 'sign_in',
  wrong_credentials: 'sign_in_failed',
  throttled: 'sign_in_failed',
  foreign_origin: 'sign_in_failed',
}

/**
 * Login CSRF (issue 14, finding 8): a sign-in form posted from another
 * site is refused. Browsers send Origin with every cross-site POST (and
 * Referer when they do not); it must name this host. A request with
 * neither header does not come from a form on another site.
 */
function postedFromThisHost(ctx: HttpContext): boolean {
  const source = ctx.request.header('origin') || ctx.request.header('referer')
  if (!source) {
    return true
  }
  const host = ctx.request.host()
  if (!host) {
    return false
  }
  try {
    const from = new URL(source)
    if (from.protocol !== 'http:' && from.protocol !== 'https:') {
      return false
    }
    return from.host === new URL(`${from.protocol}//${host}`).host
  } catch {
    return false
  }
}

/**
 * Every panel sign-in and failed sign-in goes to the audit log with the
 * e-mail tried, the client IP and the outcome (issue 14, finding 22).
 */
async function auditSignIn(
  ctx: HttpContext,
  outcome: SignInOutcome,
  adminUser?: SignedInAdmin
): Promise<void> {
  const tried = ctx.request.input('email')
  const email = adminUser?.email ?? (typeof tried === 'string' ? tried.replace(/\p{Cc}/gu, '') : '')
  try {
    await db
      .insertQuery()
      .table('admin_actions')
      .insert({
        admin_id: adminUser?.id ? Number(adminUser.id) : null,
        admin_email: email.slice(0, 254) || 'unknown',
        ip: ctx.request.ip(),
        action: AUDIT_ACTIONS[outcome],
        resource: 'session',
        record_id: null,
        changes: JSON.stringify({ outcome }),
        created_at: dbTimestamp(),
      })
  } catch (error) {
    logger.error({ err: error, outcome }, 'could not write the panel sign-in to the audit log')
    if (outcome === 'signed_in') {
      throw error
    }
  }
}

/**
 * The panel's sign-in form (POST /admin/login): refuses a form posted
 * from another site (403), runs the provider's sign-in (throttled, 429
 * with Retry-After past the budget), and writes the outcome to the audit
 * log. `signIn` is the provider's `handleLogin`.
 */
export async function signInToPanel<T extends SignedInAdmin>(
  ctx: HttpContext,
  signIn: () => Promise<T | null>
): Promise<PanelSignInResult<T>> {
  if (!postedFromThisHost(ctx)) {
    await auditSignIn(ctx, 'foreign_origin')
    return {
      status: 403,
      message:
        'This sign-in form was sent from another site. Open the sign-in page of this panel and sign in there.',
    }
  }
  try {
    const adminUser = await signIn()
    if (!adminUser) {
      await auditSignIn(ctx, 'wrong_credentials')
      return { status: 401, message: 'invalidCredentials' }
    }
    await auditSignIn(ctx, 'signed_in', adminUser)
    return { adminUser }
  } catch (error) {
    if (!(error instanceof limiterErrors.E_TOO_MANY_REQUESTS)) {
      throw error
    }
    await auditSignIn(ctx, 'throttled')
    const retryAfter = Math.max(1, Math.ceil(error.response.availableIn))
    return {
      status: 429,
      message: `Too many sign-in attempts. Try again in ${retryAfter} seconds.`,
      retryAfter,
    }
  }
}
