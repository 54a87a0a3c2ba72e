import 'server-only';
import type { Shopper } from '@/lib/checkout/shopper';
import type { Config } from '@/lib/config';
import { getConfig } from '@/lib/config';
import { AppError } from '@/lib/errors';
import type { Queryable } from '@/lib/store';
import { clientAddress } from './client-address';
import { applyRateLimitRules, type RateLimitCheck, rateLimited } from './rate-limit';

export interface RateLimitRule {
  /** The counter's key prefix: `{name}:{what it is per}`. */
  name: string;
  /**
   * What one budget belongs to: the client's address, the session (the `id` param), or the session
   * and the browser (so someone else who knows a session id cannot use up its owner's allowance).
   */
  per: 'clientAddress' | 'session' | 'sessionAndBrowser';
  limit: (limits: Config['rateLimits']) => number;
  windowSeconds: number;
  /**
   * 'refusals': only answers whose status is 422 (a business rule refused) use the budget; every
   * request is still refused with 429 once it is spent.
   */
  countOnly?: 'refusals';
}

/** What a rule's key can be made of. */
export interface LimitSubject {
  store: Queryable;
  request: Request;
  params: unknown;
  shopper: Shopper | undefined;
}

/**
 * Applies route()'s `rateLimit` rules before the handler runs (429 when one is spent) and returns
 * what to do with the handler's failure: refusal-only rules count an error whose status is 422,
 * which the error's own code decides (lib/errors), so no route catches anything to count it. All the
 * rules are one statement (applyRateLimitRules), and so is counting a refusal: each statement is a
 * round trip and the app's CPU, and applying a promotion code has three rules.
 */
export async function applyRateLimits(
  rules: readonly RateLimitRule[],
  subject: LimitSubject,
): Promise<(failure: unknown) => Promise<void>> {
  const limits = getConfig().rateLimits;
  const checks: RateLimitCheck[] = rules.map((rule) => ({
    key: `${rule.name}:${keyPart(rule, subject)}`,
    limit: rule.limit(limits),
    windowSeconds: rule.windowSeconds,
    peek: rule.countOnly === 'refusals',
  }));
  const results = await applyRateLimitRules(subject.store, checks, new Date());
  // Applied in the rules' order up to the first spent one, which decides the answer.
  const spent = results.find((result) => result !== undefined && !result.allowed);
  if (spent !== undefined) throw rateLimited(spent.retryAfterSeconds);
  const refusalChecks = checks.filter((check) => check.peek).map((check) => ({ ...check, peek: false }));
  return async (failure) => {
    if (refusalChecks.length === 0 || !(failure instanceof AppError) || failure.status !== 422) return;
    await applyRateLimitRules(subject.store, refusalChecks, new Date());
  };
}

function keyPart(rule: RateLimitRule, subject: LimitSubject): string {
  if (rule.per === 'clientAddress') return clientAddress(subject.request, getConfig().clientAddress);
  const params = subject.params as { id?: unknown } | undefined;
  if (typeof params?.id !== 'string') throw new Error(`Rate limit ${rule.name} needs an id param`);
  if (rule.per === 'session') return params.id;
  if (subject.shopper === undefined) throw new Error(`Rate limit ${rule.name} needs caller 'shopper'`);
  return `${params.id}:${subject.shopper.browserId}`;
}
