/** Tables of the assets feature, listed in src/database/entities.ts. */
export const ASSET_ENTITIES: (new () => object)[] = [];
