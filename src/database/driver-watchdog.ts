import mongoose, { type ConnectOptions } from 'mongoose';
import type { Logger } from '../logger';

// Why this exists (issue 10 item 2): after the embedded FerretDB was stopped with SIGTERM and
// started again, the MongoDB driver (7.8) answered every operation "Server selection timed out …
// connection N closed" until the service was restarted, in 2 of 4 runs of test/faults/outage.test.ts.
// Its server monitor had stopped: no heartbeat started, succeeded or failed after the outage began
// (its MonitorInterval stayed "in progress"). What happens: FerretDB closes every client connection
// at once when it shuts down; an operation's connection sees the close first, the driver marks the
// server Unknown and asks the monitor for an immediate check, which starts on the monitor's own
// connection before that connection has seen its own close. The check writes to a socket destroyed
// meanwhile: Node's write() then returns false and never emits 'drain' or 'error', so the check's
// promise never settles and the monitor never checks again. (The driver's reset of a monitor on a
// network error needs the server's topologyVersion, which MongoDB sends and FerretDB does not.)
//
// The watchdog notices exactly that state through the driver's public monitoring events: the
// server is Unknown and the monitor has said nothing (no heartbeat event) for `stuckMs`, while a
// live monitor reports a failed or succeeded check every heartbeat (1 s) against a server that is
// down. It then closes the client and connects again, retrying until the server answers; meanwhile
// requests fail at once with "not connected" (503), as they would anyway. A check legitimately
// longer than `stuckMs` (a hung, not a dead, server) costs one needless reconnect of a client that
// could not serve anything then either.

export interface DriverWatchdogOptions {
  uri: string;
  dbName: string;
  driverOptions: ConnectOptions;
  log: Logger;
  /** Unknown and silent this long: the monitor is stuck (ms). */
  stuckMs?: number;
}

type MonitoredClient = ReturnType<typeof mongoose.connection.getClient>;

/** Watches mongoose's default connection; returns a function that stops watching. */
export function watchDriver(opts: DriverWatchdogOptions): () => void {
  const stuckMs = opts.stuckMs ?? 3_000;
  let unknownSince: number | null = null;
  let lastSign = Date.now();
  let reconnecting = false;
  let stopped = false;

  const attach = (client: MonitoredClient) => {
    const sign = () => (lastSign = Date.now());
    client.on('serverHeartbeatStarted', sign);
    client.on('serverHeartbeatSucceeded', sign);
    client.on('serverHeartbeatFailed', sign);
    client.on('serverDescriptionChanged', (e) => {
      sign();
      if (e.newDescription.type === 'Unknown') unknownSince ??= Date.now();
      else unknownSince = null;
    });
  };

  const reconnect = async () => {
    reconnecting = true;
    opts.log.warn(
      { silentMs: Date.now() - lastSign },
      'the database driver has stopped checking the server: closing it and connecting again',
    );
    await mongoose.connection.close().catch(() => undefined);
    for (let attempt = 1; !stopped; attempt++) {
      try {
        await mongoose.connection.openUri(opts.uri, { dbName: opts.dbName, ...opts.driverOptions });
        attach(mongoose.connection.getClient());
        opts.log.warn({ attempt }, 'database driver connected again');
        break;
      } catch {
        await mongoose.connection.close().catch(() => undefined);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    unknownSince = null;
    lastSign = Date.now();
    reconnecting = false;
  };

  attach(mongoose.connection.getClient());
  const timer = setInterval(() => {
    if (stopped || reconnecting || unknownSince === null) return;
    const now = Date.now();
    if (now - unknownSince > stuckMs && now - lastSign > stuckMs) void reconnect();
  }, 250);
  timer.unref();
  const stop = () => {
    stopped = true;
    clearInterval(timer);
    mongoose.connection.off('close', onClose);
  };
  // Closed by someone else (disconnectDb, a test's teardown): not an outage, stop watching.
  const onClose = () => {
    if (!reconnecting) stop();
  };
  mongoose.connection.on('close', onClose);
  return stop;
}
