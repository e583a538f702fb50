// Loads dist/runner.js on first use (see runner-entry.ts).
import type * as Runner from './runner-entry';

export type RunnerModule = typeof Runner;
let runner: RunnerModule | undefined;

export function loadRunner(): RunnerModule {
  // A plain require of a sibling bundle, kept external by the build (scripts/build.mjs).
  runner ??= require('./runner.js') as RunnerModule;
  return runner;
}
