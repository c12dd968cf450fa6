import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppConfig, loadConfig } from './app-config';

/** The one place that reads process.env: a `.env` file in the working directory fills in what is unset. */
export function configFromEnvironment(): AppConfig {
  const dotenv = resolve('.env');
  if (existsSync(dotenv)) process.loadEnvFile(dotenv);
  return loadConfig(process.env);
}
