import { test } from '@japa/runner'
import { isPublicAddress } from '#domain/ssrf'

test.group('SSRF: which addresses a webhook may reach', () => {
  test('{$self} is refused')
    .with([
      '10.0.0.1',
      '172.16.5.4',
      '192.168.1.1',
      '127.0.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.251',
      '255.255.255.255',
      '198.18.0.1',
      '::',
      '::1',
      'fe80::1',
      'fc00::1',
      'fd12:3456::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:a9fe:a9fe',
      '::ffff:10.0.0.1',
      '64:ff9b::a00:1',
      '2002:a00:1::1',
      'localhost',
      'not-an-ip',
    ])
    .run(({ assert }, address) => {
      assert.isFalse(isPublicAddress(address))
    })

  test('{$self} is allowed')
    .with(['93.184.215.14', '8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '[2a00:1450:4001::1]'])
    .run(({ assert }, address) => {
      assert.isTrue(isPublicAddress(address))
    })
})
