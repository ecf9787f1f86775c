import { test } from '@japa/runner'
import { mergeLines } from '#domain/cart_lines'

test.group('merging order lines', () => {
  test('lines for the same product add up, in product id order', ({ assert }) => {
    assert.deepEqual(
      mergeLines([
        { variantId: 7, quantity: 1 },
        { variantId: 3, quantity: 2 },
        { variantId: 7, quantity: 4 },
        { variantId: 1, quantity: 1 },
        { variantId: 3, quantity: 1 },
      ]),
      [
        { variantId: 1, quantity: 1 },
        { variantId: 3, quantity: 3 },
        { variantId: 7, quantity: 5 },
      ]
    )
  })

  test('ids sort as numbers, not as text', ({ assert }) => {
    assert.deepEqual(
      mergeLines([
        { variantId: 10, quantity: 1 },
        { variantId: 9, quantity: 1 },
        { variantId: 100, quantity: 1 },
      ]).map((line) => line.variantId),
      [9, 10, 100]
    )
  })

  test('no lines are no lines; one line is itself', ({ assert }) => {
    assert.deepEqual(mergeLines([]), [])
    assert.deepEqual(mergeLines([{ variantId: 5, quantity: 2 }]), [{ variantId: 5, quantity: 2 }])
  })

  test('the input is left as it was', ({ assert }) => {
    const lines = [
      { variantId: 2, quantity: 1 },
      { variantId: 1, quantity: 1 },
      { variantId: 2, quantity: 1 },
    ]
    const copy = structuredClone(lines)
    mergeLines(lines)
    assert.deepEqual(lines, copy)
  })

  test('a quantity split over many lines is checked as its sum', ({ assert }) => {
    const split = Array.from({ length: 50 }, () => ({ variantId: 4, quantity: 3 }))
    assert.deepEqual(mergeLines(split), [{ variantId: 4, quantity: 150 }])
  })
})
