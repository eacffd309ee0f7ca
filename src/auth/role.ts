export const ROLES = ['admin', 'finance', 'program', 'township', 'village', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: resolved from the bearer token by the access guard. */
export interface Actor {
  userId: string;
  name: string;
  role: Role;
  regionCode: string;
}
