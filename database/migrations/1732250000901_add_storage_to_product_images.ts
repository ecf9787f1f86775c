import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Product images uploaded by staff are stored on the drive disk (issue 17,
 * item 5): the file's key there, its type read from its bytes, its size
 * and its pixel size. Rows from before keep an external `url` and leave
 * these empty; a stored image's `url` is where it is served.
 */
export default class extends BaseSchema {
  protected tableName = 'product_images'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.string('storage_key', 255).nullable().unique()
      table.string('content_type', 50).nullable()
      table.integer('size').nullable()
      table.integer('width').nullable()
      table.integer('height').nullable()
    })
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      table.dropUnique(['storage_key'])
      table.dropColumns('storage_key', 'content_type', 'size', 'width', 'height')
    })
  }
}
