/*
|--------------------------------------------------------------------------
| TypeScript types of the API for generated clients
|--------------------------------------------------------------------------
|
| `npm run openapi:types` (node ace openapi:types) writes them, from the
| document /openapi.json serves, to tests/support/openapi/schema.d.ts;
| tests/functional/api_contract/generated_client.spec.ts checks the
| committed file is what the document gives today and drives the API with
| an `openapi-fetch` client typed by it. Development only: the
| openapi-typescript and prettier packages are dev dependencies, so this
| module is imported lazily by the command.
|
*/
import openapiTS, { astToString } from 'openapi-typescript'
import * as prettier from 'prettier'
import type { OpenAPI3 } from 'openapi-typescript'

export const CLIENT_TYPES_PATH = 'tests/support/openapi/schema.d.ts'

const HEADER = [
  "/* eslint-disable @typescript-eslint/naming-convention -- openapi-typescript's names */",
  '/**',
  " * The API's types, generated from GET /openapi.json by openapi-typescript.",
  ' * Do not edit: run `npm run openapi:types` after changing the document.',
  ' */',
  '',
].join('\n')

/**
 * The source of `schema.d.ts` for this document (formatted like the rest
 * of the code base, so lint passes on it).
 */
export async function clientTypesSource(
  document: Record<string, unknown>,
  appRoot: URL
): Promise<string> {
  const nodes = await openapiTS(structuredClone(document) as unknown as OpenAPI3, {
    silent: true,
    alphabetize: false,
  })
  const source = HEADER + astToString(nodes)
  const filepath = new URL(CLIENT_TYPES_PATH, appRoot).pathname
  const options = (await prettier.resolveConfig(filepath)) ?? {}
  return prettier.format(source, { ...options, filepath })
}
