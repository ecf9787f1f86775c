import { LucidResource } from '@adminjs/adonis'
import type { ResourceWithOptions } from 'adminjs'
import WebhookEndpoint from '#models/webhook_endpoint'
import WebhookDelivery from '#models/webhook_delivery'
import WebhookDeliveryAttempt from '#models/webhook_delivery_attempt'
import { WEBHOOK_EVENT_TYPES } from '#domain/webhook_events'
import {
  deleteWebhookAction,
  editWebhookAction,
  newWebhookAction,
  resendDeliveryAction,
  revealSecretAction,
} from '#admin/actions/webhook_actions'
import { dbConnection } from '#start/runtime'

const navigation = { name: 'Webhooks', icon: 'Share2' }
const readOnly = { isVisible: { list: true, filter: true, show: true, edit: false } }
const hiddenInList = { isVisible: { list: false, filter: false, show: true, edit: false } }
const noWrites = {
  new: { isAccessible: false },
  edit: { isAccessible: false },
  delete: { isAccessible: false },
  bulkDelete: { isAccessible: false },
}

/**
 * Outbound webhooks (issue 18): endpoints (staff read, admins write
 * through WebhookService, as the API), their deliveries with a "Resend"
 * action, and the attempt log (status, duration, response excerpt,
 * error).
 */
export const webhookResources: ResourceWithOptions[] = [
  {
    resource: new LucidResource(WebhookEndpoint, dbConnection),
    options: {
      id: 'webhook_endpoints',
      navigation,
      titleProperty: 'url',
      listProperties: ['id', 'url', 'events', 'isActive', 'isFailing', 'failingSince'],
      filterProperties: ['url', 'isActive', 'isFailing'],
      properties: {
        events: {
          type: 'string',
          isArray: true,
          availableValues: WEBHOOK_EVENT_TYPES.map((type) => ({ value: type, label: type })),
        },
        description: { type: 'textarea' },
        isFailing: readOnly,
        failingSince: readOnly,
        createdAt: hiddenInList,
        updatedAt: hiddenInList,
      },
      actions: {
        new: newWebhookAction,
        edit: editWebhookAction,
        delete: deleteWebhookAction,
        bulkDelete: { isAccessible: false },
        revealSecret: revealSecretAction,
      },
    },
  },
  {
    resource: new LucidResource(WebhookDelivery, dbConnection),
    options: {
      id: 'webhook_deliveries',
      navigation,
      listProperties: [
        'id',
        'endpointId',
        'eventType',
        'status',
        'attempts',
        'lastStatusCode',
        'deliveredAt',
        'createdAt',
      ],
      filterProperties: ['endpointId', 'eventType', 'status', 'eventId'],
      sort: { sortBy: 'id', direction: 'desc' },
      properties: {
        endpointId: { reference: 'webhook_endpoints' },
        status: {
          availableValues: ['pending', 'succeeded', 'failed'].map((value) => ({
            value,
            label: value,
          })),
        },
        eventType: {
          availableValues: WEBHOOK_EVENT_TYPES.map((type) => ({ value: type, label: type })),
        },
        lastError: hiddenInList,
        updatedAt: hiddenInList,
      },
      actions: { ...noWrites, resend: resendDeliveryAction },
    },
  },
  {
    resource: new LucidResource(WebhookDeliveryAttempt, dbConnection),
    options: {
      id: 'webhook_delivery_attempts',
      navigation,
      listProperties: [
        'id',
        'deliveryId',
        'attempt',
        'succeeded',
        'statusCode',
        'durationMs',
        'error',
        'createdAt',
      ],
      filterProperties: ['deliveryId', 'succeeded', 'statusCode'],
      sort: { sortBy: 'id', direction: 'desc' },
      properties: {
        deliveryId: { reference: 'webhook_deliveries' },
        responseExcerpt: { type: 'textarea', ...hiddenInList },
      },
      actions: noWrites,
    },
  },
]
