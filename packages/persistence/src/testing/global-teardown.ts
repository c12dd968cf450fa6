import { tearDownTestDatabase } from './test-database';

export default tearDownTestDatabase;
