import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const frameworkImports = [
  '@nestjs/*', 'typeorm', 'typeorm/*', 'pg', 'pg-*', 'express', 'class-validator', 'class-transformer',
  '@electric-sql/*', 'node:*', 'fs', 'path', 'crypto', 'os', 'child_process', 'http', 'net',
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // The domain is reused by other services: it must not reach a framework, the ORM, Node or the environment.
    files: ['packages/domain/src/**/*.ts'],
    ignores: ['packages/domain/src/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: frameworkImports, message: 'The domain is framework-free.' }] }],
      'no-restricted-globals': ['error', { name: 'process', message: 'The domain never reads process or process.env.' }],
      'no-restricted-syntax': ['error', { selector: 'Decorator', message: 'No decorators in the domain.' }],
    },
  },
);
