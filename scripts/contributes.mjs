// Writes the `contributes` section of package.json (commands, settings, views, menus).
// Rule ids for the per-rule severity setting come from the rule registry, so the Settings UI lists
// every rule: run `node scripts/contributes.mjs` after adding a rule (a unit test checks it is in sync).
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

const cat = 'Kubernetes Probes';
const cmd = (command, title, icon, extra = {}) => ({ command, title, category: cat, ...(icon ? { icon: `$(${icon})` } : {}), ...extra });
const commands = [
  cmd('kubeProbes.runProbe', 'Run Probe', 'play'),
  cmd('kubeProbes.watchProbe', 'Watch Probe', 'eye'),
  cmd('kubeProbes.stopWatch', 'Stop Watching Probe', 'debug-stop'),
  cmd('kubeProbes.stopAllWatches', 'Stop All Probe Watches', 'debug-stop'),
  cmd('kubeProbes.chooseTarget', 'Choose Probe Target…', 'target'),
  cmd('kubeProbes.simulate', 'Simulate Pod Timeline', 'pulse'),
  cmd('kubeProbes.openLiveTimeline', 'Open Live Pod Timeline', 'pulse'),
  cmd('kubeProbes.lintWorkspace', 'Lint All Manifests in the Workspace', 'checklist'),
  cmd('kubeProbes.showRuleDocs', 'Show Rule Documentation', 'book'),
  cmd('kubeProbes.showOutput', 'Show Output', 'output'),
  cmd('kubeProbes.chooseValuesFiles', 'Choose Helm Values Files…', 'symbol-variable'),
  cmd('kubeProbes.openExample', 'Open Walkthrough Example', 'file-code'),
  cmd('kubeProbes.refreshWorkspaceTree', 'Refresh Workspace Probes', 'refresh'),
  cmd('kubeProbes.goToDefinition', 'Go to Definition', 'go-to-file'),
  cmd('kubeProbes.refreshCluster', 'Refresh Cluster', 'refresh'),
  cmd('kubeProbes.selectContext', 'Switch kubectl Context…', 'server-environment'),
  cmd('kubeProbes.selectNamespace', 'Switch Namespace…', 'symbol-namespace'),
  cmd('kubeProbes.runPodProbe', 'Run Probe Against Pod', 'play'),
  cmd('kubeProbes.openPodTimeline', 'Open Live Timeline', 'pulse'),
  cmd('kubeProbes.stopPortForward', 'Stop Port Forward', 'debug-disconnect'),
  cmd('kubeProbes.stopAllPortForwards', 'Stop All Port Forwards', 'debug-disconnect'),
  cmd('kubeProbes.runPodProbes', 'Run Probes', 'play'),
  // The Workspace Probes tree's item actions: menus pass the tree node, these pass runProbe & co. their arguments.
  cmd('kubeProbes.tree.run', 'Run Probe', 'play'),
  cmd('kubeProbes.tree.watch', 'Watch Probe', 'eye'),
  cmd('kubeProbes.tree.stopWatch', 'Stop Watching Probe', 'debug-stop'),
  cmd('kubeProbes.tree.simulate', 'Simulate Pod Timeline', 'pulse'),
  cmd('kubeProbes.tree.chooseTarget', 'Choose Probe Target…', 'target'),
];

const ruleProps = Object.fromEntries(
  rules.map((r) => [r.id, {
    type: 'string',
    enum: ['off', 'info', 'warning', 'error'],
    default: r.severity,
    markdownDescription: `${r.title} — see \`docs/rules/${r.id}.md\`.`,
  }]),
);

const configuration = {
  title: cat,
  properties: {
    'kubeProbes.lint.enable': { type: 'boolean', default: true, scope: 'resource', markdownDescription: 'Lint probes and lifecycle handlers in Kubernetes manifests as you type.' },
    'kubeProbes.lint.rules': {
      type: 'object', default: {}, scope: 'resource', additionalProperties: false, properties: ruleProps,
      markdownDescription: 'Severity per rule (`off`, `info`, `warning`, `error`). Rules not listed keep their default. Run `kube-probes lint --list-rules` for the list.',
    },
    'kubeProbes.lint.kubernetesVersion': { type: 'string', default: facts.defaults.kubernetesVersion, pattern: '^1\\.\\d+$', scope: 'resource', markdownDescription: 'Kubernetes minor version assumed by version-dependent rules (feature gates), e.g. `1.33`.' },
    'kubeProbes.lint.minLivenessBudgetSeconds': { type: 'number', default: 30, minimum: 0, scope: 'resource', markdownDescription: '`probe/liveness-short-budget-no-startup`: a liveness probe without a startup probe that restarts the container sooner than this (initialDelaySeconds + failureThreshold × periodSeconds) is reported.' },
    'kubeProbes.lint.identicalProbesStrict': { type: 'boolean', default: false, scope: 'resource', markdownDescription: '`probe/identical-liveness-readiness`: use kube-score\'s exact semantics (handler only, timings ignored).' },
    'kubeProbes.lint.portNotDeclaredStrict': { type: 'boolean', default: false, scope: 'resource', markdownDescription: '`probe/port-not-declared`: also warn when the container declares no ports at all (kube-linter\'s behaviour).' },
    'kubeProbes.lint.readinessOnlyWhenSelected': { type: 'boolean', default: false, scope: 'resource', markdownDescription: '`probe/missing-readiness`: only report when a Service in the same file selects the pod (kube-score\'s behaviour).' },
    'kubeProbes.lint.podTemplatePaths': { type: 'object', default: {}, scope: 'resource', additionalProperties: { type: 'string' }, markdownDescription: 'Pod templates of custom resources: kind → dotted path to the pod spec, e.g. `{ "Workflow": "spec.templates.0.podSpec" }`. Kinds with `spec.template.spec.containers` are found without this.' },
    'kubeProbes.lint.schemaRules': { type: 'string', enum: ['auto', 'on', 'off'], default: 'auto', scope: 'resource', enumDescriptions: ['Off where the Red Hat YAML extension already reports YAML syntax and Kubernetes schema problems; on elsewhere.', 'Always report `yaml-syntax` and `schema/*` findings.', 'Never report them.'], markdownDescription: 'Whether to report YAML syntax and schema problems (`yaml-syntax`, `schema/*`) — avoids duplicate messages next to the YAML extension.' },
    'kubeProbes.lint.debounceMs': { type: 'number', default: 200, minimum: 0, maximum: 5000, scope: 'window', markdownDescription: 'Delay after the last keystroke before a manifest is linted again.' },
    'kubeProbes.codeLens.enable': { type: 'boolean', default: true, scope: 'resource', markdownDescription: 'Show "Run probe", "Watch" and "Simulate" above probes and workloads.' },
    'kubeProbes.kubectlPath': { type: 'string', default: '', scope: 'machine', markdownDescription: 'Path to `kubectl`. Empty: found on `PATH`. Machine-scoped: a workspace cannot change it.' },
    'kubeProbes.helm.path': { type: 'string', default: '', scope: 'machine', markdownDescription: 'Path to `helm` (Helm 3 or 4), used to render charts (`helm template`) so their probes are linted where you fix them. Empty: `helm` on `PATH`. Machine-scoped: a workspace cannot change it.' },
    'kubeProbes.helm.valuesFiles': {
      type: 'object', default: {}, scope: 'resource', additionalProperties: { type: 'array', items: { type: 'string' } },
      markdownDescription: 'Values files to render each chart with, as `helm template --values` in order (the last one that sets a key wins; the chart\'s own `values.yaml` is always read first). Keys: the chart folder relative to the workspace folder (`.` for a chart at its root); values: files relative to the chart folder, e.g. `{ "charts/web": ["values-prod.yaml"] }`. Set it from the status bar item shown while a chart\'s file is open.',
    },
    'kubeProbes.containerRuntimePath': { type: 'string', default: '', scope: 'machine', markdownDescription: 'Path to `docker` or `podman` for local-container targets. Empty: `docker`, then `podman`, on `PATH`.' },
    'kubeProbes.run.host': { type: 'string', default: '127.0.0.1', scope: 'resource', markdownDescription: 'Host that probes are sent to on this machine (the kubelet would use the pod IP).' },
    'kubeProbes.run.defaultTarget': { type: 'string', enum: ['ask', 'thisMachine'], default: 'ask', scope: 'resource', enumDescriptions: ['Ask once per workload where its probes run (the prompt also offers "for all workloads in this workspace").', 'Run every workload\'s probes on this machine (`kubeProbes.run.host` and the probe\'s own port) without asking.'], markdownDescription: 'Where Run and Watch send a workload\'s probes when no target was chosen for it. A target chosen with **Choose Probe Target…** always wins.' },
    'kubeProbes.statusBar.enable': { type: 'boolean', default: true, scope: 'window', markdownDescription: 'Show how many probes are failing now (watched and failing, or run in the last 10 minutes and failed with no success since) in the status bar.' },
  },
};

const desktop = '!kubeProbes.browser';
const views = {
  kubeProbes: [
    // Not in the browser (vscode.dev): the browser entry (src/extension/web-extension.ts) lints only.
    { id: 'kubeProbes.workspace', name: 'Workspace Probes', contextualTitle: cat, icon: 'media/kube-probes.svg', when: desktop },
    { id: 'kubeProbes.cluster', name: 'Cluster', contextualTitle: cat, icon: 'media/kube-probes.svg', when: desktop },
    { id: 'kubeProbes.portForwards', name: 'Port Forwards', contextualTitle: cat, icon: 'media/kube-probes.svg', when: desktop },
  ],
};

const viewsWelcome = [
  { view: 'kubeProbes.workspace', contents: 'No Kubernetes manifests with pods found in this workspace.\n[Open Folder](command:vscode.openFolder)\nManifests with a Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob or PodTemplate appear here.', when: 'workbenchState == empty || kubeProbes.workspace.empty' },
  { view: 'kubeProbes.cluster', contents: 'kubectl was not found.\nInstall kubectl, or set its path.\n[Set kubectl Path](command:workbench.action.openSettings?%5B%22kubeProbes.kubectlPath%22%5D)', when: 'kubeProbes.cluster.state == noKubectl' },
  { view: 'kubeProbes.cluster', contents: 'No cluster is reachable with the current kubectl context.\n[Switch Context](command:kubeProbes.selectContext)\n[Retry](command:kubeProbes.refreshCluster)\nLinting, running probes against this machine and simulation work without a cluster.', when: 'kubeProbes.cluster.state == unreachable' },
  { view: 'kubeProbes.cluster', contents: 'kubectl has no contexts configured.\n[Learn how to configure kubectl](https://kubernetes.io/docs/tasks/access-application-cluster/configure-access-multiple-clusters/)', when: 'kubeProbes.cluster.state == noContext' },
  { view: 'kubeProbes.portForwards', contents: 'No port forwards. Running a probe against a pod starts one; it is stopped when no longer used.' },
];

const probeItem = 'viewItem =~ /^probe\\./';
// Hooks (probe.postStart, probe.preStop) run once; only probes can be watched.
const watchableItem = 'viewItem =~ /^probe\\.(liveness|readiness|startup)Probe$/';
const menus = {
  'view/title': [
    { command: 'kubeProbes.refreshWorkspaceTree', when: 'view == kubeProbes.workspace', group: 'navigation' },
    { command: 'kubeProbes.refreshCluster', when: 'view == kubeProbes.cluster', group: 'navigation' },
    { command: 'kubeProbes.selectContext', when: 'view == kubeProbes.cluster', group: 'navigation' },
    { command: 'kubeProbes.selectNamespace', when: 'view == kubeProbes.cluster', group: 'navigation' },
    { command: 'kubeProbes.stopAllPortForwards', when: 'view == kubeProbes.portForwards', group: 'navigation' },
  ],
  'view/item/context': [
    { command: 'kubeProbes.tree.run', when: `view == kubeProbes.workspace && ${probeItem}`, group: 'inline@1' },
    { command: 'kubeProbes.tree.watch', when: `view == kubeProbes.workspace && ${watchableItem}`, group: 'inline@2' },
    { command: 'kubeProbes.tree.stopWatch', when: `view == kubeProbes.workspace && viewItem =~ /watching/`, group: 'inline@2' },
    { command: 'kubeProbes.tree.simulate', when: 'view == kubeProbes.workspace && viewItem =~ /^workload/', group: 'inline@1' },
    { command: 'kubeProbes.goToDefinition', when: 'view == kubeProbes.workspace && viewItem =~ /^(workload|container|probe|problem)/', group: 'inline@9' },
    { command: 'kubeProbes.tree.chooseTarget', when: 'view == kubeProbes.workspace && viewItem =~ /^(workload|probe)/', group: 'target' },
    { command: 'kubeProbes.runPodProbe', when: 'view == kubeProbes.cluster && viewItem =~ /^cluster\\.probe/', group: 'inline@1' },
    { command: 'kubeProbes.openPodTimeline', when: 'view == kubeProbes.cluster && viewItem =~ /^cluster\\.pod/', group: 'inline@1' },
    { command: 'kubeProbes.stopPortForward', when: 'view == kubeProbes.cluster && viewItem =~ /forwarded/', group: 'inline@2' },
    { command: 'kubeProbes.stopPortForward', when: 'view == kubeProbes.portForwards && viewItem == portForward', group: 'inline@1' },
    // The Kubernetes extension's Cluster Explorer (when installed): its pod nodes.
    { command: 'kubeProbes.runPodProbes', when: 'view == extension.vsKubernetesExplorer && viewItem =~ /vsKubernetes\\.resource\\.pod/i', group: '9@1' },
  ],
  commandPalette: [
    { command: 'kubeProbes.runPodProbe', when: 'false' },
    { command: 'kubeProbes.openPodTimeline', when: 'false' },
    { command: 'kubeProbes.stopPortForward', when: 'false' },
    { command: 'kubeProbes.goToDefinition', when: 'false' },
    { command: 'kubeProbes.stopWatch', when: 'false' },
    { command: 'kubeProbes.runPodProbes', when: 'false' },
    ...['run', 'watch', 'stopWatch', 'simulate', 'chooseTarget'].map((c) => ({ command: `kubeProbes.tree.${c}`, when: 'false' })),
  ],
};

// The walkthrough (Help → Welcome): each step completes on the real action — the command a user
// runs, or a context key the extension sets (src/extension/walkthrough.ts, the Cluster view).
const step = (id, title, description, completionEvents, extra = {}) => ({
  id,
  title,
  description,
  media: { markdown: `walkthrough/${id}.md` },
  completionEvents,
  ...extra,
});
const walkthroughs = [
  {
    id: 'start',
    title: 'Get started with Kubernetes Probes',
    description: 'Lint probes as you type, run them against a local app, simulate the pod, and look at a cluster.',
    steps: [
      step('openExample', 'Open an example manifest', 'A Deployment whose app starts slowly, as an untitled copy you can edit.\n[Open Example](command:kubeProbes.openExample)', ['onCommand:kubeProbes.openExample']),
      step('fixFinding', 'See a finding and fix it', 'Hover the squiggle to read why, then apply the quick fix (Ctrl+. / Cmd+.). The step completes when a finding goes away after an edit.\n[Show Problems](command:workbench.actions.view.problems)', ['onContext:kubeProbes.walkthrough.findingFixed']),
      step('runProbe', 'Run a probe against the demo app', 'Start an app on 127.0.0.1:8080 (the repository\'s demo app: node examples/demo-app/server.mjs), then **Run** above a probe.\n[Run Probe](command:kubeProbes.runProbe)', ['onCommand:kubeProbes.runProbe', 'onCommand:kubeProbes.tree.run', 'onCommand:kubeProbes.watchProbe', 'onCommand:kubeProbes.tree.watch'], { when: desktop }),
      step('simulate', 'Simulate the slow start', 'The example\'s app needs 60 s to start; its liveness probe kills it first. See the crash loop on the Pod Timeline, then add a startup probe.\n[Simulate Pod Timeline](command:kubeProbes.simulate)', ['onCommand:kubeProbes.simulate', 'onCommand:kubeProbes.tree.simulate'], { when: desktop }),
      step('connectCluster', 'Connect a cluster', 'The Cluster view lists the pods of your current kubectl context with their probes; run a probe against a pod through a port-forward.\n[Open the Cluster View](command:kubeProbes.cluster.focus)', ['onContext:kubeProbes.cluster.state == ready'], { when: desktop }),
    ],
  },
];

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
pkg.contributes = {
  commands,
  configuration,
  viewsContainers: { activitybar: [{ id: 'kubeProbes', title: cat, icon: 'media/kube-probes.svg' }] },
  views,
  viewsWelcome,
  menus,
  walkthroughs,
};
writeFileSync('package.json', JSON.stringify(pkg, null, 2) + '\n');
console.log(`contributes written: ${commands.length} commands, ${rules.length} rules`);

// The README's rule table, between <!-- rules:start --> and <!-- rules:end -->.
const readme = readFileSync('README.md', 'utf8');
const table = [
  '| rule | default | what it finds |',
  '|---|---|---|',
  ...rules.map((r) => `| [\`${r.id}\`](docs/rules/${r.id}.md) | ${r.severity} | ${r.title.replace(/\|/g, '\\|')} |`),
].join('\n');
const updated = readme.replace(/<!-- rules:start -->[\s\S]*<!-- rules:end -->/, `<!-- rules:start -->\n${table}\n<!-- rules:end -->`);
if (updated !== readme) writeFileSync('README.md', updated);
