import { randomUUID } from 'node:crypto';
import { notFound } from 'next/navigation';
import { AdminHeader } from '@/components/admin/admin-header';
import { RefundForm } from '@/components/admin/refund-form';
import { requireAdminPage } from '@/lib/http/admin-session';
import { formatMoney, toMajorUnitsText } from '@/lib/money';
import { findOrderById } from '@/lib/orders/order';
import { getRefundSummary, type RefundRecord } from '@/lib/orders/refunds';
import { refundAction, signOutAction } from '../../actions';

export const dynamic = 'force-dynamic';

/** One order: its lines as Stripe charged them, refunds so far, and the refund form. */
export default async function AdminOrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { store } = await requireAdminPage();
  const order = await findOrderById(store, (await params).id);
  const summary = order === null ? null : await getRefundSummary(store, order.id);
  if (order === null || summary === null) notFound();
  const money = (amount: number) => formatMoney(amount, order.currency);
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
          <dd>{money(summary.amountRefunded)}</dd>
          {summary.amountOutstanding > 0 && (
            <div className="admin-fact">
              <dt>Being refunded</dt>
              <dd>{money(summary.amountOutstanding)}</dd>
            </div>
          )}
        </dl>
        <RefundList refunds={summary.refunds} money={money} />
        <h2>Refund</h2>
        {summary.refundable > 0 ? (
          <RefundForm
            action={refundAction}
            orderId={order.id}
            idempotencyKey={randomUUID()}
            left={toMajorUnitsText(summary.refundable, order.currency)}
            currency={order.currency}
          />
        ) : (
          <p>Nothing to refund: the order is {order.status}.</p>
        )}
      </main>
    </>
  );
}

/** The order's refunds so far, here or in Stripe's Dashboard, oldest first. */
function RefundList({
  refunds,
  money,
}: {
  refunds: readonly RefundRecord[];
  money: (amount: number) => string;
}) {
  if (refunds.length === 0) return <p>No refunds yet.</p>;
  return (
    <table className="admin-table">
      <caption>Refunds so far</caption>
      <thead>
        <tr>
          <th scope="col">Refund</th>
          <th scope="col">Amount</th>
          <th scope="col">Status</th>
          <th scope="col">Asked by</th>
          <th scope="col">When</th>
        </tr>
      </thead>
      <tbody>
        {refunds.map((refund) => (
          <tr key={refund.id}>
            <th scope="row">{refund.stripeRefundId ?? '(not yet at Stripe)'}</th>
            <td>{money(refund.amount)}</td>
            <td>{refund.status}</td>
            <td>{refund.requestedBy ?? 'Stripe Dashboard'}</td>
            <td>{refund.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
