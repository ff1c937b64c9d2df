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
}
