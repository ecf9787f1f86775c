import { DefaultAuthProvider, type DefaultAuthenticatePayload } from 'adminjs'
import hash from '@adonisjs/core/services/hash'
import User from '#models/user'
import componentLoader from '#admin/component_loader'

/**
 * What the panel keeps of the signed-in user in its session.
 */
export interface AdminSessionUser {
  id: string
  email: string
  title: string
  role: 'staff' | 'admin'
}

/**
 * Staff and admins sign in with their shop account (same users, same
 * password hashing as the API); customers are refused like a wrong
 * password, so the panel does not tell who has an account.
 */
export async function authenticate({
  email,
  password,
}: DefaultAuthenticatePayload): Promise<AdminSessionUser | null> {
  if (typeof email !== 'string' || typeof password !== 'string' || email.length > 254) {
    return null
  }
  const user = await User.findBy('email', email.trim().toLowerCase())
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
    title: user.fullName,
    role: user.role as 'staff' | 'admin',
  }
}

const authProvider = new DefaultAuthProvider({ componentLoader, authenticate })

export default authProvider
