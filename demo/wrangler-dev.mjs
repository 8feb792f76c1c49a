// `wrangler dev` for the demo and the tests: the same local runtime (workerd, with local
// D1, KV and the rate limiters, the Worker built by edge/wrangler.toml's [build] command),
// started through wrangler's own API so that two of its development aids are left out:
//
// - The DevTools inspector. With it on, wrangler relays every subrequest's DevTools events
//   (four per D1 query) to its Node process, which writes each one to a debug log: more
//   than half of each D1 query's cost on this machine, and none of it in production.
// - The proxy Worker in front of the runtime. It exists to hold requests while a changed
//   Worker reloads (this edge never reloads: no watching, no live reload) and it loses
//   requests: it reaches the runtime over pooled HTTP connections that both ends close
//   after 5 s idle (kj's client idle timeout and server pipeline timeout are the same), so
//   a request sent on a connection at that moment fails with "Network connection lost",
//   and for anything but GET and HEAD it answers 503 "Your worker restarted mid-request"
//   (the runtime never restarted; wrangler compares the request's URL with the runtime's
//   origin, which never match). One lost form in a few thousand, under load.
//   Here the port is a plain TCP relay to the runtime's own socket instead: each client
//   connection is one connection to workerd, so the client sees workerd's keep-alive
//   closes itself, as it would from any HTTP server.
//
// Nobody attaches DevTools to a demo or a test run; a developer who wants them (or live
// reload) runs `npx wrangler dev` in edge/.
//
//   node demo/wrangler-dev.mjs --port P --persist-to DIR [--env-file F]... [--ip A]
//                              [--log-level warn] [--test-scheduled] [--config TOML]
//
// `--config` runs another Worker the same way (default: edge/wrangler.toml); `make bench`
// uses it for the runtime's own floor, a JavaScript Worker that answers a constant
// (bench/floor/).
//
// Prints the address it serves on once ready; stops (with workerd) on SIGTERM or SIGINT.
import path from "node:path";
import { fileURLToPath } from "node:url";
import net from "node:net";
import { unstable_DevEnv as DevEnv } from "wrangler";

const edge = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "edge");

function options(argv) {
  const found = {
    envFiles: [],
    ip: "127.0.0.1",
    logLevel: "warn",
    testScheduled: false,
    config: path.join(edge, "wrangler.toml"),
  };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value`);
      return argv[++i];
    };
    switch (argv[i]) {
      case "--port": found.port = Number(value()); break;
      case "--ip": found.ip = value(); break;
      case "--persist-to": found.persist = path.resolve(value()); break;
      case "--env-file": found.envFiles.push(path.resolve(value())); break;
      case "--log-level": found.logLevel = value(); break;
      case "--test-scheduled": found.testScheduled = true; break;
      case "--config": found.config = path.resolve(value()); break;
      default: throw new Error(`unknown option ${argv[i]}`);
    }
  }
  // 0: any free port (the address it serves on is printed once ready).
  if (!Number.isInteger(found.port) || found.port < 0) throw new Error("--port needs a port number");
  if (!found.persist) throw new Error("--persist-to needs a folder");
  return found;
}

/** A promise with its resolve and reject, as wrangler's controllers expect `ready` to be. */
function deferred() {
  let resolve, reject;
  const promise = new Promise((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

/**
 * Stands where wrangler's ProxyController would: listens on the requested address and
 * relays each TCP connection, byte for byte, to the runtime's socket once it is up.
 */
class Relay {
  constructor(devEnv, ip, port) {
    this.bus = devEnv;
    this.ip = ip;
    this.port = port;
    this.ready = deferred();
    this.sockets = new Set();
  }

  onConfigUpdate() {}
  onBundleStart() {}
  onReloadStart() {}

  onReloadComplete(event) {
    const { hostname, port } = event.proxyData.userWorkerUrl;
    this.upstream = { host: hostname, port: Number(port) };
    if (this.server) return;
    this.server = net.createServer({ noDelay: true }, (client) => this.relay(client));
    this.server.on("error", (error) => this.ready.reject(error));
    this.server.listen(this.port, this.ip, () => {
      const url = new URL(`http://${this.ip}:${this.server.address().port}/`);
      this.ready.resolve({ type: "ready", url });
    });
  }

  relay(client) {
    const runtime = net.connect({ ...this.upstream, noDelay: true });
    for (const socket of [client, runtime]) {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    }
    // Either side's error or close ends both: the client then sees what it would see
    // from workerd itself (a reset, or a keep-alive connection closed when idle).
    client.on("error", () => runtime.destroy());
    runtime.on("error", () => client.destroy());
    client.on("close", () => runtime.destroy());
    runtime.on("close", () => client.destroy());
    client.pipe(runtime);
    runtime.pipe(client);
  }

  async teardown() {
    for (const socket of this.sockets) socket.destroy();
    if (this.server) await new Promise((done) => this.server.close(done));
  }
}

let worker;
async function stop(code) {
  try {
    await worker?.dispose();
  } finally {
    process.exit(code);
  }
}
process.on("SIGTERM", () => stop(0));
process.on("SIGINT", () => stop(0));

try {
  const o = options(process.argv.slice(2));
  process.chdir(path.dirname(o.config));
  const devEnv = new DevEnv({ proxyFactory: (env) => new Relay(env, o.ip, o.port) });
  worker = await devEnv.startWorker({
    config: o.config,
    envFiles: o.envFiles,
    dev: {
      remote: false,
      inspector: false,
      persist: o.persist,
      logLevel: o.logLevel,
      watch: false,
      liveReload: false,
      server: { hostname: o.ip, port: o.port },
      testScheduled: o.testScheduled,
    },
  });
  await worker.ready;
  console.log(`edge: ready on ${(await worker.url).href}`);
} catch (error) {
  console.error(`edge: could not start: ${error?.stack ?? error}`);
  await stop(1);
}
