import { test } from '@japa/runner'
import vine, { errors } from '@vinejs/vine'
import router from '@adonisjs/core/services/router'
import { MESSAGES } from '#validators/messages'
import { ROUTE_INPUTS } from '#validators/route_inputs'
import { didYouMean, unknownBodyFields, unknownQueryParameters } from '#validators/strict_input'
import { compileQuery, countryCode, integer, jsonBoolean, queryInteger } from '#validators/rules'
import { createProductValidator, productListValidator } from '#validators/catalog'
import { adminOrderListValidator, orderStatusValidator } from '#validators/order'
import { registerValidator } from '#validators/auth'
import { ORDER_STATUSES } from '#domain/order_transitions'

/**
 * The messages a validator reports for some data (none: it passed).
 */
async function messagesOf(validator: { validate(data: any): Promise<unknown> }, data: unknown) {
  try {
    await validator.validate(data)
    return []
  } catch (error) {
    if (error instanceof errors.E_VALIDATION_ERROR) {
      return error.messages as Array<{ field: string; message: string; rule: string }>
    }
    throw error
  }
}

async function messageOf(validator: { validate(data: any): Promise<unknown> }, data: unknown) {
  const [first] = await messagesOf(validator, data)
  return first?.message
}

test.group(
  'Validation messages: one catalogue, each names what is accepted (issue 15, item 2)',
  () => {
    test('an enum lists its values', async ({ assert }) => {
      assert.equal(
        await messageOf(orderStatusValidator, { status: 'SHIPPED' }),
        `The status field must be one of: ${ORDER_STATUSES.join(', ')}`
      )
      assert.include(ORDER_STATUSES.join(', '), 'pending, ')
    })

    test('a boolean in a query string says "use true or false"', async ({ assert }) => {
      const message = await messageOf(productListValidator, { in_stock: '1' })
      assert.include(message, 'use true or false')
    })

    test('a JSON boolean says true or false as a JSON boolean', async ({ assert }) => {
      const validator = vine.compile(vine.object({ active: jsonBoolean() }))
      assert.equal(
        await messageOf(validator, { active: 'yes' }),
        'The active field must be true or false, sent as a JSON boolean'
      )
    })

    test('a pattern says the form with an example: country', async ({ assert }) => {
      const validator = vine.compile(vine.object({ country: countryCode() }))
      assert.equal(
        await messageOf(validator, { country: 'United States' }),
        'The country field must be a 2-letter ISO country code, such as US'
      )
    })

    test('a nested field is named by its path', async ({ assert }) => {
      const messages = await messagesOf(registerValidator, {
        email: 'a@example.test',
        password: 'password123',
        address: { country: 'USA' },
      })
      assert.equal(
        messages[0].message,
        'The address.country field must be a 2-letter ISO country code, such as US'
      )
      assert.equal(messages[0].field, 'address.country')
    })

    test('a price sent as a JSON number asks for a decimal string with an example', async ({
      assert,
    }) => {
      const messages = await messagesOf(createProductValidator, {
        name: 'Lamp',
        price: 19.99,
        stock: 1,
      })
      const price = messages.find((entry) => entry.field === 'price')
      assert.include(price!.message, 'must be a decimal string such as "19.99"')
    })

    test('a range gives its bounds', async ({ assert }) => {
      const validator = vine.compile(vine.object({ quantity: integer().range([1, 99]) }))
      assert.equal(
        await messageOf(validator, { quantity: 0 }),
        'The quantity field must be between 1 and 99 (inclusive)'
      )
    })

    test('a type says the expected type with an example', async ({ assert }) => {
      const strings = vine.compile(vine.object({ name: vine.string() }))
      assert.equal(
        await messageOf(strings, { name: 3 }),
        'The name field must be text sent as a JSON string (such as "abc")'
      )
      const integers = vine.compile(vine.object({ quantity: integer() }))
      assert.include(await messageOf(integers, { quantity: '3' }), 'such as 3')
      const digits = compileQuery(vine.object({ page: queryInteger() }))
      assert.include(await messageOf(digits, { page: 'two' }), 'plain decimal digits (such as 2)')
    })

    test('lengths, required fields, objects and arrays', async ({ assert }) => {
      const validator = vine.compile(
        vine.object({
          code: vine.string().minLength(3).maxLength(5),
          lines: vine.array(vine.string()).minLength(1),
          nested: vine.object({}),
        })
      )
      const messages = await messagesOf(validator, { code: 'ab', lines: [], nested: 'x' })
      assert.deepEqual(
        messages.map((entry) => entry.message),
        [
          'The code field must have at least 3 characters',
          'The lines field must have at least 1 item(s)',
          'The nested field must be a JSON object (such as {"key": "value"})',
        ]
      )
      assert.equal(
        await messageOf(validator, { lines: ['a'], nested: {} }),
        'The code field is required'
      )
      assert.equal(
        await messageOf(validator, { code: 'abcdef', lines: ['a'], nested: {} }),
        'The code field must have at most 5 characters'
      )
    })

    test('an ISO date asks for the form with examples', async ({ assert }) => {
      assert.include(
        await messageOf(adminOrderListValidator, { from: 'yesterday' }),
        'such as 2026-11-22 or 2026-11-22T10:00:00Z'
      )
    })

    test('every rule the catalogue knows writes a sentence naming the field', ({ assert }) => {
      for (const [rule, message] of Object.entries(MESSAGES)) {
        const text = (message as (field: string, meta: Record<string, unknown>) => string)(
          'thing',
          { min: 1, max: 2, choices: ['a', 'b'], accepts: 'x', example: 'y', size: 3 }
        )
        assert.isString(text, rule)
        assert.isAbove(text.length, 10, rule)
      }
    })
  }
)

test.group('Validation: unknown input and "did you mean" (issue 15, item 1)', () => {
  test('aliases, other spellings and misspellings find the known name', ({ assert }) => {
    const known = ['q', 'sort', 'category', 'min_price', 'max_price', 'page', 'per_page']
    assert.equal(didYouMean('search', known), 'q')
    assert.equal(didYouMean('ordering', known), 'sort')
    assert.equal(didYouMean('perPage', known), 'per_page')
    assert.equal(didYouMean('Min-Price', known), 'min_price')
    assert.equal(didYouMean('min_prce', known), 'min_price')
    assert.equal(didYouMean('category', ['name', 'category_id']), 'category_id')
    assert.isUndefined(didYouMean('colour', known))
    // names of Object.prototype are names like any other (found by the fuzz: a 500)
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      assert.isUndefined(didYouMean(name, known), name)
    }
  })

  test('the query check names each unknown parameter', ({ assert }) => {
    const problems = unknownQueryParameters(
      { query: productListValidator },
      { q: 'x', search: 'y' }
    )
    assert.lengthOf(problems, 1)
    assert.equal(problems[0].field, 'search')
  })

  test('the body check walks nested objects and arrays', ({ assert }) => {
    const problems = unknownBodyFields(
      { body: createProductValidator },
      { name: 'x', images: [{ url: '/a.jpg', caption: 'c' }], extra: 1 }
    )
    assert.sameMembers(
      problems.map((problem) => problem.field),
      ['images.0.caption', 'extra']
    )
  })

  test('a route without a body validator takes an empty object only', ({ assert }) => {
    assert.lengthOf(unknownBodyFields({}, {}), 0)
    assert.equal(unknownBodyFields({}, { x: 1 })[0].rule, 'noBody')
  })

  test('every /api/v1 route has an entry in ROUTE_INPUTS, and every entry a route', ({
    assert,
  }) => {
    router.commit()
    const names = Object.values(router.toJSON())
      .flat()
      .map((route) => route.name)
      .filter((name): name is string => !!name && name.startsWith('v1.'))
    assert.isAbove(names.length, 10)
    assert.sameMembers(Object.keys(ROUTE_INPUTS), names)
  })
})
