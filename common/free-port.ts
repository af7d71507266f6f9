import { createServer } from 'node:net';

/** Asks the kernel for a free loopback port, for a child process that cannot listen on port 0 itself. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * A port as a person writes it (flag or variable): digits from 0 (the system chooses) to 65535, or a
 * sentence naming `from` and what was given. `hint` adds to the sentence (e.g. another known port).
 */
export function parsePort(text: string, from: string, hint = ''): { port: number } | { problem: string } {
  const value = Number(text);
  if (/^\d+$/.test(text) && value <= 65_535) return { port: value };
  return { problem: `${from} "${text}" is not a port number (0-65535; 0 lets the system choose${hint}).` };
}
