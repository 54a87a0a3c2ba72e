import Link from 'next/link';
import { AdminHeader } from '@/components/admin/admin-header';
import { SignInForm } from '@/components/admin/sign-in-form';
import {
  describeConditions,
  describeValue,
  describeWindow,
  RULE_STATUS_LABEL,
  ruleLabel,
  ruleLimit,
} from '@/lib/admin/rule-summary';
import { listAdminRules } from '@/lib/admin/rules';
import { readAdminSession } from '@/lib/http/admin-session';
import { getStore } from '@/lib/store/app-store';
import { signInAction, signOutAction } from './actions';

export const dynamic = 'force-dynamic';

/** Signed out: the sign-in form. Signed in: every discount rule with its usage. */
export default async function AdminHome() {
  const store = await getStore();
  if ((await readAdminSession(store)) === null) {
    return (
      <main>
        <h1>Back office</h1>
        <SignInForm action={signInAction} />
      </main>
    );
  }
  const rules = await listAdminRules(store);
  return (
    <>
      <AdminHeader signOut={signOutAction} />
      <main>
        <h1>Discount rules</h1>
        <p>
          <Link href="/admin/rules/new">New rule</Link> ·{' '}
          <Link href="/admin/rules/new-automatic">New automatic rule</Link>
        </p>
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">Code or name</th>
              <th scope="col">Gives</th>
              <th scope="col">Conditions</th>
              <th scope="col">Window</th>
              <th scope="col">Status</th>
              <th scope="col">Reserved</th>
              <th scope="col">Redeemed</th>
              <th scope="col">Limit</th>
            </tr>
          </thead>
          <tbody>
            {rules.map(({ id, rule, status, usage }) => (
              <tr key={id}>
                <th scope="row">
                  <Link href={`/admin/rules/${encodeURIComponent(id)}`}>
                    {rule === null ? id : ruleLabel(rule)}
                  </Link>
                  {rule !== null && rule.kind !== 'promotion_code' && (
                    <span className="muted"> (automatic)</span>
                  )}
                </th>
                <td>{rule === null ? 'Invalid definition' : describeValue(rule)}</td>
                <td>{rule === null ? '' : describeConditions(rule).join('; ') || 'None'}</td>
                <td>{rule === null ? '' : describeWindow(rule)}</td>
                <td>{RULE_STATUS_LABEL[status]}</td>
                <td>{usage.reserved} reserved</td>
                <td>{usage.redeemed} redeemed</td>
                <td>{(rule === null ? null : ruleLimit(rule)) ?? 'No limit'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </main>
    </>
  );
}
