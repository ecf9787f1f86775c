/**
 * Who listens on the private live channels, so that a subscription ends
 * when the right to it does (issue 14, finding 9): a staff member demoted
 * to customer stops hearing `staff/orders`, and a session ended by logout
 * or a password change stops hearing every private channel it opened.
 *
 * The transmit guard remembers, for each accepted private subscription,
 * the user and the session (the access token's `sid`) behind the client
 * id. A revocation names a user (and the channels they lost) or sessions;
 * it is raised as `user:access_changed` once the change that causes it
 * commits, and its listener (app/listeners/end_live_access.ts) ends this
 * instance's subscriptions and, with Redis, tells the other instances,
 * since the subscription may have been made on any of them.
 */
import logger from '@adonisjs/core/services/logger'
import type { AccessChanged } from '#events/types'

export interface LiveSubscription {
  userId: number
  sessionId: string | null
  uid: string
  channel: string
}

export type LiveRevocation = AccessChanged

/**
 * The channel between instances (Redis, see start/transmit.ts).
 */
export interface RevocationBus {
  publish(channel: string, payload: unknown): Promise<void>
  subscribe(channel: string, handler: (payload: LiveRevocation) => void): Promise<void>
}

const REVOCATIONS = 'live-access:revoked'

/**
 * Most remembered subscriptions per user: a client that reconnects for
 * days does not grow the registry without bound (the oldest go first).
 */
const MAX_PER_USER = 100

class LiveAccessRegistry {
  #byUser = new Map<number, LiveSubscription[]>()
  /**
   * The users a client id subscribed as (one, in practice): a closing
   * stream looks at their lists only, not at every user's (10,000 streams
   * closing at once would otherwise cost 10,000 x 10,000 steps).
   */
  #usersByUid = new Map<string, Set<number>>()
  #bus: RevocationBus | null = null

  remember(subscription: LiveSubscription) {
    const list = (this.#byUser.get(subscription.userId) ?? []).filter(
      (entry) => !(entry.uid === subscription.uid && entry.channel === subscription.channel)
    )
    list.push(subscription)
    this.#byUser.set(subscription.userId, list.slice(-MAX_PER_USER))
    let users = this.#usersByUid.get(subscription.uid)
    if (!users) {
      users = new Set()
      this.#usersByUid.set(subscription.uid, users)
    }
    users.add(subscription.userId)
  }

  /**
   * A client id unsubscribed from a channel, or its stream closed (every
   * channel).
   */
  forget(uid: string, channel?: string) {
    const users = this.#usersByUid.get(uid)
    if (!users) {
      return
    }
    for (const userId of [...users]) {
      const list = this.#byUser.get(userId) ?? []
      const kept = list.filter(
        (entry) => entry.uid !== uid || (channel !== undefined && entry.channel !== channel)
      )
      if (kept.length === 0) {
        this.#byUser.delete(userId)
      } else if (kept.length !== list.length) {
        this.#byUser.set(userId, kept)
      }
      if (!kept.some((entry) => entry.uid === uid)) {
        users.delete(userId)
      }
    }
    if (users.size === 0) {
      this.#usersByUid.delete(uid)
    }
  }

  /**
   * Removes and returns this instance's subscriptions a revocation ends.
   */
  take(revocation: LiveRevocation): LiveSubscription[] {
    const ended: LiveSubscription[] = []
    for (const [userId, list] of this.#byUser) {
      const kept: LiveSubscription[] = []
      for (const entry of list) {
        const matches =
          'userId' in revocation
            ? revocation.userId === userId &&
              (!revocation.channels || revocation.channels.includes(entry.channel))
            : entry.sessionId !== null && revocation.sessionIds.includes(entry.sessionId)
        ;(matches ? ended : kept).push(entry)
      }
      if (kept.length === 0) {
        this.#byUser.delete(userId)
      } else if (kept.length !== list.length) {
        this.#byUser.set(userId, kept)
      }
    }
    return ended
  }

  /**
   * Several instances: revocations made on the others reach `endHere`.
   */
  connect(bus: RevocationBus, endHere: (revocation: LiveRevocation) => void) {
    this.#bus = bus
    void bus.subscribe(REVOCATIONS, endHere)
  }

  /**
   * Tells the other instances about a revocation (never waits on Redis).
   */
  share(revocation: LiveRevocation) {
    this.#bus?.publish(REVOCATIONS, revocation).catch((error) => {
      logger.warn({ err: error }, 'a live-channel revocation could not reach the other instances')
    })
  }
}

export const LiveAccess = new LiveAccessRegistry()
