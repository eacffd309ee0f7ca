/** Entities of the projects feature, listed once for the DataSource. */
export const PROJECT_ENTITIES: Function[] = []; // eslint-disable-line @typescript-eslint/no-unsafe-function-type
