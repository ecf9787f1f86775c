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
