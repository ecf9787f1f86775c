import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import {
  ORDER_NUMBER_ALPHABET,
  ORDER_NUMBER_PATTERN,
  formatOrderNumber,
  isOrderNumber,
} from '#domain/order_number'
import { newOrderNumber } from '#services/order_number'

const at = DateTime.fromISO('2026-11-22T23:59:59Z', { zone: 'utc' })

test.group('order numbers', () => {
  test('are "SO-", the day placed, "-" and 8 characters picked from the alphabet', ({ assert }) => {
    const picks = [0, 1, 10, 17, 31, 22, 27, 18]
    let next = 0
    const number = formatOrderNumber(at, (size) => {
      assert.strictEqual(size, 32)
      return picks[next++]
    })
    assert.strictEqual(number, 'SO-261122-01AHZPVJ')
    assert.match(number, ORDER_NUMBER_PATTERN)
  })

  test('the alphabet is Crockford base 32: no I, L, O or U', ({ assert }) => {
    assert.lengthOf(ORDER_NUMBER_ALPHABET, 32)
    assert.lengthOf(new Set(ORDER_NUMBER_ALPHABET), 32)
    for (const letter of 'ILOU') {
      assert.notInclude(ORDER_NUMBER_ALPHABET, letter)
    }
    for (const character of ORDER_NUMBER_ALPHABET) {
      assert.match(`SO-261122-${character.repeat(8)}`, ORDER_NUMBER_PATTERN)
    }
  })

  test('the day is the one of the DateTime given, in its zone', ({ assert }) => {
    const inTokyo = at.setZone('Asia/Tokyo')
    assert.strictEqual(
      formatOrderNumber(inTokyo, () => 0),
      'SO-261123-00000000'
    )
    assert.strictEqual(
      formatOrderNumber(at, () => 31),
      'SO-261122-ZZZZZZZZ'
    )
  })

  test('an index outside the alphabet is a bug, not a character', ({ assert }) => {
    assert.throws(() => formatOrderNumber(at, () => 32), /must be 0 to 31, got 32/)
    assert.throws(() => formatOrderNumber(at, () => -1), /got -1/)
    assert.throws(() => formatOrderNumber(at, () => 1.5), /got 1.5/)
  })

  test('{0} is {1} an order number')
    .with<[unknown, boolean][]>([
      ['SO-261122-7KQ3MZ4P', true],
      [' so-261122-7kq3mz4p ', true],
      ['SO-261122-7KQ3MZ4', false],
      ['SO-261122-7KQ3MZ4PP', false],
      ['SO-26112-7KQ3MZ4P', false],
      ['SO-261122-7KQ3MZ4I', false],
      ['SO-261122-7KQ3MZ4O', false],
      ['SO-261122-7KQ3MZ4U', false],
      ['SO-261122-7KQ3MZ4L', false],
      ['XX-261122-7KQ3MZ4P', false],
      ['', false],
      [42, false],
    ])
    .run(({ assert }, [value, expected]) => {
      assert.strictEqual(isOrderNumber(value), expected)
    })

  test('the service makes well-formed numbers for today (UTC)', ({ assert }) => {
    const today = DateTime.utc().toFormat('yyMMdd')
    const numbers = new Set<string>()
    for (let index = 0; index < 200; index++) {
      const number = newOrderNumber()
      assert.match(number, ORDER_NUMBER_PATTERN)
      numbers.add(number)
    }
    assert.isTrue([...numbers].every((number) => number.slice(3, 9) === today))
    assert.strictEqual(numbers.size, 200)
    assert.strictEqual(newOrderNumber(at).slice(0, 10), 'SO-261122-')
  })
})
