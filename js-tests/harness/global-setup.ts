import type { TestProject } from 'vitest/node';
import { chooseBackend } from './backend.js';

export default async function setup(project: TestProject): Promise<void> {
  const backend = await chooseBackend();
  console.log(`js-tests: nats-server from ${backend.describe}`);
  project.provide('natsBackend', backend);
}
