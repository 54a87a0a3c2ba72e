'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { recordAdminChange } from '@/lib/admin/audit-log';
import { readRuleForm } from '@/lib/admin/rule-form';
import { changeRuleStatus, type RuleStatusChange, saveAutomaticRule, saveRule } from '@/lib/admin/rules';
import type { ActionState, RuleFormState } from '@/lib/admin/types';
import { AppError } from '@/lib/errors';
import { authorizeAdminChange, signInAdmin, signOutAdmin } from '@/lib/http/admin-session';
import { parseMajorUnits, toMajorUnitsText } from '@/lib/money';
import { findOrderById } from '@/lib/orders/order';
import { getRefundSummary, refundOrder } from '@/lib/orders/refunds';
import { getStripe } from '@/lib/stripe/server';

/**
 * The back office's changes. Each one goes through authorizeAdminChange (404 without
 * ADMIN_PASSWORD, the same-origin check, a live admin session) before it reads the form; refusals
 * come back as the form's state, shown in its alert or next to the field.
 */

const RULE_ID = /^[A-Za-z0-9_.:-]{1,100}$/;
const ORDER_ID = /^[0-9a-f-]{36}$/i;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{16,100}$/;

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/** Refusals the person can act on become the form's message; anything else is a bug (500). */
async function refusalOf<T extends ActionState>(run: () => Promise<T>): Promise<T | ActionState> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError && error.status < 500) return { ok: false, message: error.message };
    throw error;
  }
}

export async function signInAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const outcome = await refusalOf(() => signInAdmin(text(form, 'password')));
  if (outcome.ok) redirect('/admin');
  return outcome;
}

export async function signOutAction(): Promise<void> {
  await signOutAdmin();
  redirect('/admin');
}

export async function saveRuleAction(_previous: RuleFormState, form: FormData): Promise<RuleFormState> {
  const values = readRuleForm(form);
  const ruleId = text(form, 'ruleId');
  const outcome = await refusalOf(async () => {
    const { store, actor } = await authorizeAdminChange();
    if (ruleId !== '' && !RULE_ID.test(ruleId)) throw new AppError('not_found', 'There is no such rule.');
    const saved = await saveRule(store, actor, ruleId === '' ? null : ruleId, values);
    return saved.ok
      ? { ok: true }
      : { ok: false, message: 'The rule was not saved: see the fields marked below.', errors: saved.errors };
  });
  if (outcome.ok) {
    revalidatePath('/admin', 'layout');
    redirect('/admin');
  }
  return { ...outcome, values };
}

export async function saveAutomaticRuleAction(
  _previous: RuleFormState,
  form: FormData,
): Promise<RuleFormState> {
  const definition = text(form, 'definition').slice(0, 20_000);
  const ruleId = text(form, 'ruleId');
  const outcome = await refusalOf(async () => {
    const { store, actor } = await authorizeAdminChange();
    if (ruleId !== '' && !RULE_ID.test(ruleId)) throw new AppError('not_found', 'There is no such rule.');
    const saved = await saveAutomaticRule(store, actor, ruleId === '' ? null : ruleId, definition);
    return saved.ok
      ? { ok: true }
      : { ok: false, message: 'The rule was not saved: see below.', errors: saved.errors };
  });
  if (outcome.ok) {
    revalidatePath('/admin', 'layout');
    redirect('/admin');
  }
  return { ...outcome, definition };
}

export async function ruleStatusAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const ruleId = text(form, 'ruleId');
  const change = text(form, 'change');
  const outcome = await refusalOf(async () => {
    const { store, actor } = await authorizeAdminChange();
    if (!RULE_ID.test(ruleId)) throw new AppError('not_found', 'There is no such rule.');
    if (change !== 'pause' && change !== 'resume' && change !== 'end') {
      throw new AppError('invalid_request', 'Choose Pause, Resume or End.');
    }
    const result = await changeRuleStatus(store, actor, ruleId, change as RuleStatusChange, new Date());
    return result.ok ? { ok: true, message: `The rule is ${STATUS_AFTER[change]}.` } : result;
  });
  if (outcome.ok) revalidatePath('/admin', 'layout');
  return outcome;
}

const STATUS_AFTER = { pause: 'paused', resume: 'active again', end: 'ended' } as const;

/**
 * Refunds part or all of an order through Stripe (lib/orders/refunds.ts). The idempotency key was
 * generated when the page rendered, so a second submit of the same page refunds nothing more;
 * the amount is bounded here by what is left and again by refundOrder.
 */
export async function refundAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const outcome = await refusalOf(async () => {
    const { store, actor } = await authorizeAdminChange();
    const orderId = text(form, 'orderId');
    const key = text(form, 'idempotencyKey');
    if (!IDEMPOTENCY_KEY.test(key)) throw new AppError('invalid_request', 'Reload the page and try again.');
    const order = ORDER_ID.test(orderId) ? await findOrderById(store, orderId) : null;
    const summary = order === null ? null : await getRefundSummary(store, order.id);
    if (order === null || summary === null) throw new AppError('not_found', 'There is no such order.');
    // What is left now (refunds in flight held back); refundOrder checks it again under the order's lock.
    const left = summary.refundable;
    const amount = parseMajorUnits(text(form, 'amount'), order.currency);
    if (left === 0) return { ok: false, message: `Order ${order.number} has nothing left to refund.` };
    if (amount === null || amount <= 0 || amount > left) {
      const most = toMajorUnitsText(left, order.currency);
      return {
        ok: false,
        message: `Enter an amount from more than 0 to ${most} ${order.currency.toUpperCase()}.`,
      };
    }
    const result = await refundOrder(
      { store, stripe: getStripe() },
      { orderId, amount, idempotencyKey: key, requestedBy: `admin:${actor.sessionId}` },
    );
    await recordAdminChange(store, actor, {
      action: 'order.refund',
      subjectId: orderId,
      before: { amountRefunded: order.amountRefunded },
      after: result,
    });
    const refunded = `${toMajorUnitsText(result.amount, order.currency)} ${order.currency.toUpperCase()}`;
    return result.status === 'succeeded' || result.status === 'pending'
      ? { ok: true, message: `Refund ${result.refundId} of ${refunded}: ${result.status}.` }
      : { ok: false, message: `Stripe answered the refund of ${refunded} with ${result.status}.` };
  });
  // No revalidation: the page keeps the key it rendered with, so pressing Refund again on it
  // repeats the same refund rather than making a new one. Reloading shows the new state.
  return outcome;
}
