import { describe, expect, it } from 'vitest';
import { securityHeaders, securityModeFromEnv } from './security-headers.mjs';

function policy(realStripe: boolean): Map<string, string[]> {
  const csp = securityHeaders({ realStripe, https: realStripe }).find(
    ({ key }) => key === 'Content-Security-Policy',
  );
  return new Map(
    (csp?.value ?? '').split('; ').map((directive) => {
      const [name = '', ...sources] = directive.split(' ');
      return [name, sources];
    }),
  );
}

describe('security headers (issue 15 finding 7)', () => {
  it("the real-mode CSP admits Stripe.js's hosts", () => {
    const csp = policy(true);
    expect(csp.get('script-src')).toEqual(expect.arrayContaining(["'self'", 'https://js.stripe.com']));
    expect(csp.get('connect-src')).toEqual(
      expect.arrayContaining(['https://api.stripe.com', 'https://m.stripe.network']),
    );
    expect(csp.get('frame-src')).toEqual(
      expect.arrayContaining([
        'https://js.stripe.com',
        'https://*.js.stripe.com',
        'https://hooks.stripe.com',
      ]),
    );
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('the local-mode CSP admits nothing external', () => {
    const csp = policy(false);
    for (const [name, sources] of csp) {
      expect(
        sources.filter((source) => /^https?:|\*/.test(source)),
        name,
      ).toEqual([]);
    }
    expect(csp.get('frame-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('frames are refused, sniffing is off, payment stays with Stripe, HSTS on HTTPS only', () => {
    const real = new Map(
      securityHeaders({ realStripe: true, https: true }).map(({ key, value }) => [key, value]),
    );
    expect(real.get('X-Frame-Options')).toBe('DENY');
    expect(real.get('X-Content-Type-Options')).toBe('nosniff');
    expect(real.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
    expect(real.get('Permissions-Policy')).toContain('payment=(self "https://js.stripe.com")');
    expect(real.get('Strict-Transport-Security')).toMatch(/^max-age=\d{7,}/);
    const local = new Map(
      securityHeaders({ realStripe: false, https: false }).map(({ key, value }) => [key, value]),
    );
    expect(local.has('Strict-Transport-Security')).toBe(false);
    expect(securityModeFromEnv({ STRIPE_SECRET_KEY: 'sk_test_x' })).toEqual({
      realStripe: true,
      https: true,
    });
    expect(securityModeFromEnv({})).toEqual({ realStripe: false, https: false });
  });
});
