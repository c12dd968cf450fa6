import { setUpTestDatabase } from '@hush/persistence/testing';

export default setUpTestDatabase;
