import factory from '@adonisjs/lucid/factories'
import User from '#models/user'

let sequence = 0

/**
 * Users with the password "password123". States: staff, admin.
 */
export const UserFactory = factory
  .define(User, ({ faker }) => {
    sequence++
    return {
      email: `user${sequence}_${faker.string.alphanumeric(6).toLowerCase()}@example.test`,
      password: 'password123',
      fullName: faker.person.fullName(),
      phone: null,
      addressLine1: faker.location.streetAddress(),
      addressLine2: null,
      addressCity: faker.location.city(),
      addressPostalCode: faker.location.zipCode('#####'),
      addressCountry: 'US',
      role: 'customer' as const,
    }
  })
  .state('staff', (user) => {
    user.role = 'staff'
  })
  .state('admin', (user) => {
    user.role = 'admin'
  })
  .build()
