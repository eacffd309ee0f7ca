import { Roles } from '../auth/access.decorators';
import type { Role } from '../auth/role';

/** The audit bureau reads everything in its region; finance and program offices read the same views for theirs. */
export const AUDIT_READERS: Role[] = ['auditor', 'finance', 'program'];

export const AuditReader = () => Roles(...AUDIT_READERS);
