/**
 * Who listens on the private live channels, so that a subscription ends
 * when the right to it does (issue 14, finding 9): a staff member demoted
 * to customer stops hearing `staff/orders`, and a session ended by logout
 * or a password change stops hearing every private channel it opened.
 *
 * The transmit guard remembers, for each accepted private subscription,
 * the user and the session (the access token's `sid`) behind the client
 * id. A revocation names a user (and the channels they lost) or sessions;
 * start/transmit.ts applies it to this instance's subscriptions and, with
 * Redis, announces it to the other instances, since the subscription may
 * have been made on any of them.
 */
export interface LiveSubscription {
  userId: number
  sessionId: string | null
  uid: string
  channel: string
}

export type LiveRevocation =
  { userId: number; channels?: string[] } | { sessionIds: string[]; channels?: undefined }

type Listener = (revocation: LiveRevocation) => void

/**
 * Most remembered subscriptions per user: a client that reconnects for
 * days does not grow the registry without bound (the oldest go first).
 */
const MAX_PER_USER = 100

class LiveAccessRegistry {
  #byUser = new Map<number, LiveSubscription[]>()
  #listeners: Listener[] = []

  remember(subscription: LiveSubscription) {
    const list = (this.#byUser.get(subscription.userId) ?? []).filter(
      (entry) => !(entry.uid === subscription.uid && entry.channel === subscription.channel)
    )
    list.push(subscription)
    this.#byUser.set(subscription.userId, list.slice(-MAX_PER_USER))
  }

  /**
   * A client id unsubscribed from a channel, or its stream closed (every
   * channel).
   */
  forget(uid: string, channel?: string) {
    for (const [userId, list] of this.#byUser) {
      const kept = list.filter(
        (entry) => entry.uid !== uid || (channel !== undefined && entry.channel !== channel)
      )
      if (kept.length === 0) {
        this.#byUser.delete(userId)
      } else if (kept.length !== list.length) {
        this.#byUser.set(userId, kept)
      }
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
   * Announces a revocation (after the change that causes it committed).
   */
  revoke(revocation: LiveRevocation) {
    for (const listener of this.#listeners) {
      listener(revocation)
    }
  }

  onRevoked(listener: Listener) {
    this.#listeners.push(listener)
  }
}

export const LiveAccess = new LiveAccessRegistry()
