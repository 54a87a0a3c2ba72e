import Link from 'next/link';

/** The back office's header: where to go, and sign-out (a form, so it works without script). */
export function AdminHeader({ signOut }: { signOut: () => Promise<void> }) {
  return (
    <header className="site">
      <Link href="/admin">Back office</Link>
      <nav aria-label="Back office">
        <Link href="/admin">Discount rules</Link> <Link href="/admin/orders">Orders</Link>{' '}
        <Link href="/admin/audit">Audit log</Link>
      </nav>
      <form action={signOut} className="controls">
        <button type="submit" className="secondary">
          Sign out
        </button>
      </form>
    </header>
  );
}
