import type { StatementPart } from './types';

/**
 * Several owners' writes on one host statement: each part numbers its parameters after the one
 * before it, and all run only when the host's `guard` returned a row. No parts, no common table
 * expressions (`ctes` is empty).
 */
export function renderStatementParts(
  parts: readonly StatementPart[],
  host: { guard: string; firstParam: number },
): { ctes: string; params: unknown[] } {
  const ctes: string[] = [];
  const params: unknown[] = [];
  for (const part of parts) {
    const rendered = part({ guard: host.guard, firstParam: host.firstParam + params.length });
    ctes.push(rendered.ctes);
    params.push(...rendered.params);
  }
  return { ctes: ctes.join(',\n'), params };
}
