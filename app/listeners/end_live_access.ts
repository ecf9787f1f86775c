import transmit from '@adonisjs/transmit/services/main'
import type { HttpContext } from '@adonisjs/core/http'
import { LiveAccess, type LiveRevocation } from '#services/live_access'

/**
 * Ends the subscriptions this instance accepted that a revocation covers;
 * Transmit's own transport then tells the instance holding the stream.
 */
export function endSubscriptionsHere(revocation: LiveRevocation) {
  for (const { uid, channel } of LiveAccess.take(revocation)) {
    transmit.unsubscribe({ uid, channel, context: undefined as unknown as HttpContext })
  }
}

/**
 * Subscriptions end with the right to them (issue 14, finding 9): a
 * demoted staff member, an ended session. Here at once, and on the other
 * instances through the revocation bus (Redis).
 */
export default class EndLiveAccess {
  handle(revocation: LiveRevocation) {
    endSubscriptionsHere(revocation)
    LiveAccess.share(revocation)
  }
}
