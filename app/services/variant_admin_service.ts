import { seekPage, type SeekMeta } from '#services/seek_page'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Product from '#models/product'
import ProductVariant from '#models/product_variant'
import ProductOption from '#models/product_option'
import ProductImage from '#models/product_image'
import StockMovement from '#models/stock_movement'
import { ApiError } from '#exceptions/api_error'
import { MAX_PRICE, parsePrice, toDecimalString } from '#services/money'
import { DEFAULT_VARIANT_TITLE, MAX_STOCK_LEVEL, StockService } from '#services/stock_service'
import type { StockMovement as StockMove } from '#services/stock_service'
import { ProductSummary } from '#services/product_summary'
import { StaffAudit, type StaffActor } from '#services/staff_audit'
import { publishWebhookEvent } from '#services/webhook_outbox'
import { serializeProduct } from '#serializers/catalog_serializer'
import { SKU_ACCEPTS, SKU_PATTERN } from '#domain/sku'

/**
 * A variant as staff write it (API body, panel form). Prices are decimal
 * strings ("19.99"), as everywhere in the API.
 */
export interface VariantInput {
  sku: string
  /**
   * Option name -> value, one for every option of the product.
   */
  options?: Record<string, string>
  price: string
  compare_at_price?: string | null
  /**
   * Create only: the opening stock (an `initial` ledger row).
   */
  stock?: number
  low_stock_threshold?: number
  weight_grams?: number | null
  is_active?: boolean
  position?: number
  image_id?: number | null
}

export interface OptionInput {
  name: string
  values: string[]
}

export interface VariantStockInput {
  delta?: number
  set?: number
  expected?: number
  /**
   * Why (free text): the ledger row's note and the audit entry.
   */
  reason: string
  /**
   * The ledger reason: a staff correction (default) or a customer return.
   */
  kind?: 'adjustment' | 'return'
}

export interface MovementPage {
  data: StockMovement[]
  meta: SeekMeta
}

export { SKU_PATTERN } from '#domain/sku'

export const MAX_OPTIONS = 3
export const MAX_OPTION_VALUES = 100
export const MAX_VARIANTS = 250

const VARIANT_KINDS = ['adjustment', 'return'] as const

/**
 * Which `{ delta }` or `{ set, expected }` a staff stock body asks for
 * (422 for both, neither, a zero delta, a set without `expected`).
 */
export function stockMoveOf(input: { delta?: number; set?: number; expected?: number }): StockMove {
  if (input.delta !== undefined && input.set !== undefined) {
    throw ApiError.unprocessable(
      'Send either a delta (units to add or remove) or a set with the expected current stock, not both',
      'delta'
    )
  }
  if (input.set !== undefined) {
    if (input.expected === undefined) {
      throw ApiError.unprocessable(
        'A set needs the stock you expect to replace (expected)',
        'expected'
      )
    }
    return { set: input.set, expected: input.expected }
  }
  if (input.delta === undefined || input.delta === 0) {
    throw ApiError.unprocessable(
      'The delta must be a whole number other than 0 (negative removes units)',
      'delta'
    )
  }
  return { delta: input.delta }
}

/**
 * "M / red" from the values in option order; "Default" without options.
 */
export function variantTitle(values: string[]) {
  return values.length ? values.join(' / ') : DEFAULT_VARIANT_TITLE
}

function changesOf(model: ProductVariant) {
  const changes: Record<string, { from: unknown; to: unknown }> = {}
  for (const [key, to] of Object.entries(model.$dirty)) {
    if (key === 'updatedAt' || key === 'createdAt') continue
    const column = ProductVariant.$getColumn(key)
    changes[column?.columnName ?? key] = {
      from: model.$isPersisted ? (model.$original[key] ?? null) : null,
      to: to ?? null,
    }
  }
  return changes
}

function wholeNumber(value: unknown, field: string, min: number, max: number) {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw ApiError.unprocessable(
      `The ${field} field must be a whole number from ${min} to ${max}`,
      field
    )
  }
  return value
}

/**
 * A product's options and variants, written by staff (the API and the
 * panel call the same methods). Every write, in one transaction:
 * - locks the product row first (ProductSummary.lock: the lock order of
 *   checkout and StockService, so writers never deadlock);
 * - writes the change and its audit entry (`product_variants` or
 *   `product_options`, when an actor is given);
 * - recomputes the product's summary columns (price range, stock);
 * - publishes `product.updated` to the webhooks.
 * The models' hooks clear the catalog caches once the change commits.
 */
export class VariantAdminService {
  /**
   * The product's options become this list, in this order. A variant keeps
   * its values: an option or value that a variant uses cannot be removed
   * (422: delete or change that variant first). A new option gives the
   * existing variants its first value, so their combinations stay whole.
   */
  async setOptions(
    productId: number,
    options: OptionInput[],
    actor?: StaffActor,
    outer?: TransactionClientContract
  ): Promise<ProductOption[]> {
    return this.inTransaction(outer, (trx) => this.writeOptions(trx, productId, options, actor))
  }

  /**
   * `setOptions` in the caller's transaction; `announce` false leaves the
   * summary and the webhook to the caller (a product created with its
   * variants publishes `product.created` once).
   */
  async writeOptions(
    trx: TransactionClientContract,
    productId: number,
    options: OptionInput[],
    actor?: StaffActor,
    announce = true
  ): Promise<ProductOption[]> {
    const wanted = this.checkOptions(options)
    const product = await this.lockedProduct(trx, productId)
    const current = await this.optionsOf(trx, productId)
    const variants = await ProductVariant.query({ client: trx })
      .where('product_id', productId)
      .orderBy('id')
    const valuesOf = (variant: ProductVariant) =>
      new Map(
        current
          .map((option, index) => [option.name, variant.optionValues[index]] as const)
          .filter(([, value]) => value !== undefined)
      )

    for (const variant of variants) {
      const values = valuesOf(variant)
      for (const [name, value] of values) {
        const option = wanted.find((candidate) => candidate.name === name)
        if (!option) {
          throw ApiError.unprocessable(
            `Variant ${variant.sku} uses option "${name}" (${value}): keep the option, or delete or change that variant first`,
            'options'
          )
        }
        if (!option.values.includes(value)) {
          throw ApiError.unprocessable(
            `Variant ${variant.sku} uses "${value}" of option "${name}": keep that value, or delete or change that variant first`,
            'options'
          )
        }
      }
    }

    const combinations = new Map<string, string>()
    for (const variant of variants) {
      const values = valuesOf(variant)
      const next = wanted.map((option) => values.get(option.name) ?? option.values[0])
      const key = JSON.stringify(next)
      const other = combinations.get(key)
      if (other) {
        throw ApiError.unprocessable(
          `Variants ${other} and ${variant.sku} would both be "${variantTitle(next)}": give one of them other values first`,
          'options'
        )
      }
      combinations.set(key, variant.sku)
      if (JSON.stringify(variant.optionValues) !== key) {
        variant.useTransaction(trx)
        variant.optionValues = next
        variant.title = variantTitle(next)
      }
    }

    await ProductOption.query({ client: trx }).where('product_id', productId).delete()
    const created: ProductOption[] = []
    for (const [position, option] of wanted.entries()) {
      created.push(
        await ProductOption.create(
          { productId, name: option.name, values: option.values, position },
          { client: trx }
        )
      )
    }
    /**
     * Two passes so a reordering never meets the unique combination of a
     * variant not yet rewritten.
     */
    const changed = variants.filter((variant) => variant.$isDirty)
    for (const variant of changed) {
      await trx
        .from('product_variants')
        .where('id', variant.id)
        .update({ option_values: `~${variant.id}` })
    }
    for (const variant of changed) {
      await variant.save()
    }

    await this.audit(
      actor,
      'update',
      'product_options',
      productId,
      {
        options: {
          from: current.map((option) => ({ name: option.name, values: option.values })),
          to: wanted,
        },
      },
      trx
    )
    if (announce) await this.announce(trx, product.id)
    return created
  }

  /**
   * A new variant of the product: its SKU unused, one value of each option
   * making a combination no other variant has. Its opening stock is an
   * `initial` ledger row.
   */
  async createVariant(
    productId: number,
    input: VariantInput,
    actor?: StaffActor,
    outer?: TransactionClientContract
  ): Promise<ProductVariant> {
    return this.inTransaction(outer, (trx) => this.writeVariant(trx, productId, input, actor))
  }

  /**
   * `createVariant` in the caller's transaction (`announce`: as for
   * `writeOptions`).
   */
  async writeVariant(
    trx: TransactionClientContract,
    productId: number,
    input: VariantInput,
    actor?: StaffActor,
    announce = true
  ): Promise<ProductVariant> {
    const product = await this.lockedProduct(trx, productId)
    const options = await this.optionsOf(trx, productId)
    const count = await trx
      .from('product_variants')
      .where('product_id', productId)
      .count('* as total')
    if (Number(count[0].total) >= MAX_VARIANTS) {
      throw ApiError.unprocessable(`A product has at most ${MAX_VARIANTS} variants`, 'variants')
    }
    const sku = await this.freeSku(trx, input.sku)
    const values = this.combination(options, input.options ?? {}, {})
    await this.assertCombinationFree(trx, productId, options, values)
    const stock = wholeNumber(input.stock ?? 0, 'stock', 0, MAX_STOCK_LEVEL)
    const last = await trx
      .from('product_variants')
      .where('product_id', productId)
      .max('position as position')
    const variant = new ProductVariant()
    variant.useTransaction(trx)
    variant.fill({
      productId,
      sku,
      title: variantTitle(values),
      optionValues: values,
      stock,
      lowStockThreshold: product.lowStockThreshold,
      isActive: true,
      position: last[0]?.position === null ? 0 : Number(last[0]?.position ?? -1) + 1,
      compareAtPrice: null,
      weightGrams: null,
      imageId: null,
    })
    await this.apply(trx, variant, input)
    const changes = changesOf(variant)
    await variant.save()
    await StockService.opened(trx, variant, {
      reason: 'initial',
      userId: actor?.id ?? null,
    })
    await this.audit(actor, 'create', 'product_variants', variant.id, changes, trx)
    if (announce) await this.announce(trx, productId)
    return variant
  }

  /**
   * Changes a variant's fields (not its stock: that moves through
   * `adjustStock`). Options given are merged with the variant's values.
   */
  async updateVariant(
    variantId: number,
    input: Partial<VariantInput>,
    actor?: StaffActor,
    outer?: TransactionClientContract
  ): Promise<ProductVariant> {
    if ('stock' in input && input.stock !== undefined) {
      throw ApiError.unprocessable(
        'Stock moves only through stock adjustments (POST /api/v1/variants/{variant}/stock-adjustments)',
        'stock'
      )
    }
    return this.inTransaction(outer, async (trx) => {
      const variant = await this.lockedVariant(trx, variantId)
      if (input.sku !== undefined && input.sku !== variant.sku) {
        variant.sku = await this.freeSku(trx, input.sku, variant.id)
      }
      if (input.options !== undefined) {
        const options = await this.optionsOf(trx, variant.productId)
        const values = this.combination(options, input.options, this.namedValues(options, variant))
        if (JSON.stringify(values) !== JSON.stringify(variant.optionValues)) {
          await this.assertCombinationFree(trx, variant.productId, options, values, variant.id)
          variant.optionValues = values
          variant.title = variantTitle(values)
        }
      }
      await this.apply(trx, variant, input)
      const changes = changesOf(variant)
      await variant.save()
      if (Object.keys(changes).length) {
        await this.audit(actor, 'update', 'product_variants', variant.id, changes, trx)
      }
      await this.announce(trx, variant.productId)
      return variant
    })
  }

  /**
   * A variant on an order line cannot be deleted (409: deactivate it); a
   * product keeps at least one variant (422).
   */
  async deleteVariant(variantId: number, actor?: StaffActor): Promise<void> {
    await db.transaction(async (trx) => {
      const variant = await this.lockedVariant(trx, variantId)
      const ordered = await trx
        .from('order_items')
        .where('variant_id', variant.id)
        .select('id')
        .first()
      if (ordered) {
        throw ApiError.conflict(
          `Variant ${variant.sku} appears on orders: deactivate it (is_active: false) instead of deleting it`
        )
      }
      const count = await trx
        .from('product_variants')
        .where('product_id', variant.productId)
        .count('* as total')
      if (Number(count[0].total) <= 1) {
        throw ApiError.unprocessable(
          `Variant ${variant.sku} is the product's last variant: a product keeps at least one (delete or deactivate the product instead)`,
          'variant'
        )
      }
      await variant.delete()
      await this.audit(
        actor,
        'delete',
        'product_variants',
        variant.id,
        { product_id: variant.productId, sku: variant.sku, title: variant.title },
        trx
      )
      await this.announce(trx, variant.productId)
    })
  }

  /**
   * A staff stock movement of one variant (`delta`, or `set` if the stock
   * is still `expected`), with its ledger row (reason `kind`, the note
   * and the staff member) and its audit entry.
   */
  async adjustStock(
    variantId: number,
    input: VariantStockInput,
    actor?: StaffActor
  ): Promise<ProductVariant> {
    const movement = stockMoveOf(input)
    const kind = input.kind ?? 'adjustment'
    if (!VARIANT_KINDS.includes(kind)) {
      throw ApiError.unprocessable(`The kind must be one of: ${VARIANT_KINDS.join(', ')}`, 'kind')
    }
    const note = typeof input.reason === 'string' ? input.reason.trim() : ''
    if (!note) {
      throw ApiError.unprocessable('Give a reason for the stock adjustment', 'reason')
    }
    return db.transaction(async (trx) => {
      const { before, after } = await StockService.adjust(variantId, movement, trx, {
        reason: kind,
        userId: actor?.id ?? null,
        note: note.slice(0, 500),
      })
      await this.audit(
        actor,
        'stock_adjustment',
        'product_variants',
        variantId,
        { reason: note, kind, ...movement, stock: { from: before, to: after } },
        trx
      )
      return ProductVariant.query({ client: trx }).where('id', variantId).firstOrFail()
    })
  }

  /**
   * A variant's ledger, newest first.
   */
  async movements(
    variantId: number,
    pagination: { page?: number; perPage?: number; cursor?: string } = {}
  ): Promise<MovementPage> {
    const variant = await ProductVariant.find(variantId)
    if (!variant) {
      throw ApiError.notFound('Variant not found')
    }
    const { rows, meta } = await seekPage(
      StockMovement.query().where('variant_id', variantId),
      { page: pagination.page, per_page: pagination.perPage, cursor: pagination.cursor },
      { column: 'stock_movements.id', id: 'stock_movements.id', scope: ['movements', variantId] },
      20
    )
    return { data: rows, meta }
  }

  /**
   * A product's options in order (to show its variants' values by name).
   */
  async productOptions(productId: number): Promise<ProductOption[]> {
    return ProductOption.query().where('product_id', productId).orderBy('position').orderBy('id')
  }

  /**
   * Options as given, checked: names and values trimmed, non-empty and
   * unique, at most MAX_OPTIONS options of MAX_OPTION_VALUES values.
   */
  protected checkOptions(options: OptionInput[]): OptionInput[] {
    if (!Array.isArray(options) || options.length > MAX_OPTIONS) {
      throw ApiError.unprocessable(
        `Give a list of at most ${MAX_OPTIONS} options, each { name, values }`,
        'options'
      )
    }
    const names = new Set<string>()
    return options.map((option, index) => {
      const name = typeof option?.name === 'string' ? option.name.trim() : ''
      if (!name || name.length > 60) {
        throw ApiError.unprocessable(
          'An option name is 1 to 60 characters',
          `options.${index}.name`
        )
      }
      if (names.has(name.toLowerCase())) {
        throw ApiError.unprocessable(`Option "${name}" is given twice`, `options.${index}.name`)
      }
      names.add(name.toLowerCase())
      const values = Array.isArray(option.values)
        ? option.values.map((value) => (typeof value === 'string' ? value.trim() : ''))
        : []
      if (!values.length || values.length > MAX_OPTION_VALUES) {
        throw ApiError.unprocessable(
          `Option "${name}" needs 1 to ${MAX_OPTION_VALUES} values`,
          `options.${index}.values`
        )
      }
      const seen = new Set<string>()
      for (const value of values) {
        if (!value || value.length > 60) {
          throw ApiError.unprocessable(
            `A value of option "${name}" is 1 to 60 characters`,
            `options.${index}.values`
          )
        }
        if (seen.has(value)) {
          throw ApiError.unprocessable(
            `Value "${value}" of option "${name}" is given twice`,
            `options.${index}.values`
          )
        }
        seen.add(value)
      }
      return { name, values }
    })
  }

  /**
   * The values of a variant by option name.
   */
  protected namedValues(options: ProductOption[], variant: ProductVariant) {
    const named: Record<string, string> = {}
    options.forEach((option, index) => {
      if (variant.optionValues[index] !== undefined) {
        named[option.name] = variant.optionValues[index]
      }
    })
    return named
  }

  /**
   * The full combination (one value per option, in option order) of the
   * values given over the ones kept; 422 naming the accepted values.
   */
  protected combination(
    options: ProductOption[],
    given: Record<string, string>,
    kept: Record<string, string>
  ): string[] {
    if (typeof given !== 'object' || given === null || Array.isArray(given)) {
      throw ApiError.unprocessable(
        'The options field is an object of option name to value, e.g. { "Size": "M" }',
        'options'
      )
    }
    const accepted = options.map((option) => `${option.name} (${option.values.join(', ')})`)
    for (const name of Object.keys(given)) {
      if (!options.some((option) => option.name === name)) {
        throw ApiError.unprocessable(
          options.length
            ? `The product has no option "${name}": its options are ${accepted.join('; ')}`
            : `The product has no options: set them first (PUT /api/v1/products/{product}/options)`,
          `options.${name}`
        )
      }
    }
    return options.map((option) => {
      const value = given[option.name] ?? kept[option.name]
      if (value === undefined || value === null) {
        throw ApiError.unprocessable(
          `A variant needs a value for every option: ${accepted.join('; ')}`,
          `options.${option.name}`
        )
      }
      const text = typeof value === 'string' ? value.trim() : value
      if (typeof text !== 'string' || !option.values.includes(text)) {
        throw ApiError.unprocessable(
          `"${String(value)}" is not a value of option "${option.name}": accepted values are ${option.values.join(', ')}`,
          `options.${option.name}`
        )
      }
      return text
    })
  }

  protected async assertCombinationFree(
    trx: TransactionClientContract,
    productId: number,
    options: ProductOption[],
    values: string[],
    exceptId?: number
  ) {
    const query = trx
      .from('product_variants')
      .where('product_id', productId)
      .where('option_values', JSON.stringify(values))
      .select('sku')
    if (exceptId !== undefined) query.whereNot('id', exceptId)
    const other = await query.first()
    if (other) {
      throw ApiError.unprocessable(
        options.length
          ? `Variant ${other.sku} already is "${variantTitle(values)}": each variant has its own combination of ${options.map((option) => option.name).join(', ')}`
          : `Variant ${other.sku} is this product's only variant: a product without options has one variant (set its options first: PUT /api/v1/products/{product}/options)`,
        'options'
      )
    }
  }

  /**
   * The SKU, trimmed, checked and unused by any other variant.
   */
  protected async freeSku(trx: TransactionClientContract, raw: unknown, exceptId?: number) {
    const sku = typeof raw === 'string' ? raw.trim() : ''
    if (!SKU_PATTERN.test(sku)) {
      throw ApiError.unprocessable(`The sku field must be ${SKU_ACCEPTS}`, 'sku')
    }
    const query = trx
      .from('product_variants')
      .join('products', 'products.id', 'product_variants.product_id')
      .where('product_variants.sku', sku)
      .select('product_variants.id', 'product_variants.title', 'products.name')
    if (exceptId !== undefined) query.whereNot('product_variants.id', exceptId)
    const taken = await query.first()
    if (taken) {
      const label =
        taken.title === DEFAULT_VARIANT_TITLE ? taken.name : `${taken.name} (${taken.title})`
      throw ApiError.unprocessable(`SKU already used by ${label}: choose another SKU`, 'sku')
    }
    return sku
  }

  /**
   * The writable fields given (price, compare-at price, threshold, weight,
   * active flag, position, image), checked.
   */
  protected async apply(
    trx: TransactionClientContract,
    variant: ProductVariant,
    input: Partial<VariantInput>
  ) {
    if (input.price !== undefined || !variant.$isPersisted) {
      const price = parsePrice(input.price, 'price')
      if (!price.ok) throw ApiError.unprocessable(price.message, 'price')
      variant.price = price.minorUnits
    }
    if (input.compare_at_price !== undefined) {
      if (input.compare_at_price === null) {
        variant.compareAtPrice = null
      } else {
        const compare = parsePrice(input.compare_at_price, 'compare_at_price')
        if (!compare.ok) throw ApiError.unprocessable(compare.message, 'compare_at_price')
        variant.compareAtPrice = compare.minorUnits
      }
    }
    if (input.low_stock_threshold !== undefined) {
      variant.lowStockThreshold = wholeNumber(
        input.low_stock_threshold,
        'low_stock_threshold',
        0,
        MAX_STOCK_LEVEL
      )
    }
    if (input.weight_grams !== undefined) {
      variant.weightGrams =
        input.weight_grams === null
          ? null
          : wholeNumber(input.weight_grams, 'weight_grams', 0, 1_000_000_000)
    }
    if (input.is_active !== undefined) {
      if (typeof input.is_active !== 'boolean') {
        throw ApiError.unprocessable('The is_active field must be true or false', 'is_active')
      }
      variant.isActive = input.is_active
    }
    if (input.position !== undefined) {
      variant.position = wholeNumber(input.position, 'position', 0, 1_000_000)
    }
    if (input.image_id !== undefined) {
      if (input.image_id === null) {
        variant.imageId = null
      } else {
        const image = await ProductImage.query({ client: trx })
          .where('id', wholeNumber(input.image_id, 'image_id', 1, 2_147_483_647))
          .where('product_id', variant.productId)
          .first()
        if (!image) {
          throw ApiError.unprocessable(
            `Image ${input.image_id} is not an image of this product: upload it first (POST /api/v1/products/{product}/images)`,
            'image_id'
          )
        }
        variant.imageId = image.id
      }
    }
    if (variant.compareAtPrice !== null && variant.compareAtPrice !== undefined) {
      if (variant.compareAtPrice > MAX_PRICE) {
        throw ApiError.unprocessable(
          `The compare_at_price field must be at most ${toDecimalString(MAX_PRICE)}`,
          'compare_at_price'
        )
      }
    }
  }

  protected async lockedProduct(trx: TransactionClientContract, productId: number) {
    await ProductSummary.lock(trx, productId)
    const product = await Product.find(productId, { client: trx })
    if (!product) {
      throw ApiError.notFound('Product not found')
    }
    return product
  }

  /**
   * The variant, its product's row locked first (the lock order).
   */
  protected async lockedVariant(trx: TransactionClientContract, variantId: number) {
    const productId = await StockService.lockProductOf(trx, variantId)
    const variant =
      productId === null
        ? null
        : await ProductVariant.query({ client: trx }).where('id', variantId).first()
    if (!variant) {
      throw ApiError.notFound('Variant not found')
    }
    return variant
  }

  protected optionsOf(trx: TransactionClientContract, productId: number) {
    return ProductOption.query({ client: trx })
      .where('product_id', productId)
      .orderBy('position')
      .orderBy('id')
  }

  protected async audit(
    actor: StaffActor | undefined,
    action: string,
    resource: 'product_variants' | 'product_options',
    recordId: number,
    changes: Record<string, unknown> | null,
    trx: TransactionClientContract
  ) {
    if (actor) {
      await StaffAudit.record(actor, { action, resource, recordId, changes }, trx)
    }
  }

  /**
   * The summary recomputed and `product.updated` published, in the
   * change's transaction.
   */
  protected async announce(trx: TransactionClientContract, productId: number) {
    await ProductSummary.refresh(trx, productId)
    const product = await Product.query({ client: trx })
      .where('id', productId)
      .preload('category')
      .preload('images')
      .preload('options', (query) => query.orderBy('position').orderBy('id'))
      .preload('variants', (query) => query.orderBy('position').orderBy('id'))
      .firstOrFail()
    await publishWebhookEvent(trx, 'product.updated', {
      product: serializeProduct(product, { includeInactive: true }),
    })
  }

  protected inTransaction<T>(
    outer: TransactionClientContract | undefined,
    work: (trx: TransactionClientContract) => Promise<T>
  ): Promise<T> {
    return outer ? work(outer) : db.transaction(work)
  }
}
