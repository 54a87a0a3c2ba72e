import 'server-only';
import { cookies, headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import type { AdminActor } from '@/lib/admin/audit-log';
import { getPasswordCheck, MAX_PASSWORD_LENGTH } from '@/lib/admin/password';
import {
  ADMIN_SESSION_HOURS,
  createAdminSession,
  findAdminSession,
  revokeAdminSession,
} from '@/lib/admin/sessions';
import { type Config, getAppSecret, getConfig } from '@/lib/config';
import { AppError } from '@/lib/errors';
import { getStore } from '@/lib/store/app-store';
import type { Store } from '@/lib/store/types';
import { clientAddress } from './client-address';
import { consumeRateLimit, returnRateLimitHit } from './rate-limit';
import { checkSameOrigin } from './same-origin';
import { deleteCookie, writeSignedCookie } from './signed-cookie';
import { verifySignedValue } from './signed-value';

/**
 * The back office's sign-in, for its pages and server actions (app/admin): the only place that
 * reads or writes the admin cookie. The cookie is signed with APP_SECRET under its own name (a
 * shopper's cookie, signed for another purpose, never verifies as it), httpOnly, SameSite=Strict,
 * Secure on HTTPS and sent only to /admin; it names a server-side session (lib/admin/sessions.ts),
 * so sign-out and expiry end it whatever the browser keeps. Shopper identity (lib/http/identity.ts)
 * never reads it, so it changes nothing of a checkout.
 */

export const ADMIN_COOKIE = 'ec_admin';
export const ADMIN_PATH = '/admin';
const SIGN_IN_WINDOW_SECONDS = 15 * 60;

/** The request the server action or page is answering, for the checks written against Request. */
async function currentRequest(): Promise<Request> {
  const incoming = await headers();
  const host = incoming.get('host') ?? 'localhost';
  return new Request(`http://${host}${ADMIN_PATH}`, { headers: new Headers(incoming) });
}

/** With ADMIN_PASSWORD unset the back office does not exist: every page and action is a 404. */
export function requireBackOffice(config: Config = getConfig()): string {
  if (config.adminPassword === null) notFound();
  return config.adminPassword;
}

/** The signed-in session, or null (no cookie, a forged or expired one, a revoked session). */
export async function readAdminSession(store: Store, now = new Date()): Promise<AdminActor | null> {
  requireBackOffice();
  const token = verifySignedValue(getAppSecret(), ADMIN_COOKIE, (await cookies()).get(ADMIN_COOKIE)?.value);
  if (token === null) return null;
  const session = await findAdminSession(store, token, now);
  if (session === null) return null;
  return {
    sessionId: session.id,
    clientAddress: clientAddress(await currentRequest(), getConfig().clientAddress),
  };
}

/** For the pages behind the sign-in: the session, or back to /admin (the sign-in form). */
export async function requireAdminPage(): Promise<{ store: Store; actor: AdminActor }> {
  const store = await getStore();
  const actor = await readAdminSession(store);
  if (actor === null) redirect(ADMIN_PATH);
  return { store, actor };
}

/**
 * What every change starts with: the back office exists (404 otherwise), the request comes from
 * this site (the same-origin check), and a live session made it. Throws AppError otherwise.
 */
export async function authorizeAdminChange(): Promise<{ store: Store; actor: AdminActor }> {
  requireBackOffice();
  checkSameOrigin(await currentRequest());
  const store = await getStore();
  const actor = await readAdminSession(store);
  if (actor === null)
    throw new AppError('unauthorized', 'Your back-office session has ended: sign in again.');
  return { store, actor };
}

export type SignInOutcome = { ok: true } | { ok: false; message: string };

/**
 * Signs in with the back-office password. Every attempt is counted against the client address
 * before the password is checked (so concurrent guesses cannot slip past the limit) and a right
 * password gives its count back: at most RATE_LIMIT_ADMIN_SIGN_IN_FAILURES_PER_15_MINUTES (10)
 * failures per client address in 15 minutes.
 */
export async function signInAdmin(presented: string, now = new Date()): Promise<SignInOutcome> {
  const password = requireBackOffice();
  const config = getConfig();
  const request = await currentRequest();
  checkSameOrigin(request);
  const store = await getStore();
  const address = clientAddress(request, config.clientAddress);
  const key = `admin-sign-in:${address}`;
  const limit = config.rateLimits.adminSignInFailuresPer15Minutes;
  const attempt = await consumeRateLimit(store, key, limit, SIGN_IN_WINDOW_SECONDS, now);
  if (!attempt.allowed) {
    const minutes = Math.max(1, Math.ceil(attempt.retryAfterSeconds / 60));
    return {
      ok: false,
      message: `Too many sign-in attempts. Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`,
    };
  }
  const check = getPasswordCheck(password);
  if (check === null || presented.length > MAX_PASSWORD_LENGTH || !(await (await check).matches(presented))) {
    return { ok: false, message: 'That password is not right.' };
  }
  await returnRateLimitHit(store, key, now);
  const session = await createAdminSession(store, address, now);
  await writeSignedCookie(ADMIN_COOKIE, session.token, {
    secure: isSecure(config, await headers()),
    maxAgeSeconds: ADMIN_SESSION_HOURS * 3600,
    sameSite: 'strict',
    path: ADMIN_PATH,
  });
  return { ok: true };
}

export async function signOutAdmin(now = new Date()): Promise<void> {
  requireBackOffice();
  checkSameOrigin(await currentRequest());
  const token = verifySignedValue(getAppSecret(), ADMIN_COOKIE, (await cookies()).get(ADMIN_COOKIE)?.value);
  if (token !== null) await revokeAdminSession(await getStore(), token, now);
  await deleteCookie(ADMIN_COOKIE, ADMIN_PATH);
}

/** HTTPS as the browser sees it: on Vercel, behind an https APP_URL, or a proxy that says so. */
function isSecure(config: Config, incoming: Headers): boolean {
  return (
    config.isVercel ||
    config.appUrl?.startsWith('https:') === true ||
    incoming.get('x-forwarded-proto') === 'https'
  );
}
