import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { errors as vineErrors } from '@vinejs/vine'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Product from '#models/product'
import Category from '#models/category'
import ProductOption from '#models/product_option'
import ProductVariant from '#models/product_variant'
import { ApiError, type ApiErrorItem } from '#exceptions/api_error'
import {
  CatalogAdminService,
  type NewProductInput,
  type ProductInput,
} from '#services/catalog_admin_service'
import { VariantAdminService, type VariantInput } from '#services/variant_admin_service'
import { StaffAudit, type StaffActor } from '#services/staff_audit'
import { PRODUCT_COLUMNS, PRODUCT_CSV_COLUMNS } from '#services/csv_export_service'
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
const COLUMN_OF: Record<string, string> = {
  category_id: 'category_slug',
  is_active: 'is_active',
}
const VARIANT_COLUMN_OF: Record<string, string> = { is_active: 'variant_is_active' }

type ProductField = 'name' | 'description' | 'category_id' | 'is_active'
const PRODUCT_FIELDS: ProductField[] = ['name', 'description', 'category_id', 'is_active']

type VariantField =
  'price' | 'compare_at_price' | 'low_stock_threshold' | 'weight_grams' | 'is_active'
const VARIANT_FIELDS: VariantField[] = [
  'price',
  'compare_at_price',
  'low_stock_threshold',
  'weight_grams',
  'is_active',
]

export interface ImportRow {
  /**
   * The row's line in the file (the header is line 1).
   */
  line: number
  slug: string
  name: string
  /**
   * The variant's SKU ('' in a file without the column: the product's
   * only variant).
   */
  sku: string
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
  /**
   * For an existing variant: its id; the changed variant fields.
   */
  variantId?: number
  variantInput?: Partial<VariantInput>
}

/**
 * The rows of one product (its slug), the first one carrying the
 * product's columns.
 */
interface PlannedGroup {
  slug: string
  rows: PlannedRow[]
  productId?: number
  /**
   * A new product: what CatalogAdminService.createProduct gets.
   */
  create?: NewProductInput
  /**
   * An existing product: its changed fields, its options when the file
   * adds values, the variants to create.
   */
  update?: ProductInput
  options?: Array<{ name: string; values: string[] }>
  newVariants?: Array<{ row: PlannedRow; input: VariantInput }>
}

/**
 * A row's error while writing, with its line (ends the dry run and the
 * import).
 */
class RowFailed extends Error {
  constructor(
    readonly row: PlannedRow,
    readonly cause: unknown
  ) {
    super((cause as Error).message)
  }
}

/**
 * Ends a preview's dry run: its writes are rolled back.
 */
class DryRun extends Error {}

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
 * Products from a CSV file (issue 16, item 6; variants: issue 17, item 8),
 * in the export's columns (PRODUCT_CSV_COLUMNS): one row per variant, the
 * rows of a product sharing its `slug` (the key: an existing slug updates
 * that product, a new one creates a product).
 *
 * - Product columns (`name`, `description`, `category_slug`, `is_active`)
 *   are read from the product's first row; later rows leave them empty or
 *   repeat them (the export repeats them), a different value is refused.
 * - Variant columns: `sku` (the key of a variant: an existing SKU of the
 *   product updates it, a new one creates a variant with 0 stock), the
 *   option names and values (`option1_name`/`option1_value`, up to 3),
 *   `price` (a decimal amount, "19.99"), `compare_at_price`,
 *   `low_stock_threshold`, `weight_grams`, `variant_is_active`.
 * - A file without `sku` (the format before variants) has one row per
 *   product, for its only variant (new products get the default SKU).
 * - `stock` is read and ignored: stock changes only through the audited
 *   stock adjustments. An empty cell leaves an existing field as it is.
 * - An existing product's option names must be the product's (in order);
 *   new values of them are added. Changing the options themselves is done
 *   on the product's page.
 *
 * `preview` says row by row what would be created or changed and which
 * rows are refused and why (the API's validators' messages), then runs
 * the writes in a transaction it rolls back, so what the services refuse
 * (a used SKU, a combination sold twice) shows too. `apply` checks again
 * and writes every row in ONE transaction through CatalogAdminService and
 * VariantAdminService, the API's services: any refused or failing row
 * changes nothing. One audit entry per import, with the counts.
 */
export class ProductImportService {
  /**
   * The CSV parser is imported on the first import, not at boot.
   */
  async parse(
    text: string
  ): Promise<{ header: string[]; records: Array<{ line: number; cells: string[] }> }> {
    const { parse } = await import('csv-parse/sync')
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
    const { groups, ignored } = await this.plan(text)
    const rows = groups.flatMap((group) => group.rows)
    if (rows.every((row) => row.action !== 'refused')) {
      try {
        await db.transaction(async (trx) => {
          await this.write(groups, trx)
          throw new DryRun()
        })
      } catch (error) {
        if (error instanceof RowFailed) {
          error.row.action = 'refused'
          error.row.errors.push(this.failure(error.cause))
        } else if (!(error instanceof DryRun)) {
          throw error
        }
      }
    }
    return this.present(rows, ignored)
  }

  /**
   * Writes the file's rows, all or none. Throws a 422 listing the refused
   * rows (nothing written), or the error of a row that failed while
   * writing, with its line (everything rolled back).
   */
  async apply(text: string, actor: StaffActor | null): Promise<ImportPlan> {
    const { groups, ignored } = await this.plan(text)
    const planned = groups.flatMap((group) => group.rows)
    const refused = planned.filter((row) => row.action === 'refused')
    if (refused.length > 0) {
      throw new ApiError(
        422,
        'E_IMPORT_REFUSED',
        `${refused.length} row(s) refused: nothing was imported`,
        refused.flatMap((row) =>
          row.errors.map((error): ApiErrorItem => ({
            code: 'E_VALIDATION_ERROR',
            message: `Line ${row.line} (${row.slug || 'no slug'}${row.sku ? `, ${row.sku}` : ''}): ${error.message}`,
            field: error.column,
            line: row.line,
          }))
        )
      )
    }
    const plan = this.present(planned, ignored)
    try {
      await db.transaction(async (trx) => {
        await this.write(groups, trx)
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
              slugs: [
                ...new Set(
                  planned.filter((row) => row.action !== 'unchanged').map((row) => row.slug)
                ),
              ],
            },
          },
          trx
        )
      })
    } catch (error) {
      if (!(error instanceof RowFailed)) {
        throw error
      }
      const cause = error.cause
      const status = cause instanceof ApiError ? cause.status : 409
      throw new ApiError(
        status >= 400 && status < 500 ? status : 409,
        'E_IMPORT_FAILED',
        `Line ${error.row.line} (${error.row.slug}${error.row.sku ? `, ${error.row.sku}` : ''}): ${(cause as Error).message}. Nothing was imported`
      )
    }
    return plan
  }

  /**
   * A service's refusal as a row error: its field as the CSV column.
   */
  private failure(cause: unknown): { column: string; message: string } {
    const item = cause instanceof ApiError ? cause.items[0] : undefined
    const field = String(item?.field ?? '').replace(/^variants\.\d+\.?/, '')
    const column = field === '' ? 'file' : (VARIANT_COLUMN_OF[field] ?? COLUMN_OF[field] ?? field)
    return { column, message: (cause as Error).message }
  }

  /**
   * The planned writes, in the caller's transaction, through the API's
   * services; a failure names its row.
   */
  private async write(groups: PlannedGroup[], trx: TransactionClientContract) {
    const catalog = await app.container.make(CatalogAdminService)
    const variants = await app.container.make(VariantAdminService)
    const attempt = async (row: PlannedRow, work: () => Promise<unknown>) => {
      try {
        await work()
      } catch (error) {
        throw new RowFailed(row, error)
      }
    }
    for (const group of groups) {
      const first = group.rows[0]
      if (group.create) {
        await attempt(first, () => catalog.createProduct(group.create!, undefined, trx))
        continue
      }
      if (group.update && Object.keys(group.update).length > 0) {
        await attempt(first, () =>
          catalog.updateProduct(group.productId!, group.update!, undefined, trx)
        )
      }
      if (group.options) {
        await attempt(first, () =>
          variants.setOptions(group.productId!, group.options!, undefined, trx)
        )
      }
      for (const row of group.rows) {
        if (row.action === 'update' && row.variantId && row.variantInput) {
          await attempt(row, () =>
            variants.updateVariant(row.variantId!, row.variantInput!, undefined, trx)
          )
        }
      }
      for (const { row, input } of group.newVariants ?? []) {
        await attempt(row, () => variants.createVariant(group.productId!, input, undefined, trx))
      }
    }
  }

  private present(rows: PlannedRow[], ignoredColumns: string[]): ImportPlan {
    const counts = { create: 0, update: 0, unchanged: 0, refused: 0 }
    rows = [...rows].sort((a, b) => a.line - b.line)
    for (const row of rows) {
      counts[row.action] += 1
    }
    return {
      rows: rows.map(({ line, slug, name, sku, action, changes, errors }) => ({
        line,
        slug,
        name,
        sku,
        action,
        changes,
        errors,
      })),
      counts,
      ignoredColumns,
    }
  }

  private async plan(text: string): Promise<{ groups: PlannedGroup[]; ignored: string[] }> {
    /**
     * Loaded on use: the validators' database rules (unique, exists) exist
     * once Lucid's provider has booted, after the panel's config imported
     * this file.
     */
    const { createProductValidator, updateProductValidator } = await import('#validators/catalog')
    const { createVariantValidator } = await import('#validators/variants')
    const { header, records } = await this.parse(text)
    const ignored = IGNORED_COLUMNS.filter((name) => header.includes(name))
    const withSkus = header.includes('sku')
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
      const found = await Product.query()
        .whereIn('slug', slugs.slice(start, start + 500))
        .preload('variants', (query) => query.orderBy('position').orderBy('id'))
        .preload('options', (query) => query.orderBy('position'))
      for (const product of found) {
        existing.set(product.slug, product)
      }
    }
    const skus = [...new Set(rows.map((row) => (row.values.sku ?? '').trim()).filter(Boolean))]
    const skuOwners = new Map<string, number>()
    for (let start = 0; start < skus.length; start += 500) {
      const found = await ProductVariant.query()
        .whereIn('sku', skus.slice(start, start + 500))
        .select('sku', 'product_id')
      for (const variant of found) {
        skuOwners.set(variant.sku, variant.productId)
      }
    }
    const allCategories = await Category.query().select('id', 'slug')
    const categories = new Map(allCategories.map((category) => [category.slug, category.id]))
    const categorySlugs = new Map(allCategories.map((category) => [category.id, category.slug]))

    const groups = new Map<string, PlannedGroup>()
    const orphans: PlannedRow[] = []
    const seenSkus = new Map<string, number>()
    const checks: Array<() => Promise<void>> = []

    for (const { line, values } of rows) {
      const cell = (name: string) => (values[name] ?? '').trim()
      const slug = cell('slug').toLowerCase()
      const sku = cell('sku')
      const row: PlannedRow = {
        line,
        slug,
        name: cell('name'),
        sku,
        action: 'refused',
        changes: {},
        errors: [],
      }
      if (slug === '') {
        row.errors.push({
          column: 'slug',
          message: 'A slug is required: rows are matched to products by slug',
        })
        orphans.push(row)
        continue
      }
      let group = groups.get(slug)
      if (group && !withSkus) {
        row.errors.push({
          column: 'slug',
          message: `The slug "${slug}" is already on line ${group.rows[0].line} (give each variant's sku to import several rows of one product)`,
        })
        orphans.push(row)
        continue
      }
      if (!group) {
        group = { slug, rows: [] }
        groups.set(slug, group)
      }
      const first = group.rows[0]
      group.rows.push(row)
      ;(row as PlannedRow & { values: Record<string, string> }).values = values
      if (first) {
        row.name = first.name
        const firstValues = (first as PlannedRow & { values: Record<string, string> }).values
        for (const column of PRODUCT_COLUMNS) {
          if (column === 'slug' || cell(column) === '') continue
          if (cell(column) !== (firstValues[column] ?? '').trim()) {
            row.errors.push({
              column,
              message: `The product's ${column} differs from line ${first.line}: a product's columns are read from its first row (leave them empty on its other rows)`,
            })
          }
        }
      }
      if (!withSkus && cell('option1_name') !== '') {
        row.errors.push({
          column: 'option1_name',
          message:
            'A product with options needs a sku column: one row per variant, each with its sku',
        })
      }
      if (withSkus && sku === '' && (first || cell('option1_name') !== '')) {
        row.errors.push({
          column: 'sku',
          message: 'A sku is required on each row of a product with several variants',
        })
      }
      if (sku !== '') {
        if (seenSkus.has(sku)) {
          row.errors.push({
            column: 'sku',
            message: `The sku "${sku}" is already on line ${seenSkus.get(sku)}`,
          })
        }
        seenSkus.set(sku, line)
      }
    }

    for (const group of groups.values()) {
      const product = existing.get(group.slug)
      const first = group.rows[0] as PlannedRow & { values: Record<string, string> }
      const firstCell = (name: string) => (first.values[name] ?? '').trim()
      group.productId = product?.id

      /**
       * Option names from the first row; each row's values for them.
       */
      const optionNames: string[] = []
      for (const index of [1, 2, 3]) {
        const name = firstCell(`option${index}_name`)
        if (name !== '') optionNames.push(name)
      }
      for (const row of group.rows) {
        const owner = skuOwners.get(row.sku)
        if (row.sku !== '' && owner !== undefined && owner !== product?.id) {
          row.errors.push({
            column: 'sku',
            message: `The sku "${row.sku}" belongs to another product: SKUs are unique`,
          })
        }
      }
      const rowValues = new Map<PlannedRow, Record<string, string>>()
      for (const plain of group.rows) {
        const row = plain as PlannedRow & { values: Record<string, string> }
        const cell = (name: string) => (row.values[name] ?? '').trim()
        const named: Record<string, string> = {}
        for (const index of [1, 2, 3]) {
          const name = cell(`option${index}_name`)
          const value = cell(`option${index}_value`)
          const expected = optionNames[index - 1]
          if (name !== '' && name !== expected) {
            row.errors.push({
              column: `option${index}_name`,
              message: expected
                ? `The option is "${expected}" on line ${first.line}: a product's options are the same on all its rows`
                : `Line ${first.line} names no option ${index}: a product's options are the same on all its rows`,
            })
          } else if (expected && value === '') {
            row.errors.push({
              column: `option${index}_value`,
              message: `A value of "${expected}" is required`,
            })
          } else if (!expected && value !== '') {
            row.errors.push({
              column: `option${index}_name`,
              message: `A value without an option name: give option${index}_name on line ${first.line}`,
            })
          } else if (expected) {
            named[expected] = value
          }
        }
        rowValues.set(row, named)
      }

      // The product's own columns.
      const data: Record<string, unknown> = {}
      if (firstCell('name') !== '') data.name = first.values.name
      if (firstCell('description') !== '') data.description = first.values.description
      if (firstCell('is_active') !== '') data.is_active = booleanCell(firstCell('is_active'))
      if (firstCell('category_slug') !== '') {
        const categoryId = categories.get(firstCell('category_slug').toLowerCase())
        if (categoryId === undefined) {
          first.errors.push({
            column: 'category_slug',
            message: `There is no category with the slug "${firstCell('category_slug')}"`,
          })
        } else {
          data.category_id = categoryId
        }
      }

      if (product && !withSkus && product.variants.length > 1) {
        first.errors.push({
          column: 'sku',
          message: `"${product.slug}" has ${product.variants.length} variants: give the sku of the one this row is for (a sku column, one row per variant)`,
        })
      } else if (product) {
        const current = product.options.map((option) => option.name)
        if (JSON.stringify(current) !== JSON.stringify(optionNames)) {
          first.errors.push({
            column: 'option1_name',
            message: current.length
              ? `The options of "${product.slug}" are ${current.join(', ')} (in this order): change a product's options on its page`
              : `"${product.slug}" has no options: add options on its page`,
          })
        }
      }

      checks.push(async () => {
        // The product's fields, by the API's product validator. (Its price
        // is a variant's, checked below on each row: the simple form's
        // placeholder price and stock only satisfy the validator.)
        let validated: Record<string, unknown> = {}
        try {
          validated = product
            ? await updateProductValidator.validate(data, { meta: { productId: product.id } })
            : await createProductValidator.validate({
                ...data,
                slug: group.slug,
                price: '1.00',
                stock: 0,
              })
        } catch (error) {
          if (!(error instanceof vineErrors.E_VALIDATION_ERROR)) throw error
          for (const item of error.messages as Array<{ field: string; message: string }>) {
            first.errors.push({
              column: COLUMN_OF[item.field] ?? item.field,
              message: item.message,
            })
          }
        }

        // Each row's variant fields, by the API's variant validator.
        const variantInputs = new Map<PlannedRow, Record<string, unknown>>()
        await Promise.all(
          group.rows.map(async (plain) => {
            const row = plain as PlannedRow & { values: Record<string, string> }
            const cell = (name: string) => (row.values[name] ?? '').trim()
            const input: Record<string, unknown> = {}
            const onlyVariant =
              row.sku === '' && product && product.variants.length === 1
                ? product.variants[0]
                : undefined
            // Placeholders where the row may leave a cell empty: a simple
            // product's default SKU is made on create, and an existing
            // variant keeps its price (removed again below).
            input.sku = row.sku || onlyVariant?.sku || 'DEFAULT'
            if (cell('price') !== '') input.price = cell('price')
            else if (onlyVariant || skuOwners.get(row.sku) === product?.id) {
              input.price = '1.00'
            }
            if (cell('compare_at_price') !== '') input.compare_at_price = cell('compare_at_price')
            if (cell('low_stock_threshold') !== '') {
              input.low_stock_threshold = integerCell(cell('low_stock_threshold'))
            }
            if (cell('weight_grams') !== '') input.weight_grams = integerCell(cell('weight_grams'))
            if (cell('variant_is_active') !== '') {
              input.is_active = booleanCell(cell('variant_is_active'))
            }
            try {
              const checked = await createVariantValidator.validate(input)
              if (cell('price') === '') delete (checked as Record<string, unknown>).price
              variantInputs.set(row, checked)
            } catch (error) {
              if (!(error instanceof vineErrors.E_VALIDATION_ERROR)) throw error
              for (const item of error.messages as Array<{ field: string; message: string }>) {
                row.errors.push({
                  column: VARIANT_COLUMN_OF[item.field] ?? item.field,
                  message: item.message,
                })
              }
            }
          })
        )
        if (this.refuseTogether(group)) {
          return
        }

        if (!product) {
          this.planCreate(group, validated, optionNames, rowValues, variantInputs, firstCell)
          return
        }
        this.planUpdate(group, product, validated, optionNames, rowValues, variantInputs, {
          skuOwners,
          categorySlugs,
          category: firstCell('category_slug'),
        })
      })
    }
    for (let start = 0; start < checks.length; start += 8) {
      await Promise.all(checks.slice(start, start + 8).map((check) => check()))
    }
    const planned = [...groups.values()]
    for (const group of planned) {
      for (const row of group.rows) delete (row as { values?: unknown }).values
    }
    if (orphans.length) {
      // Rows refused before they could join a product: shown, never written.
      planned.push({ slug: '', rows: orphans })
    }
    return { groups: planned, ignored }
  }

  /**
   * A product is imported whole or not at all: when one of its rows is
   * refused, its other rows are too, naming that row.
   */
  private refuseTogether(group: PlannedGroup): boolean {
    const bad = group.rows.find((row) => row.errors.length > 0)
    if (!bad) {
      return false
    }
    for (const row of group.rows) {
      row.action = 'refused'
      if (row.errors.length === 0) {
        row.errors.push({
          column: 'slug',
          message: `Not imported: line ${bad.line} of this product is refused`,
        })
      }
    }
    return true
  }

  /**
   * A new product with its options (values in the order the rows give
   * them) and its variants at 0 stock; a file without `sku`: the simple
   * form (one default variant).
   */
  private planCreate(
    group: PlannedGroup,
    validated: Record<string, unknown>,
    optionNames: string[],
    rowValues: Map<PlannedRow, Record<string, string>>,
    variantInputs: Map<PlannedRow, Record<string, unknown>>,
    firstCell: (name: string) => string
  ) {
    const product: NewProductInput = {
      name: validated.name as string,
      slug: group.slug,
      ...(validated.description !== undefined
        ? { description: validated.description as string | null }
        : {}),
      ...(validated.is_active !== undefined ? { is_active: validated.is_active as boolean } : {}),
      ...(validated.category_id !== undefined
        ? { category_id: validated.category_id as number }
        : {}),
    }
    const [only] = group.rows
    if (group.rows.length === 1 && only.sku === '' && optionNames.length === 0) {
      const input = variantInputs.get(only)!
      product.price = input.price as string
      product.stock = 0
      if (input.low_stock_threshold !== undefined) {
        product.low_stock_threshold = input.low_stock_threshold as number
      }
    } else {
      product.options = optionNames.length
        ? optionNames.map((name) => ({
            name,
            values: [...new Set(group.rows.map((row) => rowValues.get(row)![name]))],
          }))
        : undefined
      product.variants = group.rows.map((row) => {
        const input = variantInputs.get(row)!
        return {
          ...(input as unknown as VariantInput),
          options: rowValues.get(row),
          stock: 0,
        }
      })
    }
    group.create = product
    for (const row of group.rows) {
      row.action = 'create'
      const input = variantInputs.get(row)!
      if (row === only) {
        for (const field of PRODUCT_FIELDS) {
          if (validated[field] !== undefined) {
            row.changes[COLUMN_OF[field] ?? field] = {
              from: null,
              to: field === 'category_id' ? firstCell('category_slug') : validated[field],
            }
          }
        }
      }
      for (const [name, value] of Object.entries(rowValues.get(row) ?? {})) {
        row.changes[name] = { from: null, to: value }
      }
      for (const field of VARIANT_FIELDS) {
        if (input[field] !== undefined) {
          row.changes[VARIANT_COLUMN_OF[field] ?? field] = { from: null, to: input[field] }
        }
      }
    }
  }

  /**
   * An existing product: its changed fields on the first row; each row an
   * existing variant (by SKU, or the only variant in a file without
   * `sku`) with its changed fields, or a new variant at 0 stock (the
   * option values it brings are added to the product's options).
   */
  private planUpdate(
    group: PlannedGroup,
    product: Product,
    validated: Record<string, unknown>,
    optionNames: string[],
    rowValues: Map<PlannedRow, Record<string, string>>,
    variantInputs: Map<PlannedRow, Record<string, unknown>>,
    context: {
      skuOwners: Map<string, number>
      categorySlugs: Map<number, string>
      category: string
    }
  ) {
    const [first] = group.rows
    const stored: Record<ProductField, unknown> = {
      name: product.name,
      description: product.description,
      category_id: product.categoryId,
      is_active: Boolean(product.isActive),
    }
    const update: Record<string, unknown> = {}
    const productChanges: ImportRow['changes'] = {}
    for (const field of PRODUCT_FIELDS) {
      const value = validated[field]
      if (value === undefined || value === stored[field]) continue
      update[field] = value
      productChanges[COLUMN_OF[field] ?? field] =
        field === 'category_id'
          ? {
              from: product.categoryId ? context.categorySlugs.get(product.categoryId) : null,
              to: context.category,
            }
          : { from: stored[field], to: value }
    }
    group.update = update as ProductInput

    const options: ProductOption[] = product.options
    const merged = options.map((option) => ({ name: option.name, values: [...option.values] }))
    let addsValues = false
    group.newVariants = []
    for (const row of group.rows) {
      const input = variantInputs.get(row)!
      const named = rowValues.get(row) ?? {}
      const variant =
        row.sku === ''
          ? product.variants.length === 1
            ? product.variants[0]
            : undefined
          : product.variants.find((candidate) => candidate.sku === row.sku)
      if (row.sku === '' && !variant) {
        row.action = 'refused'
        row.errors.push({
          column: 'sku',
          message: `"${product.slug}" has ${product.variants.length} variants: give the sku of the one this row is for`,
        })
        continue
      }
      if (!variant && context.skuOwners.has(row.sku)) {
        row.action = 'refused'
        row.errors.push({
          column: 'sku',
          message: `The sku "${row.sku}" belongs to another product: SKUs are unique`,
        })
        continue
      }
      const changes: ImportRow['changes'] = row === first ? { ...productChanges } : {}
      for (const option of merged) {
        const value = named[option.name]
        if (value !== undefined && !option.values.includes(value)) {
          option.values.push(value)
          addsValues = true
        }
      }
      if (!variant) {
        group.newVariants.push({
          row,
          input: { ...(input as unknown as VariantInput), options: named, stock: 0 },
        })
        row.action = 'create'
        for (const [name, value] of Object.entries(named)) {
          changes[name] = { from: null, to: value }
        }
        for (const field of VARIANT_FIELDS) {
          if (input[field] !== undefined) {
            changes[VARIANT_COLUMN_OF[field] ?? field] = { from: null, to: input[field] }
          }
        }
        row.changes = changes
        continue
      }
      row.variantId = variant.id
      const variantStored: Record<VariantField, unknown> = {
        price: variant.price,
        compare_at_price: variant.compareAtPrice,
        low_stock_threshold: variant.lowStockThreshold,
        weight_grams: variant.weightGrams,
        is_active: Boolean(variant.isActive),
      }
      const variantInput: Record<string, unknown> = {}
      for (const field of VARIANT_FIELDS) {
        const value = input[field]
        if (value === undefined) continue
        const comparable =
          (field === 'price' || field === 'compare_at_price') && value !== null
            ? toMinorUnits(String(value))
            : value
        if (comparable === variantStored[field]) continue
        variantInput[field] = value
        changes[VARIANT_COLUMN_OF[field] ?? field] =
          (field === 'price' || field === 'compare_at_price') && variantStored[field] !== null
            ? { from: toDecimalString(variantStored[field] as number), to: value }
            : { from: variantStored[field], to: value }
      }
      const currentValues = Object.fromEntries(
        optionNames.map((name, index) => [name, variant.optionValues[index]])
      )
      if (JSON.stringify(currentValues) !== JSON.stringify(named)) {
        variantInput.options = named
        for (const name of optionNames) {
          if (currentValues[name] !== named[name]) {
            changes[name] = { from: currentValues[name] ?? null, to: named[name] }
          }
        }
      }
      row.variantInput = variantInput as Partial<VariantInput>
      row.changes = changes
      row.action = Object.keys(changes).length > 0 ? 'update' : 'unchanged'
    }
    if (this.refuseTogether(group)) {
      return
    }
    if (addsValues) {
      group.options = merged
    }
    if (Object.keys(update).length > 0 && first.action === 'unchanged') {
      first.action = 'update'
    }
  }
}
