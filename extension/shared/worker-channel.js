// Messages to the worker travel over one long-lived port instead of one runtime.sendMessage each:
// sendMessage opens and closes a channel for every message, which made the round trip of a long
// mail's check half again as slow. A service worker may stop while nothing happens; its port then
// disconnects, and the next message opens a new one, which starts the worker again. A message
// that was on its way when the worker stopped is sent once more.

/** The name of the port; the worker answers nothing else. */
export const WORKER_PORT_NAME = 'takt';

export class WorkerChannel {
  constructor(runtime) {
    this.runtime = runtime;
    this.port = null;
    this.pending = new Map();
    this.lastId = 0;
  }

  /** Whether a port is open; when the worker stops, the browser closes it. */
  get connected() {
    return this.port !== null;
  }

  /** Sends `message` to the worker's handlers; resolves with their answer. */
  send(message) {
    return new Promise((resolve, reject) => {
      const id = ++this.lastId;
      this.pending.set(id, { message, resolve, reject, port: null, retried: false });
      this.post(id);
    });
  }

  post(id) {
    const request = this.pending.get(id);
    try {
      request.port = this.port ?? this.open();
      request.port.postMessage({ id, message: request.message });
    } catch (error) {
      // A port the browser closed before telling us: try once more on a new one.
      if (this.port === request.port) this.port = null;
      if (!request.retried) {
        request.retried = true;
        this.post(id);
        return;
      }
      // The extension was reloaded or removed: this page's copy of it can no longer talk.
      this.pending.delete(id);
      request.reject(error);
    }
  }

  open() {
    const port = this.runtime.connect({ name: WORKER_PORT_NAME });
    port.onMessage.addListener((reply) => {
      const request = this.pending.get(reply?.id);
      if (!request) return;
      this.pending.delete(reply.id);
      request.resolve(reply.response);
    });
    port.onDisconnect.addListener(() => {
      if (this.port === port) this.port = null;
      for (const [id, request] of this.pending) {
        if (request.port !== port) continue;
        if (request.retried) {
          this.pending.delete(id);
          request.reject(new Error('the worker stopped before it answered'));
        } else {
          request.retried = true;
          this.post(id);
        }
      }
    });
    this.port = port;
    return port;
  }
}
