import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

const APP_NAME = 'Embedded checkout';

export const metadata: Metadata = {
  applicationName: APP_NAME,
  title: { default: APP_NAME, template: `%s · ${APP_NAME}` },
  description: 'A storefront and embedded Stripe checkout with server-authoritative discounts.',
  appleWebApp: { title: APP_NAME },
};

export const viewport: Viewport = {
  themeColor: '#5a3e2b',
  width: 'device-width',
  initialScale: 1,
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
