-- An order takes its number in the statement that inserts it (lib/orders/order.ts, insertOrder
-- RETURNING number) instead of a separate SELECT nextval() first: one round trip less per order.
-- Still the sequence of 0004, so still unique and increasing, with a gap only where an insert rolls
-- back. Existing rows keep their numbers.
ALTER TABLE orders ALTER COLUMN number SET DEFAULT nextval('order_number_seq')::text;
