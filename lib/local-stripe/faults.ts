import { newId } from './ids';
import type { JsonObject } from './json';

export type FaultKind = 'server_error' | 'rate_limit' | 'lock_timeout' | 'timeout';

export interface Fault {
  id: string;
  path: string;
  method: string | null;
  kind: FaultKind;
  remaining: number;
  delayMs: number;
  /**
   * For `timeout`: whether the request still runs behind the delay (the default: the change lands
   * though the client gave up, the usual unknown outcome) or is lost before reaching the API.
   */
  execute: boolean;
}

/** How long a `timeout` fault holds its answer by default: well past any sensible client timeout. */
export const DEFAULT_TIMEOUT_DELAY_MS = 30_000;

function compile(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern);
  } catch {
    return null;
  }
}

/** Which requests a fault hits and how; see Fault for each field. */
export interface FaultRequest {
  path: string;
  method?: string;
  count: number;
  kind: FaultKind;
  delayMs?: number;
  /** For `timeout`: false loses the request (never applied); default true applies it, answered late. */
  execute?: boolean;
}

/**
 * Faults injected by tests into the next N matching requests. In memory only: a fault is a
 * test's arrangement, not state worth surviving a restart.
 */
export class FaultInjector {
  private faults: Array<Fault & { regex: RegExp | null }> = [];

  add(input: FaultRequest): Fault {
    const fault = {
      id: newId.fault(),
      path: input.path,
      method: input.method?.toUpperCase() ?? null,
      kind: input.kind,
      remaining: input.count,
      delayMs: input.delayMs ?? (input.kind === 'timeout' ? DEFAULT_TIMEOUT_DELAY_MS : 0),
      execute: input.execute ?? true,
      regex: compile(input.path),
    };
    this.faults.push(fault);
    return fault;
  }

  clear(): number {
    const count = this.faults.length;
    this.faults = [];
    return count;
  }

  /** The fault for this request, consuming one of its uses; `path` is matched as a prefix or a regex. */
  take(method: string, pathname: string): Fault | undefined {
    const fault = this.faults.find(
      (candidate) =>
        (candidate.method === null || candidate.method === method) &&
        (pathname.startsWith(candidate.path) || (candidate.regex?.test(pathname) ?? false)),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
    return fault;
  }
}

export function renderFault(fault: Fault): JsonObject {
  return {
    id: fault.id,
    object: 'test_helpers.fault',
    path: fault.path,
    method: fault.method,
    kind: fault.kind,
    remaining: fault.remaining,
    delay_ms: fault.delayMs,
    execute: fault.execute,
  };
}
