'use client';

import { useActionState } from 'react';
import type { RuleFormValues, RuleTextField } from '@/lib/admin/rule-form';
import type { RuleFormState } from '@/lib/admin/types';
import { FormMessage } from './form-message';

interface TextFieldSpec {
  name: RuleTextField;
  label: string;
  hint?: string;
  inputMode?: 'decimal' | 'numeric';
}

const VALUE_FIELDS: TextFieldSpec[] = [
  {
    name: 'percentOff',
    label: 'Percent off',
    inputMode: 'decimal',
    hint: 'Or an amount off below, not both.',
  },
  { name: 'amountOffUsd', label: 'Amount off (USD)', inputMode: 'decimal' },
  { name: 'amountOffJpy', label: 'Amount off (JPY)', inputMode: 'numeric' },
];

const CONDITION_FIELDS: TextFieldSpec[] = [
  {
    name: 'minimumUsd',
    label: 'Minimum subtotal (USD)',
    inputMode: 'decimal',
    hint: 'With a minimum or an amount in one currency only, the code is not offered in the other.',
  },
  { name: 'minimumJpy', label: 'Minimum subtotal (JPY)', inputMode: 'numeric' },
  { name: 'limit', label: 'Redemption limit', inputMode: 'numeric', hint: 'Empty: no limit.' },
  { name: 'limitPerCustomer', label: 'Limit per customer', inputMode: 'numeric' },
  { name: 'startsAt', label: 'Starts', hint: 'UTC, e.g. 2026-12-31T23:59. Empty: from now.' },
  { name: 'endsAt', label: 'Ends', hint: 'UTC, e.g. 2027-01-31T23:59. Empty: no end.' },
];

function TextField({
  spec,
  state,
}: {
  spec: TextFieldSpec;
  state: { values: RuleFormValues; errors: RuleFormState['errors'] };
}) {
  const id = `rule-${spec.name}`;
  const error = state.errors?.[spec.name];
  const describedBy = [
    error === undefined ? null : `${id}-error`,
    spec.hint === undefined ? null : `${id}-hint`,
  ]
    .filter((part) => part !== null)
    .join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{spec.label}</label>
      <input
        id={id}
        name={spec.name}
        type="text"
        inputMode={spec.inputMode}
        defaultValue={state.values[spec.name]}
        aria-invalid={error === undefined ? undefined : true}
        aria-describedby={describedBy === '' ? undefined : describedBy}
      />
      {spec.hint !== undefined && (
        <span id={`${id}-hint`} className="muted">
          {spec.hint}
        </span>
      )}
      {error !== undefined && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

/**
 * Create or edit a promotion code. Labels are DESIGN.md's back-office contract. The server action
 * validates with the engine's rule schema and sends back each refusal for its field.
 */
export function RuleForm({
  action,
  ruleId,
  initial,
  customers,
}: {
  action: (state: RuleFormState, form: FormData) => Promise<RuleFormState>;
  ruleId: string | null;
  initial: RuleFormValues;
  customers: readonly { id: string; name: string }[];
}) {
  const [state, formAction, pending] = useActionState(action, { ok: true });
  const shown = { values: state.values ?? initial, errors: state.errors };
  const checkbox = (name: 'firstOrderOnly' | 'exclusive', label: string) => (
    <div className="checkbox">
      <input id={`rule-${name}`} name={name} type="checkbox" defaultChecked={shown.values[name]} />
      <label htmlFor={`rule-${name}`}>{label}</label>
    </div>
  );
  // A refused save re-renders the fields with what was typed: the key remounts them.
  const version = state.values === undefined ? 'initial' : JSON.stringify(state.values);
  return (
    <form action={formAction} className="card admin-form" key={version}>
      <FormMessage state={state.ok ? null : state} />
      <input type="hidden" name="ruleId" value={ruleId ?? ''} />
      <TextField
        spec={{ name: 'code', label: 'Code', hint: 'Shoppers type it; matched without regard to case.' }}
        state={shown}
      />
      <TextField
        spec={{ name: 'name', label: 'Name', hint: 'Shown on the order summary. Empty: the code.' }}
        state={shown}
      />
      <fieldset>
        <legend>What it gives</legend>
        {VALUE_FIELDS.map((spec) => (
          <TextField key={spec.name} spec={spec} state={shown} />
        ))}
      </fieldset>
      <fieldset>
        <legend>Conditions</legend>
        {CONDITION_FIELDS.map((spec) => (
          <TextField key={spec.name} spec={spec} state={shown} />
        ))}
        {checkbox('firstOrderOnly', 'First order only')}
        {checkbox('exclusive', 'Exclusive (not combined with automatic discounts)')}
        <fieldset
          aria-describedby={shown.errors?.customers === undefined ? undefined : 'rule-customers-error'}
        >
          <legend>Only for these customers (none ticked: everyone)</legend>
          {customers.map((customer) => (
            <div className="checkbox" key={customer.id}>
              <input
                id={`rule-customer-${customer.id}`}
                name="customers"
                type="checkbox"
                value={customer.id}
                defaultChecked={shown.values.customers.includes(customer.id)}
              />
              <label htmlFor={`rule-customer-${customer.id}`}>{customer.name}</label>
            </div>
          ))}
          {shown.errors?.customers !== undefined && (
            <span id="rule-customers-error" className="field-error">
              {shown.errors.customers}
            </span>
          )}
        </fieldset>
      </fieldset>
      {shown.errors?.form !== undefined && (
        <p className="field-error" id="rule-form-error">
          {shown.errors.form}
        </p>
      )}
      <button type="submit" disabled={pending}>
        Save
      </button>
    </form>
  );
}
