// workload/no-prestop-behind-service — kuberuntime_container.go killContainer (preStop, then SIGTERM)
// against the EndpointSlice controller's terminating endpoints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../helpers';

const RULE = 'workload/no-prestop-behind-service';
const SERVICE = `apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: 8080 }]
---
`;
const deploy = (container: string, kind = 'Deployment') => `apiVersion: apps/v1
kind: ${kind}
metadata: { name: web }
spec:
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: web
          ports: [{ containerPort: 8080 }]
${container}`;

test('a selected container without preStop, or with a shorter sleep, is flagged on its name', () => {
  const seen = check(SERVICE + deploy(''), RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at, s.severity]), [['web', '16:17-16:20', 'info']]);
  assert.equal(seen[0].message, 'Container "web" behind Service "web" has no preStop hook: on deletion SIGTERM comes before load balancers drop its endpoint (about 2 s), so clients may see refused connections during rollouts. Add a preStop sleep of a few seconds, unless the app keeps serving after SIGTERM.');
  const short = check(SERVICE + deploy('          lifecycle: { preStop: { exec: { command: [sleep, "1"] } } }\n'), RULE);
  assert.match(short[0].message, /has a preStop hook that waits only 1 s/);
});

test('near misses: a long enough preStop, no Service selecting it, a Job', () => {
  assert.deepEqual(check(SERVICE + deploy('          lifecycle: { preStop: { sleep: { seconds: 5 } } }\n'), RULE), []);
  assert.deepEqual(check(deploy(''), RULE), []);
  assert.deepEqual(check(SERVICE.replace('app: web', 'app: other') + deploy(''), RULE), []);
  const job = `apiVersion: batch/v1\nkind: Job\nmetadata: { name: web }\nspec:\n  template:\n    metadata: { labels: { app: web } }\n    spec:\n      containers: [{ name: web, image: web, ports: [{ containerPort: 8080 }] }]\n`;
  assert.deepEqual(check(SERVICE + job, RULE), []);
});
