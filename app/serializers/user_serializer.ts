import type User from '#models/user'
import { USER_ROLES } from '#models/user'
import { dateTime, integer, nullable, object, string } from '#serializers/json_schema'
import { isoTimestamp } from '#serializers/timestamp'

/**
 * The public shape of a user: never the password hash.
 */
export function serializeUserProfile(user: User) {
  return {
    id: user.id,
    email: user.email,
    full_name: user.fullName ?? null,
    phone: user.phone ?? null,
    address: {
      line1: user.addressLine1 ?? null,
      line2: user.addressLine2 ?? null,
      city: user.addressCity ?? null,
      postal_code: user.addressPostalCode ?? null,
      country: user.addressCountry ?? null,
    },
    role: user.role,
    created_at: isoTimestamp(user.createdAt),
    updated_at: isoTimestamp(user.updatedAt),
  }
}

/**
 * The OpenAPI schema of `serializeUserProfile`.
 */
export const userSchemas = {
  UserProfile: object({
    id: integer,
    email: { type: 'string', format: 'email' },
    full_name: nullable(string),
    phone: nullable(string),
    address: object({
      line1: nullable(string),
      line2: nullable(string),
      city: nullable(string),
      postal_code: nullable(string),
      country: nullable({ type: 'string', pattern: '^[A-Z]{2}$' }),
    }),
    role: { type: 'string', enum: [...USER_ROLES] },
    created_at: dateTime,
    updated_at: dateTime,
  }),
}
