import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../helpers';

const RULE = 'probe/in-batch-workload';

const job = (container: string, extra = '') => `apiVersion: batch/v1
kind: Job
metadata: { name: migrate }
spec:
  template:
    spec:
      restartPolicy: Never
${extra}      containers:
        - name: migrate
${container}`;

test('flags probes of a Job container on the probe key, with what each probe does there', () => {
  const yaml = job(`          readinessProbe:
            exec: { command: [true] }
          livenessProbe:
            exec: { command: [true] }
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [
    ['readinessProbe', '10:11-10:25'],
    ['livenessProbe', '12:11-12:24'],
  ]);
  assert.equal(seen[0].severity, 'info');
  assert.equal(
    seen[0].message,
    'Job pod has a readinessProbe: readiness has no effect on a Job: completion depends on exit codes, and Job pods are rarely behind a Service. Keep it only if that is what you want.',
  );
  assert.match(seen[1].message, /^Job pod has a livenessProbe: a liveness failure kills the container; .* counting against backoffLimit\./);
});

test('a CronJob is a batch workload too', () => {
  const yaml = `apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly }
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: report
              startupProbe: { exec: { command: [true] } }
`;
  assert.deepEqual(check(yaml, RULE).map((s) => s.message.slice(0, 31)), ['CronJob pod has a startupProbe:']);
});

test('near misses: a sidecar in a Job, a Deployment with probes', () => {
  const sidecar = job('', `      initContainers:
        - name: proxy
          restartPolicy: Always
          readinessProbe: { tcpSocket: { port: 15021 } }
`);
  assert.deepEqual(check(sidecar, RULE), []);
  const deployment = sidecar.replace('kind: Job', 'kind: Deployment').replace('restartPolicy: Never\n', '');
  assert.deepEqual(check(deployment, RULE), []);
});
