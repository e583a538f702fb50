import { test } from 'node:test';
import assert from 'node:assert/strict';
import { looksLikeKubernetes } from '../../../src/core/manifest/detect';
import { rulesToSilence } from '../../../src/core/lint/config';

test('looksLikeKubernetes: YAML and JSON manifests yes, other YAML no', () => {
  assert.equal(looksLikeKubernetes('apiVersion: v1\nkind: Pod\n'), true);
  assert.equal(looksLikeKubernetes('{\n  "apiVersion": "v1",\n  "kind": "List"\n}'), true);
  assert.equal(looksLikeKubernetes('# comment\n---\napiVersion: apps/v1\nkind: Deployment\n'), true);
  assert.equal(looksLikeKubernetes('name: CI\non: push\njobs: {}\n'), false);
  assert.equal(looksLikeKubernetes('services:\n  web:\n    image: nginx\n'), false);
});

test('rulesToSilence: no duplicates next to the YAML extension; explicit modes', () => {
  assert.deepEqual(rulesToSilence('auto', { yamlExtension: false, kubernetesSchema: false }), []);
  assert.deepEqual(rulesToSilence('auto', { yamlExtension: true, kubernetesSchema: false }), ['yaml-syntax', 'schema/duplicate-key']);
  assert.equal(rulesToSilence('auto', { yamlExtension: true, kubernetesSchema: true }).length, 5);
  assert.deepEqual(rulesToSilence('on', { yamlExtension: true, kubernetesSchema: true }), []);
  assert.equal(rulesToSilence('off', { yamlExtension: false, kubernetesSchema: false }).length, 5);
});

test('big files: only pod-carrying documents count toward the inline-parse limit', async () => {
  const { podDocumentsSize } = await import('../../../src/core/manifest/split');
  const { tooBigToParseInline, INLINE_PARSE_LIMIT } = await import('../../../src/extension/limits');
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers: [{ name: a }]\n';
  const crd = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec:\n  x: "' + 'c'.repeat(2 * INLINE_PARSE_LIMIT) + '"\n';
  assert.equal(podDocumentsSize(`${pod}---\n${crd}`), pod.length);
  assert.equal(tooBigToParseInline(`${pod}---\n${crd}`), undefined, 'a CRD-heavy file is parsed inline (its CRDs are skipped)');
  const manyPods = Array.from({ length: Math.ceil((1.5 * INLINE_PARSE_LIMIT) / pod.length) }, () => pod).join('---\n');
  assert.ok((tooBigToParseInline(manyPods) ?? 0) > INLINE_PARSE_LIMIT);
});
