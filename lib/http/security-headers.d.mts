export interface SecurityMode {
  realStripe: boolean;
  https: boolean;
}
export function securityHeaders(mode: SecurityMode): { key: string; value: string }[];
export function securityModeFromEnv(env: Record<string, string | undefined>): SecurityMode;
