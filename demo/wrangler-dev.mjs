// `wrangler dev` for the demo and the tests: the same local runtime (workerd, with local
// D1, KV and the rate limiters, the Worker built by edge/wrangler.toml's [build] command),
// started through wrangler's own API so that the DevTools inspector can be left off.
// With it on, the wrangler CLI relays every subrequest's DevTools events (four per D1
// query) to its Node process, which writes each one to a debug log: more than half of
// each D1 query's cost on this machine, and none of it in production. Nobody attaches
// DevTools to a demo or a test run; a developer who wants them runs `npx wrangler dev`
// in edge/.
//
//   node demo/wrangler-dev.mjs --port P --persist-to DIR [--env-file F]... [--ip A]
//                              [--log-level warn] [--test-scheduled]
//
// Prints the address it serves on once ready; stops (with workerd) on SIGTERM or SIGINT.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { unstable_startWorker as startWorker } from "wrangler";

const edge = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "edge");

function options(argv) {
  const found = { envFiles: [], ip: "127.0.0.1", logLevel: "warn", testScheduled: false };
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
      default: throw new Error(`unknown option ${argv[i]}`);
    }
  }
  if (!Number.isInteger(found.port) || found.port <= 0) throw new Error("--port needs a port number");
  if (!found.persist) throw new Error("--persist-to needs a folder");
  return found;
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
  process.chdir(edge);
  worker = await startWorker({
    config: path.join(edge, "wrangler.toml"),
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
