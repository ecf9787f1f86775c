import { createHash } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import User from '#models/user'
import type { AdminSessionUser } from '#admin/auth'

/**
 * A fingerprint of the user's password hash, kept in the panel session: a
 * password change or reset ends the panel sessions opened before it.
 */
export function passwordStamp(user: User): string {
  const digest = createHash('sha256').update(user.password).digest('base64url').slice(0, 22)
  return `${user.id}.${digest}`
}

function refuse(ctx: HttpContext, paths: { rootPath: string; loginPath: string }, message: string) {
  if (ctx.request.url().startsWith(`${paths.rootPath}/api/`)) {
    return ctx.response.unauthorized({ errors: [{ code: 'E_UNAUTHORIZED_ACCESS', message }] })
  }
  if (ctx.request.method() === 'GET') {
    ctx.session.put('redirectTo', ctx.request.url(true))
  }
  return ctx.response.redirect(paths.loginPath)
}

/**
 * Every panel request behind the sign-in (issue 14, finding 4): the
 * session's user is loaded from the database, and whoever no longer
 * exists, is no longer staff or admin, or changed password since signing
 * in, has the session ended (on the server: the store forgets it) and is
 * sent to the sign-in page (401 in the error format for the panel's JSON
 * API). Otherwise the session's name, e-mail and role are refreshed, so
 * AdminJS decides what the user may do from the role as it is now.
 */
export function requireAdminSession(paths: { rootPath: string; loginPath: string }) {
  return async (ctx: HttpContext, next: NextFn) => {
    const { session } = ctx
    const signedIn = session.get('adminUser') as AdminSessionUser | undefined
    if (!signedIn) {
      return refuse(
        ctx,
        paths,
        'Sign in to the panel (POST /admin/login) with a staff or admin account'
      )
    }
    const user = /^\d{1,15}$/.test(String(signedIn.id))
      ? await User.find(Number(signedIn.id))
      : null
    /**
     * A stamp left by another account signed in earlier in the same
     * browser does not count: the sign-in keeps the session's values.
     */
    const saved = session.get('passwordStamp') as string | undefined
    const stamp = user && saved?.startsWith(`${user.id}.`) ? saved : undefined
    if (!user || !user.isStaff || (stamp !== undefined && stamp !== passwordStamp(user))) {
      session.clear()
      session.regenerate()
      return refuse(
        ctx,
        paths,
        'Your panel session has ended (the account no longer has panel access, or its password changed): sign in again'
      )
    }
    const current: AdminSessionUser = {
      id: String(user.id),
      email: user.email,
      title: user.fullName ?? user.email,
      role: user.role as AdminSessionUser['role'],
    }
    if (
      current.email !== signedIn.email ||
      current.title !== signedIn.title ||
      current.role !== signedIn.role
    ) {
      session.put('adminUser', current)
    }
    if (stamp === undefined) {
      session.put('passwordStamp', passwordStamp(user))
    }
    return next()
  }
}
