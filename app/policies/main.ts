/**
 * Policies, lazily imported by Bouncer. Each resource with owner rules
 * gets its own file here.
 */
export const policies = {
  OrderPolicy: () => import('#policies/order_policy'),
}
