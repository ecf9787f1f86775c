import type { BaseProperty, BaseResource } from 'adminjs'
import { ApiError } from '#exceptions/api_error'

/**
 * Characters no query value of the panel may carry: C0 controls, DEL
 * (PostgreSQL refuses NUL in text outright).
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/

const DIGITS = /^\d{1,6}$/
const ID = /^\d{1,10}$/
/**
 * Every numeric column of the panel's tables is an integer (money in
 * minor units); nine digits stay inside PostgreSQL's integer.
 */
const INTEGER = /^-?\d{1,9}$/

/**
 * What a filter value must look like for a property of each type, so the
 * database never sees text where it compares numbers or dates.
 */
function acceptedFilterValue(
  property: Pick<BaseProperty, 'isId' | 'type'>,
  value: string
): string | null {
  if (property.isId()) {
    return ID.test(value) ? null : 'a record id (digits)'
  }
  switch (property.type()) {
    case 'number':
    case 'float':
    case 'currency':
      return INTEGER.test(value) ? null : 'a whole number such as 12'
    case 'reference':
      return ID.test(value) ? null : 'a record id (digits)'
    case 'boolean':
      return value === 'true' || value === 'false' ? null : 'true or false'
    case 'date':
    case 'datetime':
      return Number.isNaN(Date.parse(value)) ? 'a date such as 2026-01-31' : null
    default:
      return null
  }
}

function fieldList(resource: BaseResource) {
  return resource
    .properties()
    .map((property) => property.path())
    .join(', ')
}

/**
 * The query string of a panel API call, checked before AdminJS turns it
 * into SQL: a sort, a filter or a page that cannot be right is a 422 in
 * the error shape that says what is accepted (AdminJS would pass an
 * unknown sort column, text for a number, or a NUL to the database: a
 * 500 on PostgreSQL, found by the panel fuzz test).
 */
export function assertValidPanelQuery(resource: BaseResource, query: Record<string, unknown>) {
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
  if (sortBy !== undefined && (typeof sortBy !== 'string' || !resource.property(sortBy))) {
    throw ApiError.unprocessable(
      `sortBy must be one of the resource's fields: ${fieldList(resource)}`,
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
  for (const [path, item] of filterEntries) {
    const field = `filters.${path}`
    const name = path.split('~~')[0]
    // A virtual filter (declared in the resource's options, resolved by its list hook).
    const property = resource.property(name) ?? resource.decorate().getPropertyByKey(name)
    if (!property) {
      throw ApiError.unprocessable(
        `${field}: filter on one of the resource's fields: ${fieldList(resource)}`,
        field
      )
    }
    if (typeof item !== 'string' || CONTROL.test(item)) {
      throw ApiError.unprocessable(`${field} must be text without control characters`, field)
    }
    const accepted = acceptedFilterValue(property, item)
    if (accepted) {
      throw ApiError.unprocessable(`${field} must be ${accepted}`, field)
    }
  }
}

/**
 * A search (the panel's reference pickers) compares the query with the
 * resource's title property: when that is a number or an id and the query
 * cannot be one, nothing can match (and PostgreSQL would refuse the
 * comparison).
 */
export function searchCannotMatch(resource: BaseResource, search: string): boolean {
  const title = resource.decorate().titleProperty()
  const numeric = ['number', 'float', 'currency', 'reference'].includes(title.type())
  return (numeric || title.isId()) && !ID.test(search)
}
