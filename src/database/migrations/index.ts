import { Foundation1764000000000 } from './1764000000000-foundation';

/** In order. The app, the CLI and the tests run exactly these. */
export const MIGRATIONS = [Foundation1764000000000];
