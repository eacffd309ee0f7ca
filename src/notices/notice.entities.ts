/** Tables of the notices feature, listed in src/database/entities.ts. */
export const NOTICE_ENTITIES: (new () => object)[] = [];
