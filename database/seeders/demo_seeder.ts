import { BaseSeeder } from '@adonisjs/lucid/seeders'
import { DemoDataService } from '#services/demo_data_service'

/**
 * `node ace db:seed`: the demo accounts, category tree and products.
 * Safe to run again: what exists already is kept.
 */
export default class DemoSeeder extends BaseSeeder {
  async run() {
    await new DemoDataService().seed()
  }
}
