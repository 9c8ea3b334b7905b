// Which real nats-server the suites use: a container when an engine is
// reachable (Docker, or podman's socket as js-tests/containers/
// podman-setup.sh sets it up), otherwise a nats-server binary started on a
// free port. NATSK6_TEST_SERVER=container|binary forces the choice.
import { existsSync, mkdtempSync, copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { repoRoot } from './paths.js';

export type Backend =
  | { kind: 'container'; image: string; describe: string }
  | { kind: 'binary'; path: string; describe: string };

declare module 'vitest' {
  export interface ProvidedContext {
    natsBackend: Backend;
  }
}

const localServer = join(repoRoot, 'bin', 'nats-server');

function binaryBackend(): Backend {
  if (existsSync(localServer)) {
    return { kind: 'binary', path: localServer, describe: `binary ${localServer}` };
  }
  try {
    const path = execFileSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' }).trim();
    if (path) return { kind: 'binary', path, describe: `binary ${path} (from PATH)` };
  } catch {
    // fall through to the error below
  }
  throw new Error('no nats-server: run `make bin/nats-server` or put nats-server on PATH');
}

function engineConfigured(): boolean {
  return Boolean(process.env.DOCKER_HOST) || existsSync('/var/run/docker.sock');
}

/** Builds (or reuses) the FROM scratch image around the static server binary. */
async function ensureImage(): Promise<string> {
  const { getContainerRuntimeClient, GenericContainer, ImageName } = await import('testcontainers');
  const client = await getContainerRuntimeClient();
  const wanted = process.env.NATSK6_NATS_IMAGE;
  if (wanted && (await client.image.exists(ImageName.fromString(wanted)))) {
    return wanted;
  }
  if (!existsSync(localServer)) {
    throw new Error(`no image ${wanted ?? ''} and no ${localServer} to build one from`);
  }
  const ctx = mkdtempSync(join(tmpdir(), 'natsk6-image-'));
  copyFileSync(localServer, join(ctx, 'nats-server'));
  // No EXPOSE: podman reports unmapped exposed ports as null.
  writeFileSync(join(ctx, 'Dockerfile'), 'FROM scratch\nCOPY nats-server /nats-server\nENTRYPOINT ["/nats-server"]\n');
  const name = wanted ?? 'localhost/natsk6/nats-server:local';
  await GenericContainer.fromDockerfile(ctx).build(name, { deleteOnExit: false });
  return name;
}

/** Decides the backend once per run. */
export async function chooseBackend(): Promise<Backend> {
  const forced = process.env.NATSK6_TEST_SERVER;
  if (forced === 'binary') return binaryBackend();
  if (forced === 'container' || (forced === undefined && engineConfigured())) {
    try {
      const image = await ensureImage();
      return { kind: 'container', image, describe: `containers (image ${image}, engine ${process.env.DOCKER_HOST ?? 'default'})` };
    } catch (err) {
      if (forced === 'container') throw err;
      const b = binaryBackend();
      return { ...b, describe: `${b.describe} (no usable container engine: ${(err as Error).message})` };
    }
  }
  return binaryBackend();
}
