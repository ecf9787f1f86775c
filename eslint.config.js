import { configApp } from '@adonisjs/eslint-config'

/**
 * Imports point down (ARCHITECTURE.md, "Rooms"): controllers and the
 * panel call services; services use the domain, models and serializers;
 * models, validators and the domain never reach back up. Each entry below
 * lists, for one room, the rooms it must not import. (`import type` counts
 * too: a room that needs another's types depends on it all the same.)
 */
function forbid(rooms, why) {
  return {
    regex: `^#(${rooms.join('|')})/`,
    message: `${why} (ARCHITECTURE.md: imports point down).`,
  }
}

function importRule(...patterns) {
  return { 'no-restricted-imports': ['error', { patterns }] }
}

const MODELS_MAY_NOT = ['controllers', 'admin', 'openapi', 'listeners', 'validators', 'serializers']

export default configApp(
  {
    ignores: ['build/**', 'tmp/**', 'coverage/**'],
  },
  {
    /**
     * Tests and benchmark scripts read response bodies inline:
     * `(await response.json()).data` is clearer there than a temporary.
     */
    files: ['tests/**', 'bench/**'],
    rules: {
      '@unicorn/no-await-expression-member': 'off',
    },
  },
  {
    files: ['app/domain/**'],
    rules: importRule(
      {
        regex: '^#(?!domain/)',
        message: 'app/domain is pure rules: it imports only #domain/* (ARCHITECTURE.md).',
      },
      {
        regex: '^@adonisjs/lucid(/|$)',
        message: 'app/domain does no I/O: no Lucid (ARCHITECTURE.md).',
      }
    ),
  },
  {
    files: ['app/models/**'],
    rules: importRule(
      forbid(
        ['services', ...MODELS_MAY_NOT],
        'A model imports no service, validator, serializer or OpenAPI code'
      )
    ),
  },
  {
    /**
     * The two exceptions: OrderItem's create hook takes the line's stock
     * with `StockService.takeForOrderLine`, and Product's create hook
     * writes its default variant's opening balance with
     * `StockService.opened`: calls into a service that receives everything
     * as arguments (the client, the line, the variant) and imports no
     * model back (enforced below for stock_service.ts). Any other service
     * stays out of the models.
     */
    files: ['app/models/order_item.ts', 'app/models/product.ts'],
    rules: importRule(
      {
        regex: '^#services/(?!stock_service$)',
        message:
          'OrderItem and Product may import only #services/stock_service (ARCHITECTURE.md: imports point down).',
      },
      forbid(MODELS_MAY_NOT, 'A model imports no validator, serializer or OpenAPI code')
    ),
  },
  {
    files: ['app/validators/**'],
    rules: importRule(
      forbid(
        ['services', 'models', 'controllers', 'admin', 'openapi', 'listeners', 'serializers'],
        'A validator is a VineJS schema: no service, model, serializer or OpenAPI code'
      )
    ),
  },
  {
    files: ['app/services/**'],
    rules: importRule(
      forbid(
        ['controllers', 'admin', 'openapi'],
        'A service imports no controller, panel or OpenAPI code'
      )
    ),
  },
  {
    /**
     * Called from OrderItem's create hook (see app/models/order_item.ts):
     * it must not import a model back.
     */
    files: ['app/services/stock_service.ts'],
    rules: importRule(
      forbid(
        ['models', 'controllers', 'admin', 'openapi'],
        'StockService is called from a model hook: no model, controller, panel or OpenAPI code'
      )
    ),
  },
  {
    files: ['app/serializers/**'],
    rules: importRule(
      forbid(
        ['services', 'controllers', 'admin', 'openapi', 'listeners', 'validators'],
        'A serializer shapes what it is given: no service, controller, panel, validator or OpenAPI code'
      )
    ),
  },
  {
    files: ['app/events/**'],
    rules: importRule(
      forbid(
        ['services', 'controllers', 'admin', 'openapi', 'listeners'],
        'Events are plain payloads and their emitter: no service, controller, listener or panel code'
      )
    ),
  },
  {
    /**
     * Order events write their webhooks' and e-mails' outbox rows in the
     * change's transaction (issue 18) through #services/webhook_outbox and
     * #services/mail_outbox, which import no model (query builder only,
     * enforced below): the only services this file may import.
     */
    files: ['app/events/order_events.ts'],
    rules: importRule(
      {
        regex: '^#services/(?!(webhook_outbox|mail_outbox)$)',
        message:
          'order_events.ts may import only #services/webhook_outbox and #services/mail_outbox (ARCHITECTURE.md: imports point down).',
      },
      forbid(
        ['controllers', 'admin', 'openapi', 'listeners'],
        'Events are plain payloads and their emitter: no controller, listener or panel code'
      )
    ),
  },
  {
    files: [
      'app/services/webhook_outbox.ts',
      'app/services/job_queue.ts',
      'app/services/mail_outbox.ts',
      'app/services/back_in_stock_service.ts',
    ],
    rules: importRule(
      forbid(
        ['models', 'controllers', 'admin', 'openapi'],
        'Reached from a model hook (order events): no model, controller, panel or OpenAPI code'
      )
    ),
  },
  {
    files: ['app/listeners/**'],
    rules: importRule(
      forbid(
        ['controllers', 'admin', 'openapi'],
        'A listener calls services: no controller, panel or OpenAPI code'
      )
    ),
  },
  {
    files: ['config/**'],
    rules: importRule(
      forbid(
        ['services', 'controllers', 'models', 'admin', 'listeners'],
        'Config files are declarative: no service, controller, model or panel code'
      )
    ),
  },
  {
    /**
     * The AdminJS config wires the panel's resources, and the session
     * config its stores (app/admin/session_stores.ts): both are the
     * panel's own parts, so #admin/* is allowed in these two files.
     */
    files: ['config/adminjs.ts', 'config/session.ts'],
    rules: importRule(
      forbid(
        ['services', 'controllers', 'models', 'listeners'],
        'Config files are declarative: no service, controller or model code'
      )
    ),
  }
)
