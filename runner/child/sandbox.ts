// What a block may not do, enforced inside its process. File writes, child processes and workers
// are refused by Node's permission model (flags set by the parent); Node 24 has no network
// permission, so the network entry points are replaced here, after the backend has loaded.
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
