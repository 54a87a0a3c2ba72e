import type { JsonObject } from './json';
import type { RouteAuth } from './route';

interface LoggedRequest {
  method: string;
  path: string;
  auth: RouteAuth;
}

// Enough for any test's window; old entries fall off so a long-running instance stays small.
const MAX_ENTRIES = 10_000;

/**
 * The API requests this instance answered (test controls excluded), so a test can prove that an
 * action made no Stripe call, or exactly one. In memory only, like the fault injector.
 */
export class RequestLog {
  private entries: LoggedRequest[] = [];
  private total = 0;

  record(entry: LoggedRequest): void {
    this.total += 1;
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries = this.entries.slice(-MAX_ENTRIES);
  }

  /** Requests so far matching the filter; `path` is matched as a prefix or a regex, like faults. */
  count(filter: {
    path?: string | undefined;
    method?: string | undefined;
    auth?: RouteAuth | undefined;
  }): number {
    if (filter.path === undefined && filter.method === undefined && filter.auth === undefined)
      return this.total;
    const regex = filter.path === undefined ? null : compile(filter.path);
    return this.entries.filter(
      (entry) =>
        (filter.method === undefined || entry.method === filter.method.toUpperCase()) &&
        (filter.auth === undefined || entry.auth === filter.auth) &&
        (filter.path === undefined ||
          entry.path.startsWith(filter.path) ||
          (regex?.test(entry.path) ?? false)),
    ).length;
  }
}

function compile(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern);
  } catch {
    return null;
  }
}

export function renderRequestCount(count: number): JsonObject {
  return { object: 'test_helpers.request_count', count };
}
