import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { requireBackOffice } from '@/lib/http/admin-session';

export const metadata: Metadata = {
  title: { absolute: 'Back office' },
  robots: { index: false, follow: false },
};

/**
 * The merchant's back office, in English, outside the shopper's [locale] pages (proxy.ts leaves
 * /admin alone). Without ADMIN_PASSWORD it does not exist: every page under it is a 404.
 */
export default function AdminLayout({ children }: { children: ReactNode }) {
  requireBackOffice();
  return children;
}
