// Shared jest settings: swc compiles TypeScript and the ESM-only @nestjs packages to CommonJS.
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j|mj|cj)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // openid-client and oidc-provider (sign-in) are ESM too, with their ESM dependencies oauth4webapi and jose.
  transformIgnorePatterns: ['/node_modules/(?!(?:@nestjs|openid-client|oauth4webapi|jose|oidc-provider)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
};
