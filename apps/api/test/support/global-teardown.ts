import { tearDownTestDatabase } from '@hush/persistence/testing';

export default tearDownTestDatabase;
