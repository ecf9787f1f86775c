import { test } from '@japa/runner'
import { freeSlug } from '#domain/slug'

test.group('freeSlug', () => {
  test('the base when it is free', ({ assert }) => {
    assert.equal(freeSlug('desk-lamp', []), 'desk-lamp')
    assert.equal(freeSlug('desk-lamp', ['desk-lamp-2', 'desk-lamp-shade']), 'desk-lamp')
  })

  test('the first free numeric suffix when the base is taken', ({ assert }) => {
    assert.equal(freeSlug('desk-lamp', ['desk-lamp']), 'desk-lamp-2')
    assert.equal(freeSlug('desk-lamp', ['desk-lamp', 'desk-lamp-2', 'desk-lamp-4']), 'desk-lamp-3')
    assert.equal(
      freeSlug('desk-lamp', ['desk-lamp-shade', 'desk-lamp', 'desk-lamp-2']),
      'desk-lamp-3'
    )
  })
})
