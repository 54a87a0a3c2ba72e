import type { FieldErrors, RuleFormValues } from './rule-form';

/** What a back-office form shows after its server action: a message (alert or status), if any. */
export interface ActionState {
  ok: boolean;
  message?: string;
}

/** The rule form's state: its refusals by field and what was typed, so nothing is lost. */
export interface RuleFormState extends ActionState {
  errors?: FieldErrors;
  values?: RuleFormValues;
  /** An automatic rule's JSON as typed. */
  definition?: string;
}
