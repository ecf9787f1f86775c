import { test } from '@japa/runner'
import {
  DECIMAL_AMOUNT,
  MAX_LINE_TOTAL,
  MAX_ORDER_TOTAL,
  MAX_PRICE,
  applyRate,
  parsePrice,
  toDecimalString,
  toMinorUnits,
} from '#domain/money'
import * as serviceMoney from '#services/money'

test.group('money: parsing a decimal string', () => {
  test('{0} is {1} minor units')
    .with<[string, number][]>([
      ['19.99', 1999],
      ['0.01', 1],
      ['1000000.00', 100_000_000],
      ['19.9', 1990],
      ['19', 1900],
      ['0', 0],
      ['007.50', 750],
      ['999999999.99', 99_999_999_999],
    ])
    .run(({ assert }, [text, minor]) => {
      assert.isTrue(DECIMAL_AMOUNT.test(text))
      assert.strictEqual(toMinorUnits(text), minor)
    })

  test('"{$self}" is refused')
    .with([
      '1,50',
      'abc',
      '19.999',
      '-1',
      '+1',
      '1.',
      '.5',
      '',
      ' 1.00',
      '1e3',
      '0x10',
      '1 000.00',
      '١٢', // Arabic-Indic digits
      '1000000000', // 10 integer digits: past any ceiling, refused before arithmetic
    ])
    .run(({ assert }, text) => {
      assert.isFalse(DECIMAL_AMOUNT.test(text))
      assert.throws(() => toMinorUnits(text), `Not a decimal amount: ${text}`)
    })

  test('the largest accepted string is still a safe integer', ({ assert }) => {
    assert.isTrue(Number.isSafeInteger(toMinorUnits('999999999.99')))
  })
})

test.group('money: formatting minor units', () => {
  test('{0} minor units are "{1}"')
    .with<[number, string][]>([
      [1999, '19.99'],
      [1, '0.01'],
      [0, '0.00'],
      [10, '0.10'],
      [100_000_000, '1000000.00'],
      [-5, '-0.05'],
      [-1999, '-19.99'],
      [99_999_999_999, '999999999.99'],
    ])
    .run(({ assert }, [minor, text]) => {
      assert.strictEqual(toDecimalString(minor), text)
    })

  test('a fractional input is truncated toward zero, never rounded up', ({ assert }) => {
    assert.strictEqual(toDecimalString(1999.9), '19.99')
    assert.strictEqual(toDecimalString(-1999.9), '-19.99')
  })

  test('formatting then parsing gives the same amount back', ({ assert }) => {
    for (const minor of [0, 1, 9, 10, 99, 100, 101, 1999, MAX_PRICE, MAX_ORDER_TOTAL]) {
      assert.strictEqual(toMinorUnits(toDecimalString(minor)), minor)
    }
  })
})

test.group('money: the ceilings', () => {
  test('are the documented amounts', ({ assert }) => {
    assert.strictEqual(toDecimalString(MAX_PRICE), '1000000.00')
    assert.strictEqual(toDecimalString(MAX_LINE_TOTAL), '10000000.00')
    assert.strictEqual(toDecimalString(MAX_ORDER_TOTAL), '10000000.00')
    assert.isBelow(MAX_ORDER_TOTAL, 2_147_483_647)
  })

  test('#services/money still exports the same rules', ({ assert }) => {
    assert.strictEqual(serviceMoney.toMinorUnits, toMinorUnits)
    assert.strictEqual(serviceMoney.toDecimalString, toDecimalString)
    assert.strictEqual(serviceMoney.DECIMAL_AMOUNT, DECIMAL_AMOUNT)
    assert.strictEqual(serviceMoney.MAX_PRICE, MAX_PRICE)
    assert.strictEqual(serviceMoney.MAX_LINE_TOTAL, MAX_LINE_TOTAL)
    assert.strictEqual(serviceMoney.MAX_ORDER_TOTAL, MAX_ORDER_TOTAL)
  })
})

test.group('money: a price as a user types it', () => {
  test('"{0}" is accepted as {1} minor units')
    .with<[string, number][]>([
      ['19.99', 1999],
      ['0.01', 1],
      ['1000000.00', MAX_PRICE],
      ['  19.99 ', 1999],
    ])
    .run(({ assert }, [text, minor]) => {
      assert.deepEqual(parsePrice(text), { ok: true, minorUnits: minor })
    })

  test('{0} is refused by the {1} rule')
    .with<[unknown, string, string][]>([
      ['1,50', 'decimalAmount', 'The price field must be a decimal amount like "19.99"'],
      ['abc', 'decimalAmount', 'The price field must be a decimal amount like "19.99"'],
      ['19.999', 'decimalAmount', 'The price field must be a decimal amount like "19.99"'],
      ['-1', 'decimalAmount', 'The price field must be a decimal amount like "19.99"'],
      ['', 'decimalAmount', 'The price field must be a decimal amount like "19.99"'],
      [19.99, 'decimalAmount', 'The price field must be a decimal amount like "19.99"'],
      [null, 'decimalAmount', 'The price field must be a decimal amount like "19.99"'],
      [undefined, 'decimalAmount', 'The price field must be a decimal amount like "19.99"'],
      ['0', 'positiveAmount', 'The price field must be greater than 0'],
      ['0.00', 'positiveAmount', 'The price field must be greater than 0'],
      ['1000000.01', 'maxPrice', 'The price field must be at most 1000000.00'],
      ['999999999.99', 'maxPrice', 'The price field must be at most 1000000.00'],
      ['1000000000', 'decimalAmount', 'The price field must be a decimal amount like "19.99"'],
    ])
    .run(({ assert }, [value, rule, message]) => {
      assert.deepEqual(parsePrice(value), { ok: false, rule: rule as any, message })
    })

  test('the message names the field it was given', ({ assert }) => {
    assert.deepEqual(parsePrice('x', 'compare_at_price'), {
      ok: false,
      rule: 'decimalAmount',
      message: 'The compare_at_price field must be a decimal amount like "19.99"',
    })
  })
})

test.group('money: the rounding rule (applyRate)', () => {
  test('{0} x {1}/{2} = {3}')
    .with<[number, number, number, number][]>([
      [1999, 2000, 10_000, 400], // 20% of 19.99 = 399.8 -> 400
      [1000, 1, 3, 333], // 333.33 -> 333
      [2000, 1, 3, 667], // 666.67 -> 667
      [1, 1, 2, 1], // a half rounds away from zero
      [3, 1, 2, 2], // 1.5 -> 2
      [5, 1, 2, 3], // 2.5 -> 3 (not to even)
      [-1, 1, 2, -1], // -0.5 -> -1
      [-5, 1, 2, -3], // -2.5 -> -3
      [1, -1, 2, -1],
      [1, 1, -2, -1],
      [1, 1, 3, 0], // 0.33 -> 0
      [-1, 1, 3, 0], // -0.33 -> 0 (never -0)
      [1999, 10_000, 10_000, 1999], // 100% is exact
      [0, 1234, 10_000, 0],
    ])
    .run(({ assert }, [amount, numerator, denominator, expected]) => {
      assert.strictEqual(applyRate(amount, numerator, denominator), expected)
      assert.isFalse(Object.is(applyRate(amount, numerator, denominator), -0))
    })

  test('is exact where a float would drift', ({ assert }) => {
    // 0.1 + 0.2 style error: 1005 x 50% = 502.5 -> 503 (Math.round(1005 * 0.5) agrees,
    // but 1.005 * 100 does not: 100.49999...)
    assert.strictEqual(applyRate(1005, 5000, 10_000), 503)
    assert.strictEqual(applyRate(MAX_ORDER_TOTAL, 9_999, 10_000), 999_900_000)
    assert.strictEqual(applyRate(Number.MAX_SAFE_INTEGER, 1, 1), Number.MAX_SAFE_INTEGER)
  })

  test('refuses a zero denominator and non-integers', ({ assert }) => {
    assert.throws(() => applyRate(100, 1, 0), 'applyRate: the denominator must not be 0')
    assert.throws(() => applyRate(1.5, 1, 2), /amount must be a safe integer/)
    assert.throws(() => applyRate(1, 0.5, 2), /numerator must be a safe integer/)
    assert.throws(() => applyRate(1, 1, Number.NaN), /denominator must be a safe integer/)
    assert.throws(() => applyRate(2 ** 60, 1, 2), /amount must be a safe integer/)
  })
})
