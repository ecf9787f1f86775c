/*
|--------------------------------------------------------------------------
| Environment variables
|--------------------------------------------------------------------------
|
| Every variable the app reads is declared and validated here, at boot: a
| missing or malformed value stops the process with a message naming it.
| Nothing is required for the embedded default (SQLite, memory cache,
| in-process Transmit); PostgreSQL and Redis are opted into by variables.
|
*/
import { Env } from '@adonisjs/core/env'
import {
  appKeyRule,
  currencyRule,
  durationRule,
  optionalSecretRule,
  positiveIntegerRule,
  trustProxyRule,
} from '#start/env_rules'

export default await Env.create(new URL('../', import.meta.url), {
  NODE_ENV: Env.schema.enum.optional(['development', 'production', 'test'] as const),
  PORT: Env.schema.number.optional(),
  HOST: Env.schema.string.optional({ format: 'host' }),
  APP_KEY: appKeyRule,
  APP_NAME: Env.schema.string.optional(),
  APP_URL: Env.schema.string.optional({ format: 'url', tld: false }),
  LOG_LEVEL: Env.schema.enum.optional([
    'fatal',
    'error',
    'warn',
    'info',
    'debug',
    'trace',
    'silent',
  ] as const),
  /**
   * Milliseconds requests in flight get to finish on SIGTERM/SIGINT
   * (bin/server.ts), then their connections are cut.
   */
  SHUTDOWN_TIMEOUT_MS: Env.schema.number.optional(),
  LISTEN_BACKLOG: positiveIntegerRule,
  TRUST_PROXY: trustProxyRule,
  CORS_ORIGIN: Env.schema.string.optional(),

  /*
  |----------------------------------------------------------
  | Database: SQLite file by default, PostgreSQL on demand
  |----------------------------------------------------------
  */
  DB_CONNECTION: Env.schema.enum.optional(['sqlite', 'pg'] as const),
  SQLITE_FILE: Env.schema.string.optional(),
  DATABASE_URL: Env.schema.string.optional({ format: 'url', tld: false, protocol: false }),
  DB_HOST: Env.schema.string.optional({ format: 'host' }),
  DB_PORT: Env.schema.number.optional(),
  DB_USER: Env.schema.string.optional(),
  DB_PASSWORD: Env.schema.string.optional(),
  DB_DATABASE: Env.schema.string.optional(),
  DB_POOL_MAX: Env.schema.number.optional(),
  CHECKOUT_CONCURRENCY: positiveIntegerRule,
  CHECKOUT_QUEUE_TIMEOUT_MS: positiveIntegerRule,
  DB_DEBUG: Env.schema.boolean.optional(),
  DB_AUTO_MIGRATE: Env.schema.boolean.optional(),
  DEMO_DATA: Env.schema.boolean.optional(),

  /*
  |----------------------------------------------------------
  | Redis: used only when REDIS_HOST or REDIS_URL is set
  |----------------------------------------------------------
  */
  REDIS_URL: Env.schema.string.optional({ format: 'url', tld: false, protocol: false }),
  REDIS_HOST: Env.schema.string.optional({ format: 'host' }),
  REDIS_PORT: Env.schema.number.optional(),
  REDIS_PASSWORD: Env.schema.string.optional(),
  REDIS_DB: Env.schema.number.optional(),
  REDIS_KEY_PREFIX: Env.schema.string.optional(),
  REDIS_COMMAND_TIMEOUT_MS: Env.schema.number.optional(),

  /*
  |----------------------------------------------------------
  | Catalog: currency and cache lifetimes
  |----------------------------------------------------------
  */
  SHOP_CURRENCY: currencyRule,
  CACHE_TTL_PRODUCTS: durationRule,
  CACHE_TTL_CATEGORIES: durationRule,
  CACHE_TTL_SEARCH: durationRule,
  CATALOG_CACHE: Env.schema.boolean.optional(),
  BENCH_ROUTES: Env.schema.boolean.optional(),

  /*
  |----------------------------------------------------------
  | Orders: the shop on invoices, cart limits
  |----------------------------------------------------------
  */
  SHOP_NAME: Env.schema.string.optional(),
  SHOP_ADDRESS: Env.schema.string.optional(),
  SHOP_EMAIL: Env.schema.string.optional({ format: 'email' }),
  CART_MAX_QUANTITY: Env.schema.number.optional(),
  INVOICE_FONT: Env.schema.string.optional(),
  INVOICE_FONT_BOLD: Env.schema.string.optional(),
  INVOICE_FONT_CJK: Env.schema.string.optional(),

  /*
  |----------------------------------------------------------
  | E-mail: SMTP (defaults: localhost:1025, e.g. maildev)
  |----------------------------------------------------------
  */
  SMTP_HOST: Env.schema.string.optional({ format: 'host' }),
  SMTP_PORT: Env.schema.number.optional(),
  SMTP_USER: Env.schema.string.optional(),
  SMTP_PASSWORD: Env.schema.string.optional(),
  SMTP_SECURE: Env.schema.boolean.optional(),
  MAIL_FROM: Env.schema.string.optional({ format: 'email' }),
  MAIL_PRODUCT_URL: Env.schema.string.optional(),

  /*
  |----------------------------------------------------------
  | Product images: local disk (default) or an S3 bucket
  |----------------------------------------------------------
  */
  DRIVE_DISK: Env.schema.enum.optional(['fs', 's3'] as const),
  DRIVE_FS_ROOT: Env.schema.string.optional(),
  IMAGE_MAX_BYTES: Env.schema.number.optional(),
  S3_BUCKET: Env.schema.string.optional(),
  S3_REGION: Env.schema.string.optional(),
  S3_ENDPOINT: Env.schema.string.optional({ format: 'url', tld: false }),
  S3_ACCESS_KEY_ID: Env.schema.string.optional(),
  S3_SECRET_ACCESS_KEY: Env.schema.string.optional(),
  S3_FORCE_PATH_STYLE: Env.schema.boolean.optional(),
  S3_PUBLIC_URL: Env.schema.string.optional({ format: 'url', tld: false }),

  /*
  |----------------------------------------------------------
  | Staff panel
  |----------------------------------------------------------
  */
  SESSION_SECURE_COOKIE: Env.schema.boolean.optional(),
  ADMIN_JS_SKIP_BUNDLE: Env.schema.boolean.optional(),

  /*
  |----------------------------------------------------------
  | Rate limits
  |----------------------------------------------------------
  */
  RATE_LIMIT_API_PER_MINUTE: Env.schema.number.optional(),
  RATE_LIMIT_LOGIN_PER_MINUTE: Env.schema.number.optional(),
  RATE_LIMIT_LOGIN_IP_PER_MINUTE: Env.schema.number.optional(),
  RATE_LIMIT_LOGIN_ACCOUNT_PER_MINUTE: Env.schema.number.optional(),
  RATE_LIMIT_REGISTER_PER_HOUR: Env.schema.number.optional(),
  SSE_MAX_STREAMS_PER_IP: Env.schema.number.optional(),

  /*
  |----------------------------------------------------------
  | JWT (access tokens) and refresh tokens
  |----------------------------------------------------------
  */
  JWT_SECRET: optionalSecretRule,
  JWT_ACCESS_TTL: durationRule,
  JWT_REFRESH_TTL: durationRule,
  JWT_REFRESH_GRACE: durationRule,
  JWT_ISSUER: Env.schema.string.optional(),
  JWT_AUDIENCE: Env.schema.string.optional(),

  /*
  |----------------------------------------------------------
  | Jobs (outbox + queue) and outbound webhooks
  |----------------------------------------------------------
  */
  JOBS_ENGINE: Env.schema.enum.optional(['bullmq', 'database'] as const),
  JOBS_IN_PROCESS: Env.schema.boolean.optional(),
  JOBS_CONCURRENCY: Env.schema.number.optional(),
  JOBS_POLL_MS: Env.schema.number.optional(),
  JOBS_LOCK_MS: Env.schema.number.optional(),
  /*
  |----------------------------------------------------------
  | Payments (issue 20): Stripe's keys; STRIPE_API_* point the SDK at
  | another host (a stand-in such as stripe-mock, or the tests' own).
  |----------------------------------------------------------
  */
  STRIPE_SECRET_KEY: Env.schema.string.optional(),
  STRIPE_PUBLISHABLE_KEY: Env.schema.string.optional(),
  STRIPE_WEBHOOK_SECRET: Env.schema.string.optional(),
  STRIPE_API_HOST: Env.schema.string.optional(),
  STRIPE_API_PORT: Env.schema.number.optional(),
  STRIPE_API_PROTOCOL: Env.schema.enum.optional(['http', 'https'] as const),
  STRIPE_TIMEOUT_MS: Env.schema.number.optional(),
  WEBHOOK_MAX_ATTEMPTS: Env.schema.number.optional(),
  WEBHOOK_BACKOFF_MS: Env.schema.number.optional(),
  WEBHOOK_TIMEOUT_MS: Env.schema.number.optional(),
  WEBHOOKS_ALLOW_PRIVATE: Env.schema.boolean.optional(),
})
