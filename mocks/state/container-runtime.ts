// Says, in milliseconds, whether a Docker-compatible container runtime answers, so "auto" mode
// can choose Testcontainers without waiting for a long library time-out.

import { existsSync } from 'node:fs';
import { request } from 'node:http';

export interface RuntimeProbe {
  available: boolean;
  detail: string;
}

export async function probeContainerRuntime(timeoutMs = 1500): Promise<RuntimeProbe> {
  return askDocker('/_ping', timeoutMs, (status, where) =>
    status === 200
      ? { available: true, detail: `Docker answered at ${where}` }
      : { available: false, detail: `Docker at ${where} answered ${status}` },
  );
}

/** Whether the runtime already holds `image` (no registry is reachable on some machines). */
export async function probeImage(image: string, timeoutMs = 1500): Promise<RuntimeProbe> {
  return askDocker(`/images/${encodeURIComponent(image)}/json`, timeoutMs, (status, where) =>
    status === 200
      ? { available: true, detail: `image ${image} is in Docker at ${where}` }
      : { available: false, detail: `image ${image} is not in Docker at ${where}` },
  );
}

async function askDocker(
  path: string,
  timeoutMs: number,
  judge: (status: number | undefined, where: string) => RuntimeProbe,
): Promise<RuntimeProbe> {
  const dockerHost = process.env.DOCKER_HOST;
  let target: { socketPath: string } | { host: string; port: number };
  if (dockerHost?.startsWith('tcp://')) {
    const url = new URL(dockerHost.replace('tcp://', 'http://'));
    target = { host: url.hostname, port: Number(url.port || 2375) };
  } else {
    const socketPath = dockerHost?.startsWith('unix://')
      ? dockerHost.slice('unix://'.length)
      : '/var/run/docker.sock';
    if (!existsSync(socketPath)) return { available: false, detail: `no Docker socket at ${socketPath}` };
    target = { socketPath };
  }
  return new Promise((resolve) => {
    const ping = request({ ...target, path, method: 'GET', timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(judge(response.statusCode, whereIs(target)));
    });
    ping.on('timeout', () => ping.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    ping.on('error', (error) =>
      resolve({ available: false, detail: `Docker at ${whereIs(target)}: ${error.message}` }),
    );
    ping.end();
  });
}

function whereIs(target: { socketPath: string } | { host: string; port: number }): string {
  return 'socketPath' in target ? target.socketPath : `${target.host}:${target.port}`;
}
