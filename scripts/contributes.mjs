// Writes what package.json, the README and the rule docs derive from the rule registry: the
// per-rule severity setting (kubeProbes.lint.rules), the kubernetesVersion default, the README's
// rule table and each docs/rules page's header. Everything else under `contributes` (commands,
// settings, views, menus, walkthroughs) is written by hand in package.json, its one source.
// Run `node scripts/contributes.mjs` after adding or changing a rule (unit tests check it is in sync).
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

// Rules, their docs headers and the shared defaults come from the TypeScript sources (through tsx).
const facts = JSON.parse(
  spawnSync(process.execPath, ['--import', 'tsx', '-e', [
    "const {ALL_RULES}=require('./src/core/lint/rules');",
    "const {withRuleDocHeader}=require('./src/core/lint/rule-docs');",
    "const D=require('./src/core/defaults');",
    "const fs=require('node:fs');",
    "const docs={};",
    "for (const r of ALL_RULES) { const p='docs/rules/'+r.id+'.md'; if (fs.existsSync(p)) docs[p]=withRuleDocHeader(fs.readFileSync(p,'utf8'), r); }",
    "console.log(JSON.stringify({rules:ALL_RULES.map(r=>({id:r.id,severity:r.defaultSeverity,title:r.title})),docs,defaults:{kubernetesVersion:D.DEFAULT_KUBERNETES_VERSION}}))",
  ].join('\n')],
  { encoding: 'utf8' }).stdout,
);
const rules = facts.rules;
let pages = 0;
for (const [path, text] of Object.entries(facts.docs)) {
  if (readFileSync(path, 'utf8') !== text) {
    writeFileSync(path, text);
    pages++;
  }
}
if (pages) console.log(`rule docs headers regenerated: ${pages} pages`);

const ruleProps = Object.fromEntries(
  rules.map((r) => [r.id, {
    type: 'string',
    enum: ['off', 'info', 'warning', 'error'],
    default: r.severity,
    markdownDescription: `${r.title} — see \`docs/rules/${r.id}.md\`.`,
  }]),
);

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const props = pkg.contributes.configuration.properties;
props['kubeProbes.lint.rules'].properties = ruleProps;
props['kubeProbes.lint.kubernetesVersion'].default = facts.defaults.kubernetesVersion;
writeFileSync('package.json', JSON.stringify(pkg, null, 2) + '\n');
console.log(`package.json: ${rules.length} rules in kubeProbes.lint.rules`);

// The README's rule table, between <!-- rules:start --> and <!-- rules:end -->.
const readme = readFileSync('README.md', 'utf8');
const table = [
  '| rule | default | what it finds |',
  '|---|---|---|',
  ...rules.map((r) => `| [\`${r.id}\`](docs/rules/${r.id}.md) | ${r.severity} | ${r.title.replace(/\|/g, '\\|')} |`),
].join('\n');
const updated = readme.replace(/<!-- rules:start -->[\s\S]*<!-- rules:end -->/, `<!-- rules:start -->\n${table}\n<!-- rules:end -->`);
if (updated !== readme) writeFileSync('README.md', updated);
