import Link from 'next/link';
import { AdminHeader } from '@/components/admin/admin-header';
import { listAdminChanges } from '@/lib/admin/audit-log';
import { requireAdminPage } from '@/lib/http/admin-session';
import { signOutAction } from '../actions';

export const dynamic = 'force-dynamic';

const PAGE_SIZE = 50;

/** Every change made in the back office, newest first: when, from where, which session, before and after. */
export default async function AuditLogPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { store } = await requireAdminPage();
  const pageParam = (await searchParams).page;
  const page = Math.min(
    10_000,
    Math.max(1, Number.parseInt(typeof pageParam === 'string' ? pageParam : '', 10) || 1),
  );
  const entries = await listAdminChanges(store, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE);
  return (
    <>
      <AdminHeader signOut={signOutAction} />
      <main>
        <h1>Audit log</h1>
        {entries.length === 0 ? (
          <p>No changes yet.</p>
        ) : (
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Change</th>
                <th scope="col">Subject</th>
                <th scope="col">Client address</th>
                <th scope="col">Admin session</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {entries.slice(0, PAGE_SIZE).map((entry) => (
                <tr key={entry.id}>
                  <td>{entry.at.toISOString().replace('T', ' ').slice(0, 19)} UTC</td>
                  <th scope="row">{entry.action}</th>
                  <td>{entry.subjectId}</td>
                  <td>{entry.clientAddress}</td>
                  <td>{entry.adminSessionId}</td>
                  <td>
                    <pre className="admin-json">{JSON.stringify(entry.before, null, 1)}</pre>
                  </td>
                  <td>
                    <pre className="admin-json">{JSON.stringify(entry.after, null, 1)}</pre>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <nav aria-label="Pages" className="controls">
          {page > 1 && <Link href={`/admin/audit?page=${page - 1}`}>Newer changes</Link>}
          {entries.length > PAGE_SIZE && <Link href={`/admin/audit?page=${page + 1}`}>Older changes</Link>}
        </nav>
      </main>
    </>
  );
}
