import net from 'node:net';

// A TCP proxy in front of the test database, so outage tests can make the database vanish the ways a
// real one does without knowing how the server is started: `kill()` is what the driver sees of a
// SIGKILL (every connection reset, the port refusing), `hang()` is a server or network that stops
// answering with the connections still open. `revive()` serves again on the same port.
export interface TcpProxy {
  readonly port: number;
  kill(): Promise<void>;
  hang(): void;
  revive(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let hung = false;
  const onConnection = (client: net.Socket): void => {
    const upstream = net.connect(targetPort, targetHost);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.on('data', (chunk) => hung || upstream.write(chunk));
    upstream.on('data', (chunk) => hung || client.write(chunk));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  };
  let server = net.createServer(onConnection);
  const listen = (port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  const stopListening = (): Promise<void> => new Promise((resolve) => server.close(() => resolve()));
  const port = await listen(0);
  const dropAll = () => {
    for (const s of sockets) s.resetAndDestroy();
    sockets.clear();
  };
  return {
    port,
    kill: async () => {
      const closed = stopListening();
      dropAll();
      hung = false;
      await closed;
    },
    hang: () => {
      hung = true;
    },
    revive: async () => {
      if (hung) {
        hung = false;
        dropAll(); // the bytes swallowed while hung left those connections out of step
        return;
      }
      server = net.createServer(onConnection);
      await listen(port);
    },
    close: async () => {
      const closed = server.listening ? stopListening() : Promise.resolve();
      dropAll();
      await closed;
    },
  };
}
