// The `yaml` library as the node bundles include it: its ES-module build (the package's `default`
// export condition, the same code as its CommonJS build; only its warning path differs, and every
// parse here passes logLevel 'error'). Bundled as ES modules its functions are called directly;
// bundled from CommonJS every `isScalar`/`isMap` call goes through a property getter, which cost
// about a fifth of linting a rendered chart (bench/charts.ts).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const YAML_ESM_ALIAS = { yaml: join(root, 'node_modules', 'yaml', 'browser', 'index.js') };
