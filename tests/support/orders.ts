import type { ApiClient } from '@japa/api-client'
import type User from '#models/user'
import type Product from '#models/product'

/**
 * Checks out exactly these lines as `user` through the API (201 expected)
 * and returns the order number.
 */
export async function placeOrder(client: ApiClient, user: User, lines: Array<[Product, number]>) {
  const response = await client
    .post('/api/v1/orders')
    .loginAs(user)
    .json({ items: lines.map(([product, quantity]) => ({ product_id: product.id, quantity })) })
  response.assertStatus(201)
  return response.body().data.number as string
}
