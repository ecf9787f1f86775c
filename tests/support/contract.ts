import { AssertionError } from 'node:assert'
import { Ajv2020 } from 'ajv/dist/2020.js'
import type { ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'

/**
 * Checks a response against the OpenAPI document: the operation must be
 * documented, its status listed, and a JSON body must match the schema of
 * that status. The functional suite runs every response it receives
 * through here (tests/bootstrap.ts), so the document cannot drift from the
 * code.
 */
interface Operation {
  method: string
  path: string
  matcher: RegExp
  responses: Record<string, any>
}

let state: {
  ajv: Ajv2020
  document: Record<string, any>
  operations: Operation[]
  validators: Map<string, ValidateFunction>
}

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^$()|[\]\\]/g, '\\$&')
}

/**
 * Imported lazily: the document imports the validators, which need the
 * booted app.
 */
async function load() {
  if (state) return state
  const { openApiDocument } = await import('#openapi/document')
  const document = openApiDocument()
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  addFormats.default(ajv)
  ajv.addSchema(document, 'openapi.json')
  const operations: Operation[] = []
  for (const [path, item] of Object.entries<Record<string, any>>(document.paths)) {
    const matcher = new RegExp(
      '^' +
        path
          .split(/\{[^}]+\}/)
          .map(escapeRegExp)
          .join('[^/]+') +
        '$'
    )
    for (const [method, operation] of Object.entries(item)) {
      operations.push({
        method: method.toUpperCase(),
        path,
        matcher,
        responses: operation.responses,
      })
    }
  }
  /**
   * Static paths before templated ones: /orders/x is not /orders/{number}
   * when both exist.
   */
  operations.sort((a, b) => Number(a.path.includes('{')) - Number(b.path.includes('{')))
  state = { ajv, document, operations, validators: new Map() }
  return state
}

function pointer(...segments: string[]) {
  return segments.map((segment) => segment.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')
}

function resolveResponse(document: Record<string, any>, response: any) {
  if (!response?.$ref) return response
  const name = String(response.$ref).split('/').pop()!
  return document.components.responses[name]
}

function fail(message: string): never {
  throw new AssertionError({ message: `OpenAPI contract: ${message}` })
}

export interface ObservedResponse {
  method: string
  url: string
  status: number
  contentType: string | undefined
  body: unknown
}

/**
 * Whether the URL is one the document covers (the REST API).
 */
export function isDocumented(url: string) {
  return new URL(url, 'http://localhost').pathname.startsWith('/api/v1/')
}

export async function assertMatchesContract(observed: ObservedResponse) {
  const { ajv, document, operations, validators } = await load()
  const method = observed.method.toUpperCase()
  const path = new URL(observed.url, 'http://localhost').pathname
  const operation = operations.find(
    (candidate) => candidate.method === method && candidate.matcher.test(path)
  )
  const label = `${method} ${path} -> ${observed.status}`

  if (!operation) {
    /**
     * An undocumented URL may only be the router's own 404 or 405.
     */
    if (observed.status !== 404 && observed.status !== 405) {
      fail(`${label}: no operation in the document matches`)
    }
    const validate = ajv.getSchema('openapi.json#/components/schemas/Error')!
    if (!validate(observed.body)) {
      fail(`${label}: not in the error shape: ${ajv.errorsText(validate.errors)}`)
    }
    return
  }

  const documented = resolveResponse(document, operation.responses[String(observed.status)])
  if (!documented) {
    fail(
      `${label}: status not documented for ${method} ${operation.path} ` +
        `(documented: ${Object.keys(operation.responses).join(', ')}); body: ` +
        JSON.stringify(observed.body).slice(0, 400)
    )
  }
  const content = documented.content as Record<string, any> | undefined
  if (!content) {
    if (observed.body !== undefined && observed.body !== '' && observed.body !== null) {
      const empty = typeof observed.body === 'object' && Object.keys(observed.body).length === 0
      if (!empty) fail(`${label}: documented without a body, but one was sent`)
    }
    return
  }
  const mediaType = (observed.contentType ?? '').split(';')[0].trim()
  if (!content[mediaType]) {
    fail(`${label}: content type "${mediaType}" is not documented (${Object.keys(content)})`)
  }
  if (mediaType !== 'application/json') return

  const statusKey = String(observed.status)
  const schemaPointer = operation.responses[statusKey].$ref
    ? `openapi.json#/components/responses/${String(operation.responses[statusKey].$ref).split('/').pop()}/content/application~1json/schema`
    : `openapi.json#/${pointer('paths', operation.path, method.toLowerCase(), 'responses', statusKey, 'content', 'application/json', 'schema')}`
  let validate = validators.get(schemaPointer)
  if (!validate) {
    validate = ajv.compile({ $ref: schemaPointer })
    validators.set(schemaPointer, validate)
  }
  if (!validate(observed.body)) {
    fail(
      `${label}: the body does not match the documented schema: ` +
        `${ajv.errorsText(validate.errors, { separator: '; ' })}; body: ` +
        JSON.stringify(observed.body).slice(0, 600)
    )
  }
}

/**
 * `fetch`, with every answer from the REST API checked against the
 * document (the tests that talk to separate app processes use fetch).
 */
export function contractCheckingFetch(original: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await original(input, init)
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET')
    if (!isDocumented(url) || method.toUpperCase() === 'HEAD') return response
    const contentType = response.headers.get('content-type') ?? undefined
    const copy = response.clone()
    let body: unknown
    if (contentType?.includes('application/json')) {
      const text = await copy.text()
      body = text ? JSON.parse(text) : undefined
    } else {
      const bytes = await copy.arrayBuffer()
      body = bytes.byteLength ? '<binary>' : undefined
    }
    await assertMatchesContract({ method, url, status: response.status, contentType, body })
    return response
  }
}
