import { parse } from 'csv-parse/sync'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { errors as vineErrors } from '@vinejs/vine'
import Product from '#models/product'
import Category from '#models/category'
import { ApiError, type ApiErrorItem } from '#exceptions/api_error'
import { CatalogAdminService, type ProductInput } from '#services/catalog_admin_service'
import { StaffAudit, type StaffActor } from '#services/staff_audit'
import { PRODUCT_CSV_COLUMNS } from '#services/csv_export_service'
import { toDecimalString, toMinorUnits } from '#services/money'

/**
 * The most data rows one import takes.
 */
export const MAX_IMPORT_ROWS = 5000

/**
 * The columns an import must have: rows are matched to products by slug,
 * and a new product needs a name and a price.
 */
const REQUIRED_COLUMNS = ['slug', 'name', 'price'] as const

/**
 * Columns read but never applied: stock moves only through the audited
 * stock adjustments (the "Adjust stock" action, the API's
 * stock-adjustments); the export writes it for information.
 */
const IGNORED_COLUMNS = ['stock'] as const

/**
 * The validators' field names as the CSV's columns.
 */
const COLUMN_OF: Record<string, string> = { category_id: 'category_slug' }

type Field = 'name' | 'description' | 'price' | 'category_id' | 'low_stock_threshold' | 'is_active'
const FIELDS: Field[] = [
  'name',
  'description',
  'price',
  'category_id',
  'low_stock_threshold',
  'is_active',
]

export interface ImportRow {
  /**
   * The row's line in the file (the header is line 1).
   */
  line: number
  slug: string
  name: string
  action: 'create' | 'update' | 'unchanged' | 'refused'
  /**
   * For an update, each changed field (the CSV column) with the value
   * stored and the one the row brings.
   */
  changes: Record<string, { from: unknown; to: unknown }>
  /**
   * Why the row is refused: the column and the API validators' message.
   */
  errors: Array<{ column: string; message: string }>
}

export interface ImportPlan {
  rows: ImportRow[]
  counts: { create: number; update: number; unchanged: number; refused: number }
  /**
   * Columns of the file that the import does not apply (stock).
   */
  ignoredColumns: string[]
}

interface PlannedRow extends ImportRow {
  productId?: number
  input?: ProductInput & { name?: string; price?: string }
}

/**
 * A cell as the export wrote it: a `'` put before `=`, `+`, `-`, `@`, a
 * tab or a carriage return (against formula injection) is taken off, so
 * an export imports back unchanged.
 */
function unescapeCell(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value
}

function booleanCell(value: string): unknown {
  const folded = value.trim().toLowerCase()
  if (['true', '1', 'yes'].includes(folded)) return true
  if (['false', '0', 'no'].includes(folded)) return false
  return value
}

function integerCell(value: string): unknown {
  return /^\s*-?\d+\s*$/.test(value) ? Number(value) : value
}

/**
 * Products from a CSV file (issue 16, item 6), in the export's columns:
 * `slug` (the key: an existing slug updates that product, a new one
 * creates a product), `name`, `description`, `price` (a decimal amount,
 * "19.99"), `category_slug`, `low_stock_threshold`, `is_active`
 * (true/false). `stock` is read and ignored: stock changes only through
 * the audited stock adjustments. An empty cell leaves an existing
 * product's field as it is.
 *
 * `preview` says row by row what would be created or changed and which
 * rows are refused and why (the API's validators' messages). `apply`
 * checks again and then writes every row in ONE transaction through
 * CatalogAdminService, the API's service: any refused or failing row
 * changes nothing. One audit entry per import, with the counts.
 */
export class ProductImportService {
  parse(text: string): { header: string[]; records: Array<{ line: number; cells: string[] }> } {
    let parsed: Array<{ record: string[]; info: { lines: number } }>
    try {
      parsed = parse(text, {
        bom: true,
        info: true,
        skip_empty_lines: true,
        relax_column_count: false,
      }) as unknown as Array<{ record: string[]; info: { lines: number } }>
    } catch (error) {
      throw ApiError.unprocessable(
        `The file is not a readable CSV: ${(error as Error).message}`,
        'file'
      )
    }
    if (parsed.length === 0) {
      throw ApiError.unprocessable('The file is empty: it needs a header row and rows', 'file')
    }
    const header = parsed[0].record.map((name) => name.trim().toLowerCase())
    const known = new Set<string>(PRODUCT_CSV_COLUMNS)
    const unknown = header.filter((name) => !known.has(name))
    if (unknown.length > 0) {
      throw ApiError.unprocessable(
        `Unknown column(s): ${unknown.join(', ')}. The columns are: ${PRODUCT_CSV_COLUMNS.join(', ')}`,
        'file'
      )
    }
    const missing = REQUIRED_COLUMNS.filter((name) => !header.includes(name))
    if (missing.length > 0) {
      throw ApiError.unprocessable(`Missing column(s): ${missing.join(', ')}`, 'file')
    }
    if (new Set(header).size !== header.length) {
      throw ApiError.unprocessable('A column appears twice in the header', 'file')
    }
    const records = parsed.slice(1).map(({ record, info }) => ({ line: info.lines, cells: record }))
    if (records.length === 0) {
      throw ApiError.unprocessable('The file has a header but no rows', 'file')
    }
    if (records.length > MAX_IMPORT_ROWS) {
      throw ApiError.unprocessable(
        `At most ${MAX_IMPORT_ROWS} rows per import (this file has ${records.length})`,
        'file'
      )
    }
    return { header, records }
  }

  async preview(text: string): Promise<ImportPlan> {
    const { rows, ignored } = await this.plan(text)
    return this.present(rows, ignored)
  }

  /**
   * Writes the file's rows, all or none. Throws a 422 listing the refused
   * rows (nothing written), or the error of a row that failed while
   * writing, with its line (everything rolled back).
   */
  async apply(text: string, actor: StaffActor | null): Promise<ImportPlan> {
    const { rows: planned, ignored } = await this.plan(text)
    const refused = planned.filter((row) => row.action === 'refused')
    if (refused.length > 0) {
      throw new ApiError(
        422,
        'E_IMPORT_REFUSED',
        `${refused.length} row(s) refused: nothing was imported`,
        refused.flatMap((row) =>
          row.errors.map((error): ApiErrorItem => ({
            code: 'E_VALIDATION_ERROR',
            message: `Line ${row.line} (${row.slug || 'no slug'}): ${error.message}`,
            field: error.column,
            line: row.line,
          }))
        )
      )
    }
    const catalog = await app.container.make(CatalogAdminService)
    const plan = this.present(planned, ignored)
    await db.transaction(async (trx) => {
      for (const row of planned) {
        try {
          if (row.action === 'create') {
            await catalog.createProduct(
              { ...(row.input as ProductInput & { name: string; price: string }), stock: 0 },
              undefined,
              trx
            )
          } else if (row.action === 'update') {
            await catalog.updateProduct(row.productId!, row.input!, undefined, trx)
          }
        } catch (error) {
          const status = error instanceof ApiError ? error.status : 409
          throw new ApiError(
            status >= 400 && status < 500 ? status : 409,
            'E_IMPORT_FAILED',
            `Line ${row.line} (${row.slug}): ${(error as Error).message}. Nothing was imported`
          )
        }
      }
      await StaffAudit.record(
        actor,
        {
          action: 'import',
          resource: 'products',
          recordId: null,
          changes: {
            created: plan.counts.create,
            updated: plan.counts.update,
            unchanged: plan.counts.unchanged,
            slugs: planned.filter((row) => row.action !== 'unchanged').map((row) => row.slug),
          },
        },
        trx
      )
    })
    return plan
  }

  private present(rows: PlannedRow[], ignoredColumns: string[]): ImportPlan {
    const counts = { create: 0, update: 0, unchanged: 0, refused: 0 }
    for (const row of rows) {
      counts[row.action] += 1
    }
    return {
      rows: rows.map(({ line, slug, name, action, changes, errors }) => ({
        line,
        slug,
        name,
        action,
        changes,
        errors,
      })),
      counts,
      ignoredColumns,
    }
  }

  private async plan(text: string): Promise<{ rows: PlannedRow[]; ignored: string[] }> {
    /**
     * Loaded on use: the validators' database rules (unique, exists) exist
     * once Lucid's provider has booted, after the panel's config imported
     * this file.
     */
    const { createProductValidator, updateProductValidator } = await import('#validators/catalog')
    const { header, records } = this.parse(text)
    const ignored = IGNORED_COLUMNS.filter((name) => header.includes(name))
    const rows = records.map(({ line, cells }) => {
      const values: Record<string, string> = {}
      header.forEach((name, index) => {
        values[name] = unescapeCell(cells[index] ?? '')
      })
      return { line, values }
    })

    const slugs = [...new Set(rows.map((row) => row.values.slug.trim().toLowerCase()))]
    const existing = new Map<string, Product>()
    for (let start = 0; start < slugs.length; start += 500) {
      const found = await Product.query().whereIn('slug', slugs.slice(start, start + 500))
      for (const product of found) {
        existing.set(product.slug, product)
      }
    }
    const allCategories = await Category.query().select('id', 'slug')
    const categories = new Map(allCategories.map((category) => [category.slug, category.id]))
    const categorySlugs = new Map(allCategories.map((category) => [category.id, category.slug]))

    const seen = new Map<string, number>()
    const planned: PlannedRow[] = []
    /**
     * Each row is checked by the API's validator (their unique and exists
     * rules read the database), several rows at a time.
     */
    const checks: Array<() => Promise<void>> = []
    for (const { line, values } of rows) {
      const slug = values.slug.trim().toLowerCase()
      const row: PlannedRow = {
        line,
        slug,
        name: values.name?.trim() ?? '',
        action: 'refused',
        changes: {},
        errors: [],
      }
      planned.push(row)
      if (slug === '') {
        row.errors.push({
          column: 'slug',
          message: 'A slug is required: rows are matched to products by slug',
        })
        continue
      }
      if (seen.has(slug)) {
        row.errors.push({
          column: 'slug',
          message: `The slug "${slug}" is already on line ${seen.get(slug)}`,
        })
        continue
      }
      seen.set(slug, line)
      const product = existing.get(slug)

      const data: Record<string, unknown> = {}
      const cell = (name: string) => (values[name] ?? '').trim()
      if (cell('name') !== '') data.name = values.name
      if (cell('description') !== '') data.description = values.description
      if (cell('price') !== '') data.price = cell('price')
      if (cell('low_stock_threshold') !== '') {
        data.low_stock_threshold = integerCell(cell('low_stock_threshold'))
      }
      if (cell('is_active') !== '') data.is_active = booleanCell(cell('is_active'))
      if (cell('category_slug') !== '') {
        const categoryId = categories.get(cell('category_slug').toLowerCase())
        if (categoryId === undefined) {
          row.errors.push({
            column: 'category_slug',
            message: `There is no category with the slug "${cell('category_slug')}"`,
          })
        } else {
          data.category_id = categoryId
        }
      }

      checks.push(async () => {
        let validated: Record<string, unknown>
        try {
          validated = product
            ? await updateProductValidator.validate(data, { meta: { productId: product.id } })
            : await createProductValidator.validate({ ...data, slug, stock: 0 })
        } catch (error) {
          if (!(error instanceof vineErrors.E_VALIDATION_ERROR)) {
            throw error
          }
          for (const item of error.messages as Array<{ field: string; message: string }>) {
            row.errors.push({ column: COLUMN_OF[item.field] ?? item.field, message: item.message })
          }
          return
        }
        if (row.errors.length > 0) {
          return
        }

        if (!product) {
          const input = { ...validated }
          delete input.stock
          row.action = 'create'
          row.input = input as PlannedRow['input']
          for (const field of FIELDS) {
            if (validated[field] !== undefined) {
              row.changes[COLUMN_OF[field] ?? field] = {
                from: null,
                to: field === 'category_id' ? cell('category_slug') : validated[field],
              }
            }
          }
          return
        }

        row.productId = product.id
        const stored: Record<Field, unknown> = {
          name: product.name,
          description: product.description,
          price: product.price,
          category_id: product.categoryId,
          low_stock_threshold: product.lowStockThreshold,
          is_active: Boolean(product.isActive),
        }
        const input: Record<string, unknown> = {}
        for (const field of FIELDS) {
          const value = validated[field]
          if (value === undefined) continue
          const comparable = field === 'price' ? toMinorUnits(String(value)) : value
          if (comparable !== stored[field]) {
            input[field] = value
            row.changes[COLUMN_OF[field] ?? field] =
              field === 'price'
                ? { from: toDecimalString(product.price), to: value }
                : field === 'category_id'
                  ? {
                      from: product.categoryId ? categorySlugs.get(product.categoryId) : null,
                      to: cell('category_slug'),
                    }
                  : { from: stored[field], to: value }
          }
        }
        row.input = input as PlannedRow['input']
        row.action = Object.keys(input).length > 0 ? 'update' : 'unchanged'
      })
    }
    for (let start = 0; start < checks.length; start += 8) {
      await Promise.all(checks.slice(start, start + 8).map((check) => check()))
    }
    return { rows: planned, ignored }
  }
}
