import { strict as assert } from 'node:assert';
import { connect, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { makeDataDir, removeDataDir } from '../support/app';
import { endedWithin, spawnServer } from '../support/server-process';

/** A raw connection: what the server wrote, and whether it has closed the connection. */
function rawConnection(port: number): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    let data = '';
    const socket = connect(port, '127.0.0.1');
    socket.on('data', (d) => (data += d.toString()));
    socket.on('error', () => undefined);
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
    socket.once('error', reject);
  });
}

const until = async (check: () => boolean, ms: number) => {
  for (const end = Date.now() + ms; !check() && Date.now() < end;) await new Promise((r) => setTimeout(r, 20));
  return check();
};

const HALF_SENT = (port: number) =>
  `POST /oauth/token/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 29\r\n\r\ngrant_type=`;

describe('graceful shutdown on SIGTERM', () => {
  const dataDir = makeDataDir();
  after(() => removeDataDir(dataDir));

  it('finishes a request already received, closes idle keep-alive connections, refuses new ones, and exits by SHUTDOWN_TIMEOUT_SECONDS even when a request never ends', async () => {
    const server = await spawnServer(dataDir, { SHUTDOWN_TIMEOUT_SECONDS: '3' });
    try {
      const idle = await rawConnection(server.port);
      idle.socket.write(`GET /health HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`);
      assert.ok(await until(() => idle.received().includes('"status":"ok"'), 5000), 'a kept-alive connection, now idle');
      const inProgress = await rawConnection(server.port);
      inProgress.socket.write(HALF_SENT(server.port));
      const stuck = await rawConnection(server.port);
      stuck.socket.write(HALF_SENT(server.port));
      await new Promise((r) => setTimeout(r, 200));

      const signalled = Date.now();
      server.child.kill('SIGTERM');
      await Promise.race([idle.closed, new Promise((r) => setTimeout(r, 2000))]);
      assert.ok(idle.socket.destroyed || idle.socket.readableEnded, 'the idle connection is closed at once');

      inProgress.socket.write('client_credentials');
      assert.ok(await until(() => /\r\n\r\n\{/.test(inProgress.received()), 2000), `the request in progress is answered: ${inProgress.received()}`);
      assert.match(inProgress.received(), /^HTTP\/1\.1 401 /, 'with its own answer (no client credentials), not a reset');
      assert.match(inProgress.received(), /\r\nconnection: close\r\n/i);

      const fresh = await fetch(`${server.baseUrl}/health`).then(
        (res) => res.status,
        () => 'refused',
      );
      assert.ok(fresh === 503 || fresh === 'refused', `a new request is refused (${fresh})`);

      const how = await endedWithin(server, 8000);
      const took = Date.now() - signalled;
      assert.equal(how, 'code 1', server.output().slice(-2000));
      assert.ok(took < 5000, `exited ${took} ms after SIGTERM`);
      assert.match(server.output(), /still open after 3 s \(SHUTDOWN_TIMEOUT_SECONDS\)/);
    } finally {
      // Whatever failed above, no server is left running.
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    }
  });
});
