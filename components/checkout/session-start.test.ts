import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createdSessionSchema, errorEnvelopeSchema } from '@/lib/checkout/contract';
import { parseCreatedSession, parseErrorEnvelope } from './session-start';

const verdict = (schema: typeof createdSessionSchema | typeof errorEnvelopeSchema, value: unknown) => {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
};

const text = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.anything());
const nearSession = fc.record({ id: text, reference: text, extra: fc.anything() }, { requiredKeys: [] });
const nearEnvelope = fc.oneof(
  fc.record(
    { error: fc.oneof(fc.record({ code: text, message: text, extra: text }, { requiredKeys: [] }), text) },
    { requiredKeys: [] },
  ),
  fc.anything(),
);

describe("the storefront's hand-written answer checks agree with the routes' schemas", () => {
  it('parseCreatedSession = createdSessionSchema', () => {
    fc.assert(
      fc.property(fc.oneof(nearSession, fc.anything()), (value) => {
        expect(parseCreatedSession(value)).toEqual(verdict(createdSessionSchema, value));
      }),
      { numRuns: 2000 },
    );
  });

  it('parseErrorEnvelope = errorEnvelopeSchema', () => {
    fc.assert(
      fc.property(nearEnvelope, (value) => {
        expect(parseErrorEnvelope(value)).toEqual(verdict(errorEnvelopeSchema, value));
      }),
      { numRuns: 2000 },
    );
  });

  it('each accepts its answer and refuses the other', () => {
    const session = { id: 'cs_test_1', reference: 'R-1' };
    const envelope = { error: { code: 'rate_limited', message: 'Too many checkouts.' } };
    expect(parseCreatedSession(session)).toEqual(session);
    expect(parseCreatedSession(envelope)).toBeNull();
    expect(parseErrorEnvelope(envelope)).toEqual(envelope);
    expect(parseErrorEnvelope(session)).toBeNull();
  });
});
