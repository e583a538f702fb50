// The values files offered for a chart and the status bar's label of a choice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseChoice, valuesCandidates, valuesLabel } from '../../../src/core/render/values-choice';

test('values files offered: values.yaml first, then values-*.yaml by name; other files not', () => {
  assert.deepEqual(
    valuesCandidates(['Chart.yaml', 'values-prod.yaml', 'templates', 'values.yaml', 'values-dev.yml', 'values.schema.json', 'my-values.yaml', 'values-10.yaml', 'values-9.yaml']),
    ['values.yaml', 'values-9.yaml', 'values-10.yaml', 'values-dev.yml', 'values-prod.yaml'],
  );
  assert.deepEqual(valuesCandidates(['Chart.yaml']), []);
});

test('a choice: the chart values.yaml is implied, duplicates dropped, order kept; the label names them', () => {
  assert.deepEqual(normaliseChoice(['values.yaml', './values-prod.yaml', 'values-eu.yaml', 'values-prod.yaml']), ['values-prod.yaml', 'values-eu.yaml']);
  assert.equal(valuesLabel([]), 'values.yaml');
  assert.equal(valuesLabel(['values-prod.yaml']), 'values.yaml + values-prod.yaml');
  assert.equal(valuesLabel(['../shared/values-common.yaml', 'values-prod.yaml']), 'values.yaml + values-common.yaml + values-prod.yaml');
});
