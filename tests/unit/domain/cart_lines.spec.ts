import { test } from '@japa/runner'
import { mergeLines } from '#domain/cart_lines'

test.group('merging order lines', () => {
  test('lines for the same product add up, in product id order', ({ assert }) => {
    assert.deepEqual(
      mergeLines([
        { productId: 7, quantity: 1 },
        { productId: 3, quantity: 2 },
        { productId: 7, quantity: 4 },
        { productId: 1, quantity: 1 },
        { productId: 3, quantity: 1 },
      ]),
      [
        { productId: 1, quantity: 1 },
        { productId: 3, quantity: 3 },
        { productId: 7, quantity: 5 },
      ]
    )
  })

  test('ids sort as numbers, not as text', ({ assert }) => {
    assert.deepEqual(
      mergeLines([
        { productId: 10, quantity: 1 },
        { productId: 9, quantity: 1 },
        { productId: 100, quantity: 1 },
      ]).map((line) => line.productId),
      [9, 10, 100]
    )
  })

  test('no lines are no lines; one line is itself', ({ assert }) => {
    assert.deepEqual(mergeLines([]), [])
    assert.deepEqual(mergeLines([{ productId: 5, quantity: 2 }]), [{ productId: 5, quantity: 2 }])
  })

  test('the input is left as it was', ({ assert }) => {
    const lines = [
      { productId: 2, quantity: 1 },
      { productId: 1, quantity: 1 },
      { productId: 2, quantity: 1 },
    ]
    const copy = structuredClone(lines)
    mergeLines(lines)
    assert.deepEqual(lines, copy)
  })

  test('a quantity split over many lines is checked as its sum', ({ assert }) => {
    const split = Array.from({ length: 50 }, () => ({ productId: 4, quantity: 3 }))
    assert.deepEqual(mergeLines(split), [{ productId: 4, quantity: 150 }])
  })
})
