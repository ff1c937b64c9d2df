-- The sandbox's sample data: a small shop, enough rows that a backup has something to carry.
CREATE SCHEMA shop;

CREATE TABLE shop.customers (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name       text NOT NULL,
  email      text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL
);

CREATE TABLE shop.products (
  id    int PRIMARY KEY,
  name  text NOT NULL,
  price numeric(10, 2) NOT NULL
);

CREATE TABLE shop.orders (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES shop.customers,
  ordered_at  timestamptz NOT NULL,
  status      text NOT NULL
);

CREATE TABLE shop.order_items (
  order_id   bigint NOT NULL REFERENCES shop.orders,
  product_id int NOT NULL REFERENCES shop.products,
  quantity   int NOT NULL,
  PRIMARY KEY (order_id, product_id)
);

INSERT INTO shop.customers (name, email, created_at)
SELECT 'customer ' || g, 'customer' || g || '@example.com', now() - g * interval '1 hour'
FROM generate_series(1, 10000) g;

INSERT INTO shop.products
SELECT g, 'product ' || g, (g % 100) + 0.99 FROM generate_series(1, 500) g;

INSERT INTO shop.orders (customer_id, ordered_at, status)
SELECT 1 + g % 10000, now() - g * interval '1 minute',
       (ARRAY['new', 'paid', 'shipped', 'delivered'])[1 + g % 4]
FROM generate_series(1, 50000) g;

INSERT INTO shop.order_items
SELECT o, 1 + (o * 7 + k) % 500, k FROM generate_series(1, 50000) o, generate_series(1, 3) k;

CREATE VIEW shop.order_totals AS
SELECT o.id, o.customer_id, sum(i.quantity * p.price) AS total
FROM shop.orders o JOIN shop.order_items i ON i.order_id = o.id JOIN shop.products p ON p.id = i.product_id
GROUP BY o.id, o.customer_id;

ANALYZE;
