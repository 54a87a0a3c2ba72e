import Link from 'next/link';
import type { ReactNode } from 'react';

export function SiteHeader({ children }: { children?: ReactNode }) {
  return (
    <header className="site">
      <Link href="/">Bean &amp; Burr</Link>
      <nav aria-label="Account">
        <Link href="/orders">Your orders</Link>
      </nav>
      {children !== undefined && <div className="controls">{children}</div>}
    </header>
  );
}
