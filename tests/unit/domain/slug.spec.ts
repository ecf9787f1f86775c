import { test } from '@japa/runner'
import { SLUG_MAX_LENGTH, SLUG_PATTERN, slugify } from '#domain/slug'

test.group('slugify', () => {
  test('"{0}" -> "{1}"')
    .with<[string, string][]>([
      ['Desk Lamp', 'desk-lamp'],
      ['Soundbar 2.1 (Black)', 'soundbar-21-black'],
      ['  Leading and trailing  ', 'leading-and-trailing'],
      ['Tea & Coffee', 'tea-and-coffee'],
      ['multiple   spaces---and dashes', 'multiple-spaces-and-dashes'],
      ['Crème brûlée', 'creme-brulee'],
      ['Straße', 'strasse'],
      ['Ærøskøbing', 'aeroskobing'],
      ['Émile Zola’s “Nana”', 'emile-zolas-nana'],
      ['100% cotton!', '100percent-cotton'],
      ['UPPER lower 123', 'upper-lower-123'],
      ['--a--', 'a'],
    ])
    .run(({ assert }, [name, slug]) => {
      assert.strictEqual(slugify(name), slug)
      assert.match(slug, SLUG_PATTERN)
    })

  test('a name with nothing to keep is "item": {$self}')
    .with(['', '   ', '!!!', '---', '日本語', '🙂🙂', '\u0000\u0007'])
    .run(({ assert }, name) => {
      assert.strictEqual(slugify(name), 'item')
    })

  test('is at most maxLength characters and never ends with a dash', ({ assert }) => {
    const long = 'word '.repeat(100)
    const slug = slugify(long)
    assert.isAtMost(slug.length, SLUG_MAX_LENGTH)
    assert.strictEqual(SLUG_MAX_LENGTH, 120)
    assert.match(slug, SLUG_PATTERN)

    // "word-word-..." cut at 10 is "word-word-": the dash goes
    assert.strictEqual(slugify(long, 10), 'word-word')
    assert.strictEqual(slugify('abcdefghij', 4), 'abcd')
  })

  test('always matches SLUG_PATTERN, whatever the input', ({ assert }) => {
    const samples = [
      'a',
      'A-B_C.D/E\\F',
      '<script>alert(1)</script>',
      "O'Reilly",
      'Ω omega',
      'x'.repeat(500),
      'Café-Bar #1 @ Köln',
      '\t tab \n newline',
    ]
    for (const sample of samples) {
      for (const max of [1, 5, 20, 120]) {
        const slug = slugify(sample, max)
        assert.match(slug, SLUG_PATTERN, `${JSON.stringify(sample)} at ${max}`)
        assert.isAtMost(slug.length, Math.max(max, 'item'.length))
      }
    }
  })

  test('SLUG_PATTERN refuses what is not a slug: "{$self}"')
    .with(['', 'Desk', 'desk lamp', '-desk', 'desk-', 'desk--lamp', 'crème', 'desk_lamp'])
    .run(({ assert }, value) => {
      assert.notMatch(value, SLUG_PATTERN)
    })
})
