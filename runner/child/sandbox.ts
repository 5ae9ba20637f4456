// What a block may not do, refused inside its process: the innermost and weakest layer (code in the
// same process can undo any of it). File reads outside kb, writes, child processes, workers and
// addons are refused by Node's permission model (flags set by the parent, runner/isolation.ts);
// the network, other processes and the filesystem are absent altogether under bubblewrap. Node 24
// has no network permission, so its network entry points are replaced here, after the backend has
// loaded: without bubblewrap this is what stands between a block and the network.
import type { Socket } from 'node:net';

export class SandboxError extends Error {
  override name = 'SandboxError';
}

function deny(what: string): never {
  throw new SandboxError(`${what} is not allowed in a code block (blocks run without network access)`);
}

export function denyNetwork(): void {
  globalThis.fetch = (() => Promise.reject(new SandboxError('fetch() is not allowed in a code block (blocks run without network access)'))) as typeof fetch;
  for (const name of ['WebSocket', 'EventSource', 'XMLHttpRequest']) {
    Object.defineProperty(globalThis, name, {
      configurable: true,
      value: function Denied() {
        deny(name);
      },
    });
  }
  const net = process.getBuiltinModule('node:net');
  net.Socket.prototype.connect = function connect(this: Socket) {
    return deny('Opening a socket');
  } as typeof net.Socket.prototype.connect;
  const tls = process.getBuiltinModule('node:tls');
  tls.connect = (() => deny('Opening a TLS connection')) as typeof tls.connect;
  const dgram = process.getBuiltinModule('node:dgram');
  dgram.createSocket = (() => deny('Opening a UDP socket')) as typeof dgram.createSocket;
  const dns = process.getBuiltinModule('node:dns');
  dns.lookup = (() => deny('A DNS lookup')) as unknown as typeof dns.lookup;
  dns.promises.lookup = (() => deny('A DNS lookup')) as typeof dns.promises.lookup;
  // Resolvers query DNS servers directly (`setServers` + `resolve4` reaches any address over UDP).
  const refuse = (target: object) => {
    for (const name of Object.getOwnPropertyNames(target)) {
      if (/^(resolve|reverse|lookupService|setServers)/.test(name)) Object.defineProperty(target, name, { configurable: true, writable: true, value: () => deny('A DNS query') });
    }
  };
  for (const target of [dns, dns.promises, dns.Resolver.prototype, dns.promises.Resolver.prototype]) refuse(target);
}

/** Signals and priorities of any process but this one are refused (without bubblewrap's PID namespace the parent and siblings are visible). */
export function denySignals(): void {
  const os = process.getBuiltinModule('node:os');
  const setPriority = os.setPriority.bind(os);
  os.setPriority = ((a: number, b?: number) => {
    if (b !== undefined && a !== 0 && a !== process.pid) throw new SandboxError('Changing another process\'s priority is not allowed in a code block');
    return b === undefined ? setPriority(a) : setPriority(a, b);
  }) as typeof os.setPriority;
  const kill = process.kill.bind(process);
  process.kill = ((pid: number, signal?: string | number) => {
    if (pid !== process.pid) throw new SandboxError('Signalling another process is not allowed in a code block');
    return kill(pid, signal);
  }) as typeof process.kill;
}

type Exiting = { exit: typeof process.exit; reallyExit: (code?: number) => never };

/**
 * `process.exit` would end the process before the result is reported; make it an error at the call.
 * Returns the way out for the runner itself.
 */
export function denyExit(): (code: number) => never {
  const proc = process as unknown as Exiting;
  const { exit, reallyExit } = proc;
  const refuse = (code?: number | string | null): never => {
    throw new SandboxError(`process.exit(${code ?? ''}) is not allowed in a code block`);
  };
  proc.exit = refuse as typeof process.exit;
  proc.reallyExit = refuse;
  return (code) => {
    proc.reallyExit = reallyExit;
    return exit.call(process, code);
  };
}
