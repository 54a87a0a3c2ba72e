import Link from 'next/link';
import { AdminHeader } from '@/components/admin/admin-header';
import { requireAdminPage } from '@/lib/http/admin-session';
import { formatMoney } from '@/lib/money';
import { ADMIN_ORDER_STATUSES, type AdminOrderStatus, listAdminOrders } from '@/lib/orders/admin-orders';
import { signOutAction } from '../actions';

export const dynamic = 'force-dynamic';

const REFERENCE = /^[A-Za-z0-9_-]{1,200}$/;

type Search = Record<string, string | string[] | undefined>;

function readFilter(search: Search) {
  const one = (name: string) => (typeof search[name] === 'string' ? (search[name] as string).trim() : '');
  const status = ADMIN_ORDER_STATUSES.find((known) => known === one('status')) ?? null;
  const reference = REFERENCE.test(one('reference')) ? one('reference') : null;
  const page = Math.min(10_000, Math.max(1, Number.parseInt(one('page'), 10) || 1));
  return { status, reference, page, badReference: one('reference') !== '' && reference === null };
}

function pageHref(filter: { status: AdminOrderStatus | null; reference: string | null }, page: number) {
  const query = new URLSearchParams();
  if (filter.status !== null) query.set('status', filter.status);
  if (filter.reference !== null) query.set('reference', filter.reference);
  query.set('page', String(page));
  return `/admin/orders?${query}`;
}

/** Every order, newest first, filtered by status and client_reference_id, a page at a time. */
export default async function AdminOrdersPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { store } = await requireAdminPage();
  const filter = readFilter(await searchParams);
  const { orders, hasMore } = await listAdminOrders(store, {
    status: filter.status,
    clientReferenceId: filter.reference,
    page: filter.page,
  });
  return (
    <>
      <AdminHeader signOut={signOutAction} />
      <main>
        <h1>Orders</h1>
        <form method="get" className="controls admin-filter">
          <div className="field">
            <label htmlFor="orders-status">Status</label>
            <select id="orders-status" name="status" defaultValue={filter.status ?? ''}>
              <option value="">Any</option>
              {ADMIN_ORDER_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {status}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="orders-reference">Client reference</label>
            <input
              id="orders-reference"
              name="reference"
              defaultValue={filter.reference ?? ''}
              aria-invalid={filter.badReference ? true : undefined}
              aria-describedby={filter.badReference ? 'orders-reference-error' : undefined}
            />
            {filter.badReference && (
              <span id="orders-reference-error" className="field-error">
                A client reference is 1-200 letters, digits, _ or -.
              </span>
            )}
          </div>
          <button type="submit">Filter</button>
        </form>
        {orders.length === 0 ? (
          <p>No orders match.</p>
        ) : (
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Placed</th>
                <th scope="col">Status</th>
                <th scope="col">Total</th>
                <th scope="col">Discounts</th>
                <th scope="col">Refunded</th>
                <th scope="col">Shopper</th>
                <th scope="col">Client reference</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((order) => (
                <tr key={order.id}>
                  <th scope="row">
                    <Link href={`/admin/orders/${order.id}`}>{order.number}</Link>
                  </th>
                  <td>{order.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</td>
                  <td>{order.status}</td>
                  <td>{formatMoney(order.amountTotal, order.currency)}</td>
                  <td>
                    {order.discounts
                      .map((discount) => `${discount.name} ${formatMoney(discount.amount, order.currency)}`)
                      .join('; ') || 'None'}
                  </td>
                  <td>{formatMoney(order.amountRefunded, order.currency)}</td>
                  <td>
                    {order.customerId !== null
                      ? `Customer ${order.customerId}`
                      : `Guest ${order.email ?? '(no email)'}`}
                  </td>
                  <td>{order.clientReferenceId ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <nav aria-label="Pages" className="controls">
          {filter.page > 1 && <Link href={pageHref(filter, filter.page - 1)}>Newer orders</Link>}
          {hasMore && <Link href={pageHref(filter, filter.page + 1)}>Older orders</Link>}
        </nav>
      </main>
    </>
  );
}
