import type { ApplicationService } from '@adonisjs/core/types'
import { AccountService } from '#services/account_service'
import { AuthTokenService } from '#services/auth_token_service'
import { CartService } from '#services/cart_service'
import { CatalogAdminService } from '#services/catalog_admin_service'
import { CatalogService } from '#services/catalog_service'
import { PricingService } from '#services/pricing_service'
import { PricingAdminService } from '#services/pricing_admin_service'
import { CheckoutService } from '#services/checkout_service'
import { DashboardService } from '#services/dashboard_service'
import { IdempotencyService } from '#services/idempotency_service'
import { InvoiceService } from '#services/invoice_service'
import { OrderLifecycleService } from '#services/order_lifecycle_service'
import { OrderQueryService } from '#services/order_query_service'
import { PasswordResetService } from '#services/password_reset_service'
import { ShopSettingsService } from '#services/shop_settings_service'
import { BackInStockService } from '#services/back_in_stock_service'
import { CsvExportService } from '#services/csv_export_service'
import { ProductImageService } from '#services/product_image_service'
import { ProductImportService } from '#services/product_import_service'
import { VariantAdminService } from '#services/variant_admin_service'
import { WebhookService } from '#services/webhook_service'

/**
 * The one way to get a service: the long-lived (stateless) use-case
 * services are container singletons, made once on first use; controllers
 * receive them by `@inject()` constructor injection (the container builds
 * a controller per request, and a bound singleton is a map lookup). Tests
 * replace one with `app.container.swap(Service, () => fake)`.
 *
 * Pure helpers (money, order numbers, hashing...) stay plain functions in
 * app/domain.
 */
export default class AppProvider {
  constructor(protected app: ApplicationService) {}

  register() {
    const { container } = this.app
    container.singleton(AuthTokenService, () => new AuthTokenService())
    container.singleton(
      AccountService,
      async (resolver) => new AccountService(await resolver.make(AuthTokenService))
    )
    container.singleton(
      PasswordResetService,
      async (resolver) => new PasswordResetService(await resolver.make(AuthTokenService))
    )
    container.singleton(CartService, () => new CartService())
    container.singleton(CatalogService, () => new CatalogService())
    container.singleton(CatalogAdminService, () => new CatalogAdminService())
    container.singleton(PricingService, () => new PricingService())
    container.singleton(PricingAdminService, () => new PricingAdminService())
    container.singleton(
      CheckoutService,
      async (resolver) => new CheckoutService(await resolver.make(PricingService))
    )
    container.singleton(IdempotencyService, () => new IdempotencyService())
    container.singleton(InvoiceService, () => new InvoiceService())
    container.singleton(OrderQueryService, () => new OrderQueryService())
    container.singleton(OrderLifecycleService, () => new OrderLifecycleService())
    container.singleton(DashboardService, () => new DashboardService())
    container.singleton(ShopSettingsService, () => new ShopSettingsService())
    container.singleton(BackInStockService, () => new BackInStockService())
    container.singleton(CsvExportService, () => new CsvExportService())
    container.singleton(ProductImageService, () => new ProductImageService())
    container.singleton(ProductImportService, () => new ProductImportService())
    container.singleton(WebhookService, () => new WebhookService())
    container.singleton(VariantAdminService, () => new VariantAdminService())
  }
}
