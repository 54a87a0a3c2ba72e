import { randomUUID } from 'node:crypto';
import { notFound } from 'next/navigation';
import { AdminHeader } from '@/components/admin/admin-header';
import { RefundForm } from '@/components/admin/refund-form';
import { requireAdminPage } from '@/lib/http/admin-session';
import { formatMoney, toMajorUnitsText } from '@/lib/money';
import { findAdminOrder } from '@/lib/orders/admin-orders';
import { refundAction, signOutAction } from '../../actions';

export const dynamic = 'force-dynamic';

/** Statuses whose payment can still be refunded (a disputed one is settled through the dispute). */
const REFUNDABLE = new Set(['paid', 'partially_refunded']);

/** One order: its lines as Stripe charged them, refunds so far, and the refund form. */
export default async function AdminOrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { store } = await requireAdminPage();
  const order = await findAdminOrder(store, (await params).id);
  if (order === null) notFound();
  const money = (amount: number) => formatMoney(amount, order.currency);
  const left = order.amountTotal - order.amountRefunded;
  return (
    <>
      <AdminHeader signOut={signOutAction} />
      <main>
        <h1>Order {order.number}</h1>
        <dl className="admin-facts">
          <dt>Status</dt>
          <dd>{order.status}</dd>
          <dt>Shopper</dt>
          <dd>
            {order.customerId !== null
              ? `Customer ${order.customerId}`
              : `Guest ${order.email ?? '(no email)'}`}
          </dd>
          <dt>Client reference</dt>
          <dd>{order.clientReferenceId ?? 'None'}</dd>
          <dt>Checkout Session</dt>
          <dd>{order.sessionId}</dd>
          <dt>Placed</dt>
          <dd>{order.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</dd>
        </dl>
        <h2>Lines as charged</h2>
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Quantity</th>
              <th scope="col">Subtotal</th>
              <th scope="col">Discount</th>
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {order.lines.map((line, index) => (
              // Lines have no id of their own; their order is the order Stripe listed them in.
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list, never reordered
              <tr key={index}>
                <th scope="row">{line.description}</th>
                <td>{line.quantity}</td>
                <td>{money(line.amountSubtotal)}</td>
                <td>{money(line.amountDiscount)}</td>
                <td>{money(line.amountTotal)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <dl className="admin-facts">
          <dt>Subtotal</dt>
          <dd>{money(order.amountSubtotal)}</dd>
          {order.discounts.map((discount) => (
            <div key={discount.ruleId} className="admin-fact">
              <dt>{discount.name}</dt>
              <dd>-{money(discount.amount)}</dd>
            </div>
          ))}
          <dt>Total charged</dt>
          <dd>{money(order.amountTotal)}</dd>
          <dt>Refunded so far</dt>
          <dd>{money(order.amountRefunded)}</dd>
        </dl>
        <h2>Refund</h2>
        {REFUNDABLE.has(order.status) && left > 0 ? (
          <RefundForm
            action={refundAction}
            orderId={order.id}
            idempotencyKey={randomUUID()}
            left={toMajorUnitsText(left, order.currency)}
            currency={order.currency}
          />
        ) : (
          <p>Nothing to refund: the order is {order.status}.</p>
        )}
      </main>
    </>
  );
}
