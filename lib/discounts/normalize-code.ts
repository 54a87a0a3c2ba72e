/** Codes match case-insensitively after trimming: "  save20 " is SAVE20, and refusals quote it so. */
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}
