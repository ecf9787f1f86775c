import type { Before } from 'adminjs'

/**
 * Forms send every field back, timestamps included (as strings, which
 * Lucid refuses for DateTime columns): the database keeps those itself.
 */
export const withoutTimestamps: Before = async (request) => {
  if (request.payload) {
    for (const key of ['createdAt', 'updatedAt', 'id']) {
      delete request.payload[key]
    }
  }
  return request
}
