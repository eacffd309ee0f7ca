import { Disbursement, DisbursementPayeeAccount } from './disbursement.entity';
import { Project, ProjectFunding } from './project.entity';

/** Entities of the projects feature, listed once for the DataSource. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const PROJECT_ENTITIES: Function[] = [Project, ProjectFunding, Disbursement, DisbursementPayeeAccount];
