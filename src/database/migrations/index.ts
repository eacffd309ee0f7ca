import { Foundation1764000000000 } from './1764000000000-foundation';
import { Journal1764000100000 } from './1764000100000-journal';

/** In order. The app, the CLI and the tests run exactly these. */
export const MIGRATIONS = [Foundation1764000000000, Journal1764000100000];
