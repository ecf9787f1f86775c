import { writeFile } from 'node:fs/promises'
import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * `node ace openapi:types` (`npm run openapi:types`): writes the API's
 * TypeScript types for openapi-fetch clients from the OpenAPI document
 * (see app/openapi/client_types.ts). A test fails while the committed file
 * differs from what the document gives.
 */
export default class OpenApiTypes extends BaseCommand {
  static commandName = 'openapi:types'
  static description = 'Write tests/support/openapi/schema.d.ts from the OpenAPI document'
  static options: CommandOptions = { startApp: true }

  async run() {
    const { openApiDocument } = await import('#openapi/document')
    const { CLIENT_TYPES_PATH, clientTypesSource } = await import('#openapi/client_types')
    const source = await clientTypesSource(openApiDocument(), this.app.appRoot)
    await writeFile(this.app.makePath(CLIENT_TYPES_PATH), source)
    this.logger.success(`Wrote ${CLIENT_TYPES_PATH}`)
  }
}
