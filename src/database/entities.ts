import { ASSET_ENTITIES } from '../assets/asset.entities';
import { User } from '../auth/user.entity';
import { ConsoleSession } from '../console/session.entity';
import { IdempotencyRecord } from '../idempotency/idempotency-record.entity';
import { Fund } from '../funds/fund.entity';
import { HOUSEHOLD_ENTITIES } from '../households/household.entity';
import { JOURNAL_ENTITIES } from '../journal/journal.entities';
import { NOTICE_ENTITIES } from '../notices/notice.entities';
import { PROJECT_ENTITIES } from '../projects/project.entities';
import { Region } from '../regions/region.entity';
import { WITNESS_ENTITIES } from '../journal/witnesses/witness.entities';

/** Every entity, listed once so the app, the CLI and the drift check see the same schema. */
export const ENTITIES = [
  Region,
  User,
  ConsoleSession,
  IdempotencyRecord,
  ...JOURNAL_ENTITIES,
  ...WITNESS_ENTITIES,
  Fund,
  ...HOUSEHOLD_ENTITIES,
  ...PROJECT_ENTITIES,
  ...NOTICE_ENTITIES,
  ...ASSET_ENTITIES,
];
