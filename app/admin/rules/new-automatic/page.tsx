import { AdminHeader } from '@/components/admin/admin-header';
import { AutomaticRuleForm } from '@/components/admin/automatic-rule-form';
import { requireAdminPage } from '@/lib/http/admin-session';
import { saveAutomaticRuleAction, signOutAction } from '../../actions';

export const dynamic = 'force-dynamic';

const EXAMPLE = JSON.stringify(
  {
    kind: 'location',
    name: 'Free express shipping to Japan',
    countries: ['JP'],
    value: { type: 'percent', percent: 100 },
    appliesTo: { addOnIds: ['express_shipping'] },
  },
  null,
  2,
);

export default async function NewAutomaticRulePage() {
  await requireAdminPage();
  return (
    <>
      <AdminHeader signOut={signOutAction} />
      <main>
        <h1>New automatic rule</h1>
        <AutomaticRuleForm action={saveAutomaticRuleAction} ruleId={null} initial={EXAMPLE} />
      </main>
    </>
  );
}
