import type { BaseResource } from 'adminjs'
import { ApiError } from '#exceptions/api_error'

/**
 * Characters no query value of the panel may carry: C0 controls, DEL
 * (PostgreSQL refuses NUL in text outright).
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/

const DIGITS = /^\d{1,6}$/

/**
 * The query string of a panel API call, checked before AdminJS turns it
 * into SQL: a sort, a filter or a page that cannot be right is a 422 in
 * the error shape that says what is accepted (AdminJS would pass an
 * unknown sort column or a NUL to the database: a 500, found by the panel
 * fuzz test).
 */
export function assertValidPanelQuery(resource: BaseResource, query: Record<string, unknown>) {
  const paths = new Set(resource.properties().map((property) => property.path()))
  for (const [key, value] of Object.entries(query)) {
    const values = Array.isArray(value) ? value : [value]
    for (const item of values) {
      if (typeof item === 'string' && CONTROL.test(item)) {
        throw ApiError.unprocessable(`${key} must not contain control characters`, key)
      }
      if (typeof item === 'object' && item !== null && key !== 'filters') {
        throw ApiError.unprocessable(`${key} must be a single value`, key)
      }
    }
  }

  const { sortBy, direction, page, perPage, filters } = query
  if (sortBy !== undefined && (typeof sortBy !== 'string' || !paths.has(sortBy))) {
    throw ApiError.unprocessable(
      `sortBy must be one of the resource's fields: ${[...paths].join(', ')}`,
      'sortBy'
    )
  }
  if (direction !== undefined && direction !== 'asc' && direction !== 'desc') {
    throw ApiError.unprocessable('direction must be "asc" or "desc"', 'direction')
  }
  for (const [name, item] of [
    ['page', page],
    ['perPage', perPage],
  ] as const) {
    if (item !== undefined && (typeof item !== 'string' || !DIGITS.test(item))) {
      throw ApiError.unprocessable(`${name} must be a whole number such as 1`, name)
    }
  }
  if (
    filters !== undefined &&
    (typeof filters !== 'object' || filters === null || Array.isArray(filters))
  ) {
    throw ApiError.unprocessable('filters must be filters.<field>=<value>', 'filters')
  }
  const filterEntries = [
    ...Object.entries((filters as Record<string, unknown> | undefined) ?? {}),
    ...Object.entries(query)
      .filter(([key]) => key.startsWith('filters.'))
      .map(([key, item]) => [key.slice('filters.'.length), item] as const),
  ]
  {
    for (const [path, item] of filterEntries) {
      const field = path.split('~~')[0]
      if (!paths.has(field)) {
        throw ApiError.unprocessable(
          `filters.${path}: filter on one of the resource's fields: ${[...paths].join(', ')}`,
          `filters.${path}`
        )
      }
      if (typeof item !== 'string' || CONTROL.test(item)) {
        throw ApiError.unprocessable(
          `filters.${path} must be text without control characters`,
          `filters.${path}`
        )
      }
    }
  }
}
