import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { ApiError } from '#exceptions/api_error'
import { isUniqueViolation } from '#exceptions/error_mapper'
import { toMinorUnits } from '#domain/money'
import { STANDARD_TAX_CLASS, type RateType, type WeightBand } from '#domain/pricing'
import { emitAfterCommit } from '#events/after_commit'
import type { PricingChanged } from '#events/types'
import ShippingZone from '#models/shipping_zone'
import ShippingMethod from '#models/shipping_method'
import TaxRate from '#models/tax_rate'
import Promotion from '#models/promotion'
import { StaffAudit, type StaffActor } from '#services/staff_audit'
import {
  serializePromotion,
  serializeShippingMethod,
  serializeShippingZone,
  serializeTaxRate,
  type PromotionUsage,
} from '#serializers/pricing_serializer'
import type {
  CreatePromotionInput,
  CreateShippingMethodInput,
  CreateShippingZoneInput,
  CreateTaxRateInput,
  UpdatePromotionInput,
  UpdateShippingMethodInput,
  UpdateShippingZoneInput,
  UpdateTaxRateInput,
} from '#validators/pricing'

export type {
  CreatePromotionInput,
  CreateShippingMethodInput,
  CreateShippingZoneInput,
  CreateTaxRateInput,
  UpdatePromotionInput,
  UpdateShippingMethodInput,
  UpdateShippingZoneInput,
  UpdateTaxRateInput,
} from '#validators/pricing'

type Resource = PricingChanged['resource']

/**
 * A zone with its methods (by position, then id).
 */
export interface ZoneWithMethods {
  zone: ShippingZone
  methods: ShippingMethod[]
}

/**
 * A promotion with what it has given so far.
 */
export interface PromotionWithUsage {
  promotion: Promotion
  usage: PromotionUsage
}

const NOT_FOUND: Record<Resource, string> = {
  shipping_zones: 'Shipping zone not found',
  shipping_methods: 'Shipping method not found',
  tax_rates: 'Tax rate not found',
  promotions: 'Promotion not found',
  shop_settings: 'Shop settings not found',
}

/**
 * Staff management of the pricing rules (issue 19): shipping zones and
 * their methods, tax rates and promotions, for the staff API and the
 * panel (the same validators' output in, models out). Every write is one
 * transaction with its audit entry (`admin_actions`) and raises
 * `pricing:changed` after commit, which clears the pricing cache.
 *
 * What a validator cannot see is checked here against the merged state
 * (422 naming the field): a method's rate rule and what it reads, a
 * promotion's effect and its value, its target and its ids (which must
 * exist), its date window. A duplicate (country and tax class, promotion
 * code) is 409; a promotion that was used cannot be deleted (409:
 * deactivate it).
 */
export class PricingAdminService {
  // --- Shipping zones ----------------------------------------------------------------

  async listZones(): Promise<ZoneWithMethods[]> {
    const zones = await ShippingZone.query().orderBy('id')
    const methods = await ShippingMethod.query().orderBy('position').orderBy('id')
    return zones.map((zone) => ({
      zone,
      methods: methods.filter((method) => method.zoneId === zone.id),
    }))
  }

  async findZone(id: number): Promise<ZoneWithMethods> {
    const zone = await ShippingZone.find(id)
    if (!zone) {
      throw ApiError.notFound(NOT_FOUND.shipping_zones)
    }
    return { zone, methods: await this.methodsOf(zone.id) }
  }

  async createZone(input: CreateShippingZoneInput, actor?: StaffActor) {
    const zone = await db.transaction(async (trx) => {
      const created = new ShippingZone().useTransaction(trx)
      created.name = input.name
      created.countries = input.countries
      await created.save()
      await this.written(trx, actor, 'create', 'shipping_zones', created.id, {
        name: created.name,
        countries: created.countries,
      })
      return created
    })
    return { zone, methods: [] }
  }

  async updateZone(id: number, input: UpdateShippingZoneInput, actor?: StaffActor) {
    const zone = await db.transaction(async (trx) => {
      const found = await this.lock(ShippingZone, id, trx, 'shipping_zones')
      const before = serializeShippingZone(found)
      if (input.name !== undefined) found.name = input.name
      if (input.countries !== undefined) found.countries = input.countries
      await found.save()
      const changes = changesOf(before, serializeShippingZone(found))
      await this.written(trx, actor, 'update', 'shipping_zones', found.id, changes)
      return found
    })
    return { zone, methods: await this.methodsOf(zone.id) }
  }

  /**
   * Deletes the zone and its methods (orders keep their snapshot).
   */
  async deleteZone(id: number, actor?: StaffActor) {
    await db.transaction(async (trx) => {
      const zone = await this.lock(ShippingZone, id, trx, 'shipping_zones')
      const methods = await ShippingMethod.query({ client: trx })
        .where('zone_id', id)
        .select('id', 'name')
      await ShippingMethod.query({ client: trx }).where('zone_id', id).delete()
      await zone.delete()
      await this.written(trx, actor, 'delete', 'shipping_zones', id, {
        name: zone.name,
        countries: zone.countries,
        methods: methods.map((method) => ({ id: method.id, name: method.name })),
      })
    })
  }

  // --- Shipping methods --------------------------------------------------------------

  async listMethods() {
    return ShippingMethod.query().orderBy('zone_id').orderBy('position').orderBy('id')
  }

  async findMethod(id: number) {
    return this.find(ShippingMethod, id, 'shipping_methods')
  }

  async createMethod(input: CreateShippingMethodInput, actor?: StaffActor) {
    return db.transaction(async (trx) => {
      await this.assertZone(input.zone_id, trx)
      const method = new ShippingMethod().useTransaction(trx)
      method.zoneId = input.zone_id
      method.name = input.name
      method.deliveryEstimate = input.delivery_estimate ?? ''
      method.isActive = input.is_active ?? true
      method.position = input.position ?? 0
      this.applyRate(method, input, input.rate_type)
      await method.save()
      await this.written(
        trx,
        actor,
        'create',
        'shipping_methods',
        method.id,
        withoutTimestamps(serializeShippingMethod(method))
      )
      return method
    })
  }

  async updateMethod(id: number, input: UpdateShippingMethodInput, actor?: StaffActor) {
    return db.transaction(async (trx) => {
      const method = await this.lock(ShippingMethod, id, trx, 'shipping_methods')
      const before = serializeShippingMethod(method)
      if (input.zone_id !== undefined && input.zone_id !== method.zoneId) {
        await this.assertZone(input.zone_id, trx)
        method.zoneId = input.zone_id
      }
      if (input.name !== undefined) method.name = input.name
      if (input.delivery_estimate !== undefined) method.deliveryEstimate = input.delivery_estimate
      if (input.is_active !== undefined) method.isActive = input.is_active
      if (input.position !== undefined) method.position = input.position
      this.applyRate(method, input, input.rate_type ?? method.rateType)
      await method.save()
      const changes = changesOf(before, serializeShippingMethod(method))
      await this.written(trx, actor, 'update', 'shipping_methods', method.id, changes)
      return method
    })
  }

  async deleteMethod(id: number, actor?: StaffActor) {
    await db.transaction(async (trx) => {
      const method = await this.lock(ShippingMethod, id, trx, 'shipping_methods')
      await method.delete()
      await this.written(trx, actor, 'delete', 'shipping_methods', id, {
        zone_id: method.zoneId,
        name: method.name,
      })
    })
  }

  // --- Tax rates ---------------------------------------------------------------------

  async listTaxRates() {
    return TaxRate.query().orderBy('country').orderBy('tax_class').orderBy('id')
  }

  async findTaxRate(id: number) {
    return this.find(TaxRate, id, 'tax_rates')
  }

  async createTaxRate(input: CreateTaxRateInput, actor?: StaffActor) {
    return db.transaction(async (trx) => {
      const rate = new TaxRate().useTransaction(trx)
      rate.country = input.country
      rate.taxClass = input.tax_class ?? STANDARD_TAX_CLASS
      rate.name = input.name
      rate.rateBp = toMinorUnits(input.rate)
      await this.assertFreeTaxRate(rate, trx)
      await this.saveUnique(rate, () => this.taxRateTaken(rate))
      await this.written(
        trx,
        actor,
        'create',
        'tax_rates',
        rate.id,
        withoutTimestamps(serializeTaxRate(rate))
      )
      return rate
    })
  }

  async updateTaxRate(id: number, input: UpdateTaxRateInput, actor?: StaffActor) {
    return db.transaction(async (trx) => {
      const rate = await this.lock(TaxRate, id, trx, 'tax_rates')
      const before = serializeTaxRate(rate)
      if (input.country !== undefined) rate.country = input.country
      if (input.tax_class !== undefined) rate.taxClass = input.tax_class
      if (input.name !== undefined) rate.name = input.name
      if (input.rate !== undefined) rate.rateBp = toMinorUnits(input.rate)
      await this.assertFreeTaxRate(rate, trx)
      await this.saveUnique(rate, () => this.taxRateTaken(rate))
      const changes = changesOf(before, serializeTaxRate(rate))
      await this.written(trx, actor, 'update', 'tax_rates', rate.id, changes)
      return rate
    })
  }

  async deleteTaxRate(id: number, actor?: StaffActor) {
    await db.transaction(async (trx) => {
      const rate = await this.lock(TaxRate, id, trx, 'tax_rates')
      await rate.delete()
      await this.written(
        trx,
        actor,
        'delete',
        'tax_rates',
        id,
        withoutTimestamps(serializeTaxRate(rate))
      )
    })
  }

  // --- Promotions --------------------------------------------------------------------

  async listPromotions(): Promise<PromotionWithUsage[]> {
    const promotions = await Promotion.query().orderBy('id')
    const usage = await this.usageOf(promotions.map((promotion) => promotion.id))
    return promotions.map((promotion) => ({
      promotion,
      usage: usage.get(promotion.id) ?? { redemptions: 0, discountGiven: 0 },
    }))
  }

  async findPromotion(id: number): Promise<PromotionWithUsage> {
    const promotion = await this.find(Promotion, id, 'promotions')
    return this.withUsage(promotion)
  }

  async createPromotion(
    input: CreatePromotionInput,
    actor?: StaffActor
  ): Promise<PromotionWithUsage> {
    const promotion = await db.transaction(async (trx) => {
      const created = new Promotion().useTransaction(trx)
      created.name = input.name
      created.timesUsed = 0
      created.isActive = input.is_active ?? true
      created.firstOrderOnly = input.first_order_only ?? false
      created.code = null
      created.minSubtotal = null
      created.startsAt = null
      created.endsAt = null
      created.usageLimit = null
      created.perCustomerLimit = null
      await this.applyPromotion(created, input, input.effect, trx)
      await this.saveUnique(created, () => this.codeTaken(created.code))
      await this.written(
        trx,
        actor,
        'create',
        'promotions',
        created.id,
        withoutUsage(serializePromotion(created))
      )
      return created
    })
    return { promotion, usage: { redemptions: 0, discountGiven: 0 } }
  }

  async updatePromotion(
    id: number,
    input: UpdatePromotionInput,
    actor?: StaffActor
  ): Promise<PromotionWithUsage> {
    const promotion = await db.transaction(async (trx) => {
      const found = await this.lock(Promotion, id, trx, 'promotions')
      const before = serializePromotion(found)
      if (input.name !== undefined) found.name = input.name
      if (input.is_active !== undefined) found.isActive = input.is_active
      if (input.first_order_only !== undefined) found.firstOrderOnly = input.first_order_only
      await this.applyPromotion(found, input, input.effect ?? found.effect, trx)
      await this.saveUnique(found, () => this.codeTaken(found.code))
      const changes = changesOf(before, serializePromotion(found))
      await this.written(trx, actor, 'update', 'promotions', found.id, changes)
      return found
    })
    return this.withUsage(promotion)
  }

  /**
   * A promotion some order used stays (its redemptions are the orders'
   * history): 409, deactivate it instead.
   */
  async deletePromotion(id: number, actor?: StaffActor) {
    await db.transaction(async (trx) => {
      const promotion = await this.lock(Promotion, id, trx, 'promotions')
      const used = await trx.from('promotion_redemptions').where('promotion_id', id).first()
      if (used || promotion.timesUsed > 0) {
        throw ApiError.conflict(
          'This promotion was used by orders and cannot be deleted: deactivate it instead (PATCH is_active: false)'
        )
      }
      await promotion.delete()
      await this.written(
        trx,
        actor,
        'delete',
        'promotions',
        id,
        withoutUsage(serializePromotion(promotion))
      )
    })
  }

  // --- Rules of the merged state ------------------------------------------------------

  /**
   * A method's rate rule and what it reads: flat and free_over a price,
   * free_over its threshold, weight its bands. What another rule reads is
   * refused when sent, and cleared when the rule changes.
   */
  protected applyRate(
    method: ShippingMethod,
    input: Pick<UpdateShippingMethodInput, 'price' | 'free_over' | 'weight_bands'>,
    rateType: RateType
  ) {
    const previous: RateType | undefined = method.$isPersisted ? method.rateType : undefined
    method.rateType = rateType
    if (input.price !== undefined) {
      method.price = toMinorUnits(input.price)
    } else if (rateType === 'weight') {
      if (previous !== 'weight') method.price = 0
    } else if (previous === undefined || previous === 'weight') {
      throw ApiError.unprocessable(`The price field is required for rate_type ${rateType}`, 'price')
    }

    if (rateType === 'free_over') {
      if (input.free_over !== undefined && input.free_over !== null) {
        method.freeOver = toMinorUnits(input.free_over)
      } else if (input.free_over === null || !method.freeOver) {
        throw ApiError.unprocessable(
          'The free_over field is required for rate_type free_over (the subtotal from which shipping is free)',
          'free_over'
        )
      }
    } else {
      if (input.free_over !== undefined && input.free_over !== null) {
        throw ApiError.unprocessable(
          `The free_over field is only read for rate_type free_over (this method is ${rateType})`,
          'free_over'
        )
      }
      method.freeOver = null
    }

    if (rateType === 'weight') {
      if (input.weight_bands !== undefined) {
        method.weightBands = input.weight_bands.map((band): WeightBand => ({
          maxGrams: band.max_grams ?? null,
          price: toMinorUnits(band.price),
        }))
      } else if (!method.weightBands?.length) {
        throw ApiError.unprocessable(
          'The weight_bands field is required for rate_type weight (at least one band)',
          'weight_bands'
        )
      }
    } else {
      if (input.weight_bands !== undefined) {
        throw ApiError.unprocessable(
          `The weight_bands field is only read for rate_type weight (this method is ${rateType})`,
          'weight_bands'
        )
      }
      method.weightBands = []
    }
  }

  /**
   * A promotion's effect and its value, its target and ids, conditions
   * and limits, from what was sent over what is stored.
   */
  protected async applyPromotion(
    promotion: Promotion,
    input: UpdatePromotionInput,
    effect: Promotion['effect'],
    trx: TransactionClientContract
  ) {
    const effectChanged = promotion.$isPersisted && promotion.effect !== effect
    promotion.effect = effect
    if (effect === 'percentage') {
      this.refuseValue(input.amount_off, 'amount_off', effect)
      if (input.percent_off !== undefined) {
        promotion.value = toMinorUnits(input.percent_off)
      } else if (!promotion.$isPersisted || effectChanged) {
        throw ApiError.unprocessable(
          'The percent_off field is required for effect percentage (such as "10")',
          'percent_off'
        )
      }
    } else if (effect === 'fixed') {
      this.refuseValue(input.percent_off, 'percent_off', effect)
      if (input.amount_off !== undefined) {
        promotion.value = toMinorUnits(input.amount_off)
      } else if (!promotion.$isPersisted || effectChanged) {
        throw ApiError.unprocessable(
          'The amount_off field is required for effect fixed (such as "5.00")',
          'amount_off'
        )
      }
    } else {
      this.refuseValue(input.percent_off, 'percent_off', effect)
      this.refuseValue(input.amount_off, 'amount_off', effect)
      promotion.value = 0
    }

    if (input.code !== undefined) promotion.code = input.code
    if (input.min_subtotal !== undefined) {
      promotion.minSubtotal = input.min_subtotal === null ? null : toMinorUnits(input.min_subtotal)
    }
    if (input.usage_limit !== undefined) promotion.usageLimit = input.usage_limit
    if (input.per_customer_limit !== undefined) {
      promotion.perCustomerLimit = input.per_customer_limit
    }
    if (input.starts_at !== undefined) promotion.startsAt = input.starts_at
    if (input.ends_at !== undefined) promotion.endsAt = input.ends_at
    if (promotion.startsAt && promotion.endsAt && promotion.endsAt <= promotion.startsAt) {
      throw ApiError.unprocessable(
        `The ends_at field must be after starts_at (${promotion.startsAt.toUTC().toISO()})`,
        'ends_at'
      )
    }
    if (
      promotion.usageLimit !== null &&
      promotion.$isPersisted &&
      promotion.usageLimit < promotion.timesUsed
    ) {
      throw ApiError.unprocessable(
        `The usage_limit field must be at least the uses so far (${promotion.timesUsed})`,
        'usage_limit'
      )
    }

    await this.applyTarget(promotion, input, trx)
  }

  /**
   * `order` (the default) takes no ids; `lines` needs at least one, and
   * every id must name an existing product, category or variant.
   */
  protected async applyTarget(
    promotion: Promotion,
    input: UpdatePromotionInput,
    trx: TransactionClientContract
  ) {
    const target = input.target ?? promotion.target ?? 'order'
    promotion.target = target
    const sent = {
      product_ids: input.product_ids,
      category_ids: input.category_ids,
      variant_ids: input.variant_ids,
    }
    if (target === 'order') {
      for (const [field, list] of Object.entries(sent)) {
        if (list?.length) {
          throw ApiError.unprocessable(
            `The ${field} field is only read for target "lines" (this promotion targets the order): send target "lines" with it`,
            field
          )
        }
      }
      promotion.productIds = []
      promotion.categoryIds = []
      promotion.variantIds = []
      return
    }
    if (sent.product_ids !== undefined) promotion.productIds = unique(sent.product_ids)
    if (sent.category_ids !== undefined) promotion.categoryIds = unique(sent.category_ids)
    if (sent.variant_ids !== undefined) promotion.variantIds = unique(sent.variant_ids)
    promotion.productIds ??= []
    promotion.categoryIds ??= []
    promotion.variantIds ??= []
    if (
      !promotion.productIds.length &&
      !promotion.categoryIds.length &&
      !promotion.variantIds.length
    ) {
      throw ApiError.unprocessable(
        'A promotion on lines needs at least one id in product_ids, category_ids or variant_ids',
        'product_ids'
      )
    }
    const checks = [
      ['product_ids', 'products', 'product', sent.product_ids],
      ['category_ids', 'categories', 'category', sent.category_ids],
      ['variant_ids', 'product_variants', 'variant', sent.variant_ids],
    ] as const
    for (const [field, table, noun, list] of checks) {
      if (!list?.length) continue
      const rows = await trx.from(table).whereIn('id', unique(list)).select('id')
      const found = new Set(rows.map((row) => Number(row.id)))
      const missing = unique(list).filter((id) => !found.has(id))
      if (missing.length) {
        throw ApiError.unprocessable(
          `The ${field} field names no existing ${noun} for: ${missing.join(', ')}`,
          field
        )
      }
    }
  }

  protected refuseValue(value: unknown, field: string, effect: string) {
    if (value !== undefined) {
      throw ApiError.unprocessable(
        `The ${field} field is not read for effect ${effect}: ${
          effect === 'percentage'
            ? 'send percent_off'
            : effect === 'fixed'
              ? 'send amount_off'
              : 'free shipping takes no value'
        }`,
        field
      )
    }
  }

  // --- Helpers -----------------------------------------------------------------------

  protected async methodsOf(zoneId: number) {
    return ShippingMethod.query().where('zone_id', zoneId).orderBy('position').orderBy('id')
  }

  protected async assertZone(zoneId: number, trx: TransactionClientContract) {
    const zone = await ShippingZone.find(zoneId, { client: trx })
    if (!zone) {
      throw ApiError.unprocessable(
        `The zone_id field names no shipping zone (${zoneId})`,
        'zone_id'
      )
    }
  }

  protected async assertFreeTaxRate(rate: TaxRate, trx: TransactionClientContract) {
    const query = TaxRate.query({ client: trx })
      .where('country', rate.country)
      .where('tax_class', rate.taxClass)
    if (rate.$isPersisted) {
      query.whereNot('id', rate.id)
    }
    if (await query.first()) {
      throw this.taxRateTaken(rate)
    }
  }

  protected taxRateTaken(rate: TaxRate) {
    const message = `A tax rate for ${rate.country} and tax class "${rate.taxClass}" exists already: change that one instead`
    return ApiError.conflict(message, [{ code: 'E_CONFLICT', message, field: 'country' }])
  }

  protected codeTaken(code: string | null) {
    const message = `Another promotion has the code ${code}: choose another`
    return ApiError.conflict(message, [{ code: 'E_CONFLICT', message, field: 'code' }])
  }

  /**
   * Saves a row under a unique index: a duplicate (checked before, or a
   * writer that got there first) is the given 409.
   */
  protected async saveUnique(model: TaxRate | Promotion, conflict: () => ApiError): Promise<void> {
    if (model instanceof Promotion && model.code !== null) {
      const query = Promotion.query({ client: model.$trx }).where('code', model.code)
      if (model.$isPersisted) query.whereNot('id', model.id)
      if (await query.first()) {
        throw conflict()
      }
    }
    try {
      await model.save()
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw conflict()
      }
      throw error
    }
  }

  protected async find<Model extends typeof ShippingMethod | typeof TaxRate | typeof Promotion>(
    model: Model,
    id: number,
    resource: Resource
  ): Promise<InstanceType<Model>> {
    const found = await model.find(id)
    if (!found) {
      throw ApiError.notFound(NOT_FOUND[resource])
    }
    return found as InstanceType<Model>
  }

  protected async lock<
    Model extends typeof ShippingZone | typeof ShippingMethod | typeof TaxRate | typeof Promotion,
  >(
    model: Model,
    id: number,
    trx: TransactionClientContract,
    resource: Resource
  ): Promise<InstanceType<Model>> {
    const found = await (model as typeof ShippingZone)
      .query({ client: trx })
      .where('id', id)
      .forUpdate()
      .first()
    if (!found) {
      throw ApiError.notFound(NOT_FOUND[resource])
    }
    return found as unknown as InstanceType<Model>
  }

  protected async withUsage(promotion: Promotion): Promise<PromotionWithUsage> {
    const usage = await this.usageOf([promotion.id])
    return { promotion, usage: usage.get(promotion.id) ?? { redemptions: 0, discountGiven: 0 } }
  }

  protected async usageOf(ids: number[]) {
    const usage = new Map<number, PromotionUsage>()
    if (!ids.length) return usage
    const rows = await db
      .from('promotion_redemptions')
      .whereIn('promotion_id', ids)
      .groupBy('promotion_id')
      .select('promotion_id')
      .count('* as redemptions')
      .sum('amount as discount_given')
    for (const row of rows) {
      usage.set(Number(row.promotion_id), {
        redemptions: Number(row.redemptions),
        discountGiven: Number(row.discount_given ?? 0),
      })
    }
    return usage
  }

  /**
   * The audit entry of a write and its `pricing:changed`, in the write's
   * transaction.
   */
  protected async written(
    trx: TransactionClientContract,
    actor: StaffActor | undefined,
    action: 'create' | 'update' | 'delete',
    resource: Exclude<Resource, 'shop_settings'>,
    id: number,
    changes: Record<string, unknown>
  ) {
    await StaffAudit.record(actor ?? null, { action, resource, recordId: id, changes }, trx)
    await emitAfterCommit(trx, 'pricing:changed', { resource, id })
  }
}

function unique(ids: readonly number[]) {
  return [...new Set(ids)]
}

function without<T extends Record<string, unknown>>(value: T, keys: string[]) {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)))
}

function withoutTimestamps(value: Record<string, unknown>) {
  return without(value, ['created_at', 'updated_at'])
}

function withoutUsage(value: Record<string, unknown>) {
  return without(value, ['created_at', 'updated_at', 'times_used', 'redemptions', 'discount_given'])
}

/**
 * The fields that changed, as { from, to } (in their API form).
 */
function changesOf(before: Record<string, unknown>, after: Record<string, unknown>) {
  const changes: Record<string, { from: unknown; to: unknown }> = {}
  for (const [key, value] of Object.entries(after)) {
    if (key === 'updated_at' || key === 'created_at' || key === 'methods') continue
    if (JSON.stringify(before[key]) !== JSON.stringify(value)) {
      changes[key] = { from: before[key], to: value }
    }
  }
  return changes
}
