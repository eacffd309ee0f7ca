import { Disbursement, DisbursementPayeeAccount } from './disbursement.entity';
import { Project, ProjectFunding } from './project.entity';

/** Entities of the projects feature, listed once for the DataSource. */
export const PROJECT_ENTITIES: Function[] = [Project, ProjectFunding, Disbursement, DisbursementPayeeAccount]; // eslint-disable-line @typescript-eslint/no-unsafe-function-type
