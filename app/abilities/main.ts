import { Bouncer } from '@adonisjs/bouncer'
import type User from '#models/user'

/**
 * Staff and admins: the staff API endpoints.
 */
export const accessStaffArea = Bouncer.ability((user: User) => user.isStaff)

/**
 * Admins only: managing people.
 */
export const manageUsers = Bouncer.ability((user: User) => user.isAdmin)

/**
 * Admins only: registering and changing webhook endpoints (staff read
 * them and their deliveries).
 */
export const manageWebhooks = Bouncer.ability((user: User) => user.isAdmin)
