import { notFound } from 'next/navigation';
import { ActionButtonForm } from '@/components/admin/action-button-form';
import { AdminHeader } from '@/components/admin/admin-header';
import { AutomaticRuleForm } from '@/components/admin/automatic-rule-form';
import { RuleForm } from '@/components/admin/rule-form';
import { ruleFormValuesOf } from '@/lib/admin/rule-form';
import {
  describeConditions,
  describeValue,
  describeWindow,
  RULE_STATUS_LABEL,
  ruleLabel,
  ruleLimit,
} from '@/lib/admin/rule-summary';
import { automaticDefinitionText, findAdminRule } from '@/lib/admin/rules';
import { listCustomers } from '@/lib/customers';
import { requireAdminPage } from '@/lib/http/admin-session';
import { ruleStatusAction, saveAutomaticRuleAction, saveRuleAction, signOutAction } from '../../actions';

export const dynamic = 'force-dynamic';

/** One rule: its usage, Pause/Resume and End, and (for a code that has not ended) its form. */
export default async function RulePage({ params }: { params: Promise<{ id: string }> }) {
  const { store } = await requireAdminPage();
  const { id } = await params;
  const found = await findAdminRule(store, decodeURIComponent(id));
  if (found === null) notFound();
  const { rule, status, usage } = found;
  const customers = await listCustomers(store);
  const fields = { ruleId: found.id };
  return (
    <>
      <AdminHeader signOut={signOutAction} />
      <main>
        <h1>{rule === null ? found.id : ruleLabel(rule)}</h1>
        <dl className="admin-facts">
          <dt>Status</dt>
          <dd>{RULE_STATUS_LABEL[status]}</dd>
          <dt>Gives</dt>
          <dd>{rule === null ? 'Invalid definition' : describeValue(rule)}</dd>
          <dt>Conditions</dt>
          <dd>{rule === null ? '' : describeConditions(rule).join('; ') || 'None'}</dd>
          <dt>Window</dt>
          <dd>{rule === null ? '' : describeWindow(rule)}</dd>
          <dt>Usage</dt>
          <dd>
            {usage.reserved} reserved, {usage.redeemed} redeemed, limit{' '}
            {(rule === null ? null : ruleLimit(rule)) ?? 'none'}
          </dd>
        </dl>
        {status !== 'ended' && (
          <div className="controls">
            <ActionButtonForm
              action={ruleStatusAction}
              fields={{ ...fields, change: status === 'active' ? 'pause' : 'resume' }}
              label={status === 'active' ? 'Pause' : 'Resume'}
            />
            <ActionButtonForm
              action={ruleStatusAction}
              fields={{ ...fields, change: 'end' }}
              label="End"
              secondary
            />
          </div>
        )}
        {rule?.kind === 'promotion_code' && status !== 'ended' && (
          <>
            <h2>Edit</h2>
            <RuleForm
              action={saveRuleAction}
              ruleId={found.id}
              initial={ruleFormValuesOf(rule)}
              customers={customers.map((customer) => ({ id: customer.id, name: customer.displayName }))}
            />
          </>
        )}
        {rule !== null && rule.kind !== 'promotion_code' && status !== 'ended' && (
          <>
            <h2>Edit</h2>
            <AutomaticRuleForm
              action={saveAutomaticRuleAction}
              ruleId={found.id}
              initial={automaticDefinitionText(rule)}
            />
          </>
        )}
      </main>
    </>
  );
}
