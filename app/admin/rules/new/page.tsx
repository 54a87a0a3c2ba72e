import { AdminHeader } from '@/components/admin/admin-header';
import { RuleForm } from '@/components/admin/rule-form';
import { EMPTY_RULE_FORM } from '@/lib/admin/rule-form';
import { listCustomers } from '@/lib/customers';
import { requireAdminPage } from '@/lib/http/admin-session';
import { saveRuleAction, signOutAction } from '../../actions';

export const dynamic = 'force-dynamic';

export default async function NewRulePage() {
  const { store } = await requireAdminPage();
  const customers = await listCustomers(store);
  return (
    <>
      <AdminHeader signOut={signOutAction} />
      <main>
        <h1>New rule</h1>
        <RuleForm
          action={saveRuleAction}
          ruleId={null}
          initial={EMPTY_RULE_FORM}
          customers={customers.map((customer) => ({ id: customer.id, name: customer.displayName }))}
        />
      </main>
    </>
  );
}
