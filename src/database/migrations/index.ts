import { Foundation1764000000000 } from './1764000000000-foundation';
import { Journal1764000100000 } from './1764000100000-journal';
import { Funds1764000200000 } from './1764000200000-funds';
import { Households1764000300000 } from './1764000300000-households';
import { Projects1764000400000 } from './1764000400000-projects';
import { Notices1764000500000 } from './1764000500000-notices';
import { Assets1764000600000 } from './1764000600000-assets';
import { PostingFundIndex1764000700000 } from './1764000700000-posting-fund-index';
import { ProjectStepEntries1764001200000 } from './1764001200000-project-step-entries';
import { Performance1764001300000 } from './1764001300000-performance';
import { Witnesses1764001900000 } from './1764001900000-witnesses';
import { RateLimits1764002180000 } from './1764002180000-rate-limits';
import { IdempotencyOwner1764002190000 } from './1764002190000-idempotency-owner';
import { ConsoleSignIn1764003000000 } from './1764003000000-console-sign-in';

/** In order. The app, the CLI and the tests run exactly these. */
export const MIGRATIONS = [
  Foundation1764000000000,
  Journal1764000100000,
  Funds1764000200000,
  Households1764000300000,
  Projects1764000400000,
  Notices1764000500000,
  Assets1764000600000,
  PostingFundIndex1764000700000,
  ProjectStepEntries1764001200000,
  Performance1764001300000,
  Witnesses1764001900000,
  RateLimits1764002180000,
  IdempotencyOwner1764002190000,
  ConsoleSignIn1764003000000,
];
