import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { accessStaffArea } from '#abilities/main'

/**
 * Staff and admins only: a customer gets 403. Runs after `auth`.
 */
export default class StaffMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    await ctx.bouncer.authorize(accessStaffArea)
    return next()
  }
}
