/** The master key every test server and test app runs with; not a secret. */
export const TEST_MASTER_KEY = 'master key for the end-to-end tests only and not secret';
