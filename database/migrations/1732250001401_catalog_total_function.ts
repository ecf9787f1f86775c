import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * `catalog_total(query, params, above)` (PostgreSQL; issue 21, items 2
 * and 3): how many rows `query` matches, asked inside a list page's own
 * statement so that a cold page is one round trip with its total.
 *
 * The planner's estimate first (EXPLAIN, a fraction of a millisecond):
 * above `above` rows it is the answer, returned negative to say it is an
 * estimate; at or below it the rows are counted. `query` is the app's
 * own SQL (never a client's text) with `%L` where its values go; the
 * values arrive apart, as text, and format() quotes each as a literal
 * (an untyped literal takes the type of what it is compared with), so no
 * value is ever read as SQL.
 *
 * VOLATILE: PostgreSQL runs EXPLAIN only in a volatile function (it
 * writes nothing either way).
 *
 * SQLite has no such function: the app asks for the total apart there.
 */
export default class extends BaseSchema {
  async up() {
    if (this.db.dialect.name !== 'postgres') {
      return
    }
    this.schema.raw(`
      CREATE OR REPLACE FUNCTION catalog_total(query text, params text[], above bigint)
      RETURNS bigint
      LANGUAGE plpgsql
      VOLATILE
      AS $$
      DECLARE
        statement text := format(query, VARIADIC params);
        plan json;
        counted bigint;
      BEGIN
        EXECUTE 'EXPLAIN (FORMAT JSON) ' || statement INTO plan;
        counted := round((plan -> 0 -> 'Plan' ->> 'Plan Rows')::numeric);
        IF counted > above THEN
          RETURN -counted;
        END IF;
        EXECUTE 'SELECT count(*) FROM (' || statement || ') AS matching' INTO counted;
        RETURN counted;
      END
      $$`)
  }

  async down() {
    if (this.db.dialect.name !== 'postgres') {
      return
    }
    this.schema.raw('DROP FUNCTION IF EXISTS catalog_total(text, text[], bigint)')
  }
}
