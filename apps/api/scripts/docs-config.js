// npm run docs:config: writes docs/operate/configuration.md from the built config module (run after the build).
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { renderConfigurationPage } = require('../dist/config/configuration-page');

const page = join(__dirname, '..', '..', '..', 'docs', 'operate', 'configuration.md');
writeFileSync(page, renderConfigurationPage());
process.stdout.write(`wrote ${page}\n`);
