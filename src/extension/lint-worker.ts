// Worker-thread entry (dist/lintWorker.js): lints one text and posts the findings back.
import { parentPort, workerData } from 'node:worker_threads';
import { lintText } from '../core/lint/engine';
import type { LintConfig } from '../core/lint/types';

const { text, file, config } = workerData as { text: string; file: string; config: LintConfig };
parentPort?.postMessage(lintText(text, file, config).findings);
