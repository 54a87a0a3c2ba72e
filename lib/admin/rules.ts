import 'server-only';
import { randomBytes } from 'node:crypto';
import {
  activeRulesWith,
  endRule,
  insertRule,
  listStoredRules,
  lockStoredRule,
  type StoredRule,
  serializeRuleChanges,
  setRuleActive,
  updateRuleDefinition,
} from '@/lib/checkout/discount-rules';
import { countUsageByRule, type RuleUsage } from '@/lib/checkout/redemptions';
import { parseRules, type Rule, ruleSchema } from '@/lib/discounts';
import { AppError } from '@/lib/errors';
import type { Queryable, Store } from '@/lib/store/types';
import { type AdminActor, recordAdminChange } from './audit-log';
import { type FieldErrors, type RuleFormValues, ruleFromForm } from './rule-form';

/**
 * The back office's discount-rule use cases. Rules are written through their table's owner
 * (lib/checkout/discount-rules.ts) and counted through lib/checkout/redemptions.ts; every change is
 * recorded in the audit log in the same transaction. Checkouts load the active rules from the
 * table on every recompute, so a change here applies to the next recompute of every open checkout.
 */

export interface AdminRule {
  id: string;
  /** Null when the stored definition no longer passes the schema (shown, never offered). */
  rule: Rule | null;
  status: StoredRule['status'];
  usage: RuleUsage;
  updatedAt: Date;
}

const NO_USAGE: RuleUsage = { reserved: 0, redeemed: 0 };

function toAdminRule(stored: StoredRule, usage: RuleUsage | undefined): AdminRule {
  const parsed = ruleSchema.safeParse(stored.definition);
  return {
    id: stored.id,
    rule: parsed.success ? parsed.data : null,
    status: stored.status,
    usage: usage ?? NO_USAGE,
    updatedAt: stored.updatedAt,
  };
}

export async function listAdminRules(db: Queryable): Promise<AdminRule[]> {
  const [stored, usage] = await Promise.all([listStoredRules(db), countUsageByRule(db)]);
  return stored.map((rule) => toAdminRule(rule, usage.get(rule.id)));
}

export async function findAdminRule(db: Queryable, id: string): Promise<AdminRule | null> {
  const stored = (await listStoredRules(db)).find((rule) => rule.id === id);
  if (stored === undefined) return null;
  return toAdminRule(stored, (await countUsageByRule(db, id)).get(id));
}

export type SaveRuleOutcome = { ok: true; ruleId: string } | { ok: false; errors: FieldErrors };

/**
 * Creates (`ruleId` null) or edits a promotion code from the form. Refused, with the reason on its
 * field: anything the schema refuses, a code another active rule has, a limit below the
 * reservations and redemptions the rule already has, a rule that has ended.
 */
export async function saveRule(
  store: Store,
  actor: AdminActor,
  ruleId: string | null,
  values: RuleFormValues,
): Promise<SaveRuleOutcome> {
  return store.transaction(async (tx) => {
    await serializeRuleChanges(tx);
    const stored = ruleId === null ? null : await lockStoredRule(tx, ruleId);
    if (ruleId !== null && stored === null) throw new AppError('not_found', 'There is no such rule.');
    const before = stored === null ? null : ruleSchema.safeParse(stored.definition);
    if (before !== null && (!before.success || before.data.kind !== 'promotion_code')) {
      return refused({
        form: 'Only promotion codes are edited here; this rule can be paused, resumed or ended.',
      });
    }
    if (stored?.status === 'ended')
      return refused({ form: 'This rule has ended; it can no longer be changed.' });
    const id = ruleId ?? `code_${randomBytes(6).toString('hex')}`;
    const built = ruleFromForm(values, id, before?.data.kind === 'promotion_code' ? before.data : {});
    if (!built.ok) return built;
    const { rule } = built;
    const usage = (await countUsageByRule(tx, id)).get(id) ?? NO_USAGE;
    const used = usage.reserved + usage.redeemed;
    if (rule.maxRedemptions !== undefined && rule.maxRedemptions < used) {
      return refused({
        limit: `The limit cannot be below the ${used} ${used === 1 ? 'use' : 'uses'} already reserved or redeemed.`,
      });
    }
    return writeRule(tx, actor, stored, rule, 'code');
  });
}

/** An automatic rule's definition as the form edits it: the rule's JSON without its id. */
export function automaticDefinitionText(rule: Rule): string {
  const { id: _id, ...definition } = rule;
  return JSON.stringify(definition, null, 2);
}

/**
 * Creates (`ruleId` null) or edits an automatic rule (threshold, loyalty tiers, time window,
 * shipping country, customer offer) from its JSON definition, validated by the engine's schema;
 * every refusal is reported on the one field, by its path in the definition.
 */
export async function saveAutomaticRule(
  store: Store,
  actor: AdminActor,
  ruleId: string | null,
  text: string,
): Promise<SaveRuleOutcome> {
  const definition = parseDefinition(text);
  if (typeof definition === 'string') return refused({ definition });
  return store.transaction(async (tx) => {
    await serializeRuleChanges(tx);
    const stored = ruleId === null ? null : await lockStoredRule(tx, ruleId);
    if (ruleId !== null && stored === null) throw new AppError('not_found', 'There is no such rule.');
    if (stored?.status === 'ended')
      return refused({ form: 'This rule has ended; it can no longer be changed.' });
    const id = ruleId ?? `auto_${randomBytes(6).toString('hex')}`;
    const parsed = ruleSchema.safeParse({ ...definition, id });
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || 'rule'}: ${issue.message}`,
      );
      return refused({ definition: problems.join('; ') });
    }
    const rule = parsed.data;
    if (rule.kind === 'promotion_code')
      return refused({ definition: 'Promotion codes have their own form.' });
    const before = stored === null ? null : ruleSchema.safeParse(stored.definition);
    if (before?.success && before.data.kind === 'promotion_code') {
      return refused({ definition: 'A promotion code stays a promotion code.' });
    }
    return writeRule(tx, actor, stored, rule, 'definition');
  });
}

function parseDefinition(text: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `Enter the rule as JSON (${error instanceof Error ? error.message : 'not JSON'}).`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'Enter the rule as a JSON object, e.g. {"kind": "location", ...}.';
  }
  return value as Record<string, unknown>;
}

export type RuleStatusChange = 'pause' | 'resume' | 'end';
export type StatusOutcome = { ok: true } | { ok: false; message: string };

export async function changeRuleStatus(
  store: Store,
  actor: AdminActor,
  ruleId: string,
  change: RuleStatusChange,
  now: Date,
): Promise<StatusOutcome> {
  return store.transaction(async (tx) => {
    await serializeRuleChanges(tx);
    const stored = await lockStoredRule(tx, ruleId);
    if (stored === null) throw new AppError('not_found', 'There is no such rule.');
    if (stored.status === 'ended')
      return { ok: false, message: 'This rule has ended; it can no longer be changed.' };
    if (change === 'resume') {
      const parsed = ruleSchema.safeParse(stored.definition);
      if (!parsed.success)
        return { ok: false, message: 'This rule is not valid any more, so it cannot be resumed.' };
      const clash = await checkActiveRules(tx, parsed.data, ruleId);
      if (clash !== null) return { ok: false, message: clash };
    }
    if (change === 'end') await endRule(tx, ruleId, now);
    else await setRuleActive(tx, ruleId, change === 'resume');
    const after = { pause: 'paused', resume: 'active', end: 'ended' }[change];
    await recordAdminChange(tx, actor, {
      action: `rule.${change}`,
      subjectId: ruleId,
      before: { status: stored.status },
      after: { status: after },
    });
    return { ok: true };
  });
}

/**
 * The engine loads the active rules together and refuses the whole set when two share a code, so
 * a change is checked against them with the same function (parseRules) before it is written.
 */
async function checkActiveRules(tx: Queryable, rule: Rule, id: string): Promise<string | null> {
  try {
    parseRules(await activeRulesWith(tx, rule, id));
    return null;
  } catch (error) {
    const duplicate = /Duplicate promotion code "([^"]+)"/.exec(
      String(error instanceof Error ? error.message : ''),
    );
    if (duplicate !== null) return `Another active rule already has the code ${duplicate[1]}.`;
    throw error;
  }
}

/**
 * Writes a validated rule, new (`stored` null) or edited, and records the change in the audit log;
 * an active rule that would clash with another active one (the same code) is refused on `field`.
 */
async function writeRule(
  tx: Queryable,
  actor: AdminActor,
  stored: { status: string; definition: unknown } | null,
  rule: Rule,
  field: 'code' | 'definition',
): Promise<SaveRuleOutcome> {
  if (stored === null || stored.status === 'active') {
    const clash = await checkActiveRules(tx, rule, rule.id);
    if (clash !== null) return refused({ [field]: clash });
  }
  if (stored === null) await insertRule(tx, rule);
  else await updateRuleDefinition(tx, rule);
  await recordAdminChange(tx, actor, {
    action: stored === null ? 'rule.create' : 'rule.update',
    subjectId: rule.id,
    before: stored?.definition ?? null,
    after: rule,
  });
  return { ok: true, ruleId: rule.id };
}

function refused(errors: FieldErrors): { ok: false; errors: FieldErrors } {
  return { ok: false, errors };
}
