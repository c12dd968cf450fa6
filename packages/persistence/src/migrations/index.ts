import { InitialSchema1763856000000 } from './1763856000000-initial-schema';

/** In order of application; TypeORM records each in its migrations table. */
export const migrations = [InitialSchema1763856000000];
