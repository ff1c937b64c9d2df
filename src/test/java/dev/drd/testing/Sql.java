package dev.drd.testing;

/** A database with content that trips naive dump/restore: several schemas, odd names, types. */
public final class Sql {
  private Sql() {}

  public static final String TRICKY =
      """
      CREATE SCHEMA sales;
      CREATE SCHEMA "Weird Schema";
      CREATE TABLE sales.customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, data jsonb);
      CREATE TABLE sales.orders (id bigserial PRIMARY KEY, customer_id bigint REFERENCES sales.customers, amount numeric(12,2), placed timestamptz DEFAULT now());
      CREATE TABLE "Weird Schema"."Mixed Case ""Quoted"" Table" (k text PRIMARY KEY, v int);
      CREATE TABLE public.grüße (id int PRIMARY KEY, text text);
      CREATE TABLE public.events (id int, at date NOT NULL, payload text) PARTITION BY RANGE (at);
      CREATE TABLE public.events_2025 PARTITION OF public.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE public.events_2026 PARTITION OF public.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
      CREATE TABLE public.empty_table (id int);
      INSERT INTO sales.customers (name, data) SELECT 'customer ' || g, jsonb_build_object('n', g) FROM generate_series(1, 20000) g;
      INSERT INTO sales.orders (customer_id, amount) SELECT 1 + g % 20000, g * 1.5 FROM generate_series(1, 30000) g;
      INSERT INTO "Weird Schema"."Mixed Case ""Quoted"" Table" SELECT 'key ' || g, g FROM generate_series(1, 500) g;
      INSERT INTO public.grüße VALUES (1, 'Grüß Gott'), (2, 'こんにちは');
      INSERT INTO public.events SELECT g, date '2025-06-01' + (g % 400), md5(g::text) FROM generate_series(1, 8000) g;
      CREATE VIEW sales.big_orders AS SELECT * FROM sales.orders WHERE amount > 1000;
      CREATE FUNCTION sales.total() RETURNS numeric LANGUAGE sql AS 'SELECT sum(amount) FROM sales.orders';
      """;

  /** What only a restore test needs on top: an extension from contrib, large objects, sequences. */
  public static final String RESTORE_EXTRAS =
      """
      CREATE EXTENSION pg_trgm;
      CREATE INDEX customers_name_trgm ON sales.customers USING gin (name gin_trgm_ops);
      CREATE SEQUENCE sales.invoice_no START 1000;
      SELECT setval('sales.invoice_no', 4242);
      SELECT lo_from_bytea(0, 'a large object'::bytea);
      SELECT lo_from_bytea(0, convert_to(repeat('big ', 50000), 'UTF8'));
      """;

  /**
   * Facts about a database's contents that a faithful restore keeps: one line per table (rows and
   * the md5 of its rows in order) and per other object, in one text.
   */
  public static final String FINGERPRINT =
      """
      SELECT string_agg(line, E'\\n' ORDER BY line) FROM (
        SELECT format('%s.%s', n.nspname, c.relname) || ' ' ||
               (xpath('/row/c/text()', query_to_xml(format(
                 'SELECT count(*) || '' '' || coalesce(md5(string_agg(t::text, ''|'' ORDER BY t::text)), '''') AS c FROM ONLY %I.%I t',
                 n.nspname, c.relname), false, true, '')))[1]::text AS line
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg\\_toast%'
        UNION ALL SELECT 'sequence sales.invoice_no ' || last_value FROM sales.invoice_no
        UNION ALL SELECT 'large objects ' || count(*) || ' ' || coalesce(sum(length(lo_get(oid))), 0)
                  FROM pg_largeobject_metadata
        UNION ALL SELECT 'view big_orders ' || count(*) FROM sales.big_orders
        UNION ALL SELECT 'function total ' || sales.total()
        UNION ALL SELECT 'extension ' || extname FROM pg_extension WHERE extname <> 'plpgsql'
        UNION ALL SELECT 'index ' || indexname FROM pg_indexes
                  WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
      ) facts
      """;
}
