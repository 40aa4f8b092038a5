// What the seed's ModernSyncEngine extends: an EventEmitter (Node's, in the seed; a browser has
// none, so a small one here) and the legacy NetworkSyncEngine, reduced to what the modern engine uses.
import type { SyncConfig } from "./types.js";

type Handler = (...args: any[]) => void;

export class EventEmitter {
  private handlers = new Map<string, Handler[]>();

  on(event: string, handler: Handler): this {
    this.handlers.set(event, [...(this.handlers.get(event) || []), handler]);
    return this;
  }

  off(event: string, handler: Handler): this {
    this.handlers.set(event, (this.handlers.get(event) || []).filter((h) => h !== handler));
    return this;
  }

  emit(event: string, ...args: any[]): boolean {
    const handlers = this.handlers.get(event) || [];
    for (const handler of handlers) handler(...args);
    return handlers.length > 0;
  }
}

export class NetworkSyncEngine extends EventEmitter {
  protected readonly syncConfig: SyncConfig;

  constructor(config: SyncConfig) {
    super();
    this.syncConfig = config;
  }

  async connect(): Promise<void> {}

  async disconnect(): Promise<void> {}

  getConnectionStatus(): "connected" | "connecting" | "disconnected" {
    return typeof navigator === "undefined" || navigator.onLine ? "connected" : "disconnected";
  }
}
