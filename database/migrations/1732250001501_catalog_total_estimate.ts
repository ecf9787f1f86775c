import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * `catalog_total(estimate, estimate_params, query, params, above)`
 * (PostgreSQL; issue 21): catalog_total (migration 1732250001401) with the
 * planner asked about a simpler statement than the one counted.
 *
 * A price filter matches a product by its price summary or, for the
 * products the summary cannot decide, by an EXISTS over its variants.
 * Planning that EXISTS was about 0.35 ms of the 0.75 ms EXPLAIN took for a
 * filtered page, and its selectivity is a default guess anyway. The
 * estimate is now asked of the summary's condition alone (`estimate`: the
 * products whose price range meets the filter), a superset of what
 * matches: above `above` rows its estimate answers (negative: an
 * estimate, as before; it may overstate the matches, as the guess for the
 * EXISTS could); at or below it, so are the matches, and `query` is
 * counted exactly.
 */
export default class extends BaseSchema {
  async up() {
    if (this.db.dialect.name !== 'postgres') {
      return
    }
    this.schema.raw(`
      CREATE OR REPLACE FUNCTION catalog_total(
        estimate text, estimate_params text[], query text, params text[], above bigint
      )
      RETURNS bigint
      LANGUAGE plpgsql
      VOLATILE
      AS $$
      DECLARE
        plan json;
        counted bigint;
      BEGIN
        EXECUTE 'EXPLAIN (FORMAT JSON) ' || format(estimate, VARIADIC estimate_params) INTO plan;
        counted := round((plan -> 0 -> 'Plan' ->> 'Plan Rows')::numeric);
        IF counted > above THEN
          RETURN -counted;
        END IF;
        EXECUTE 'SELECT count(*) FROM (' || format(query, VARIADIC params) || ') AS matching'
          INTO counted;
        RETURN counted;
      END
      $$`)
  }

  async down() {
    if (this.db.dialect.name !== 'postgres') {
      return
    }
    this.schema.raw('DROP FUNCTION IF EXISTS catalog_total(text, text[], text, text[], bigint)')
  }
}
