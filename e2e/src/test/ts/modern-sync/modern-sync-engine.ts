// The seed's ModernSyncEngine (../shared/seeds/004, "Modern Sync Engine Interface"), method bodies
// as the seed gives them. What the seed leaves undefined (the fields and helpers its methods use,
// who calls setupNotifications, how the offline queue drains) is filled in below and marked
// "Not in the seed"; what Entangle's hub adds to the contract is marked "Entangle:".
import { HttpClientImpl } from "./http-client.js";
import { NetworkSyncEngine } from "./network-sync-engine.js";
import type {
  ConfirmedOperation,
  HttpClient,
  ModernSyncConfig,
  NotificationMessage,
  OperationConfirmation,
  OperationConfirmedNotification,
  PendingOperation,
  StatePatch,
  StateSyncRequest,
  StateSyncResponse,
  SyncChange,
} from "./types.js";

export class ModernSyncEngine extends NetworkSyncEngine {
  private httpClient: HttpClient;
  private wsNotifications: WebSocket | null = null;
  private currentStateVersion: string = "";
  private pendingOperations: Map<number, PendingOperation> = new Map();
  private operationQueue: PendingOperation[] = [];
  // Not in the seed: fields its methods use.
  private config: ModernSyncConfig;
  private lastSyncTimestamp: number | undefined;
  private lastOperationId = 0;

  constructor(config: ModernSyncConfig) {
    // Initialize with backward compatibility
    super({
      wsUrl: config.notificationUrl || "",
      roomId: "default",
      userId: config.userId,
    });

    this.httpClient = new HttpClientImpl(config);
    this.config = config;
  }

  // 🆕 NEW: Operation-based sync methods
  async executeOperation(name: string, args: any[]): Promise<void> {
    const operation: PendingOperation = {
      name,
      args,
      id: this.generateOperationId(),
      clientId: this.config.clientId,
      timestamp: Date.now(),
    };

    this.pendingOperations.set(operation.id, operation);

    if (this.isOnline()) {
      await this.pushOperations([operation]);
    } else {
      this.operationQueue.push(operation);
    }
  }

  async syncState(): Promise<void> {
    const request: StateSyncRequest = {
      stateVersion: this.currentStateVersion,
      lastSyncTimestamp: this.lastSyncTimestamp,
    };

    const response = await this.httpClient.post<StateSyncRequest, StateSyncResponse<any>>(
      this.config.stateEndpoint || "/sync/state",
      request
    );

    this.applyStatePatch({
      stateVersion: response.stateVersion,
      operations: [], // State sync doesn't include operations
      entities: response.entities,
      deletedEntityIds: response.deletedEntityIds || [],
      timestamp: response.syncTimestamp,
      deletedEntities: response.deletedEntities, // Entangle: deleted ids with their types
    });

    this.currentStateVersion = response.stateVersion;
    this.lastSyncTimestamp = response.syncTimestamp;
  }

  private async pushOperations(operations: PendingOperation[]): Promise<void> {
    try {
      const response = await this.httpClient.post<
        { operations: PendingOperation[] },
        { confirmations: OperationConfirmation[] }
      >(this.config.operationsEndpoint || "/sync/operations", { operations });

      this.handleOperationConfirmations(response.confirmations);
    } catch (error) {
      // Add back to queue for retry
      this.operationQueue.push(...operations);
      throw error;
    }
  }

  private handleOperationConfirmations(confirmations: OperationConfirmation[]): void {
    for (const confirmation of confirmations) {
      const pendingOp = this.pendingOperations.get(confirmation.operationId);

      if (pendingOp) {
        this.pendingOperations.delete(confirmation.operationId);

        if (confirmation.success) {
          this.emit("operationConfirmed", {
            ...pendingOp,
            serverTimestamp: confirmation.serverTimestamp,
          });
        } else {
          this.emit("operationFailed", {
            operation: pendingOp,
            error: confirmation.error,
          });
        }
      }
    }
  }

  private applyStatePatch(patch: StatePatch): void {
    // Apply entities and deletions to store
    for (const entity of patch.entities) {
      this.emit("remoteChange", {
        type: "upsert",
        entityType: entity.type,
        entityId: entity.id,
        entity,
        timestamp: patch.timestamp,
        userId: "server",
        operationId: `state-${patch.timestamp}`,
      });
    }

    // Entangle: the hub sends each deleted id with its type (deletedEntities), which answers the
    // seed's TODO; a server that does not falls back to the seed's "unknown".
    const deletions = patch.deletedEntities
      || patch.deletedEntityIds.map((id) => ({ type: "unknown", id }));
    for (const deleted of deletions) {
      this.emit("remoteChange", {
        type: "delete",
        entityType: deleted.type,
        entityId: deleted.id,
        timestamp: patch.timestamp,
        userId: "server",
        operationId: `state-delete-${patch.timestamp}`,
      });
    }

    this.emit("statePatch", patch);
  }

  // Enhanced WebSocket notifications
  private setupNotifications(): void {
    if (!this.config.notificationUrl) return;

    this.wsNotifications = new WebSocket(this.config.notificationUrl);

    this.wsNotifications.onmessage = (event) => {
      const notification: NotificationMessage = JSON.parse(event.data);

      switch (notification.type) {
        case "state_changed":
          // Pull latest state via HTTP
          this.syncState().catch((error) => this.emit("error", error));
          break;

        case "operation_confirmed":
          const opNotification = notification as OperationConfirmedNotification;
          this.handleOperationConfirmations([opNotification.payload]);
          break;
      }
    };
  }

  // 🔄 COMPATIBILITY: Legacy methods still work
  async sendChange(change: Omit<SyncChange, "operationId" | "timestamp" | "userId">): Promise<void> {
    // Convert to operation
    const operation = this.convertChangeToOperation(change);
    return this.executeOperation(operation.name, operation.args);
  }

  // The seed types the parameter as SyncChange, which sendChange's argument is not.
  private convertChangeToOperation(change: Omit<SyncChange, "operationId" | "timestamp" | "userId">): {
    name: string;
    args: any[];
  } {
    switch (change.type) {
      case "upsert":
        return {
          name: `upsert${change.entityType}`,
          args: [change.entityId, change.entity],
        };
      case "delete":
        return {
          name: `delete${change.entityType}`,
          args: [change.entityId],
        };
    }
  }

  // New event handlers
  onStatePatch(handler: (patch: StatePatch) => void): void {
    this.on("statePatch", handler);
  }

  onOperationConfirmed(handler: (op: ConfirmedOperation) => void): void {
    this.on("operationConfirmed", handler);
  }

  onOperationFailed(handler: (data: { operation: PendingOperation; error: string }) => void): void {
    this.on("operationFailed", handler);
  }

  // Status methods
  getPendingOperations(): PendingOperation[] {
    return Array.from(this.pendingOperations.values());
  }

  getQueuedOperations(): PendingOperation[] {
    return [...this.operationQueue];
  }

  getCurrentStateVersion(): string {
    return this.currentStateVersion;
  }

  // Not in the seed: its NetworkSyncEngine.connect() "establishes the connection and processes the
  // offline queue". Here: the notification socket, a first pull, then whatever was queued; and the
  // queue drains again whenever the browser is back online.
  async connect(): Promise<void> {
    this.setupNotifications();
    if (typeof window !== "undefined") {
      window.addEventListener("online", () => {
        this.processOfflineQueue().catch((error) => this.emit("error", error));
      });
    }
    await this.syncState();
    await this.processOfflineQueue();
  }

  async disconnect(): Promise<void> {
    this.wsNotifications?.close();
    this.wsNotifications = null;
  }

  /** Not in the seed: pushes queued operations in batches of batchSize (10), oldest first. */
  async processOfflineQueue(): Promise<void> {
    while (this.operationQueue.length > 0 && this.isOnline()) {
      const batch = this.operationQueue.splice(0, this.config.batchSize || 10);
      await this.pushOperations(batch); // puts the batch back and throws when it fails
    }
  }

  /** Not in the seed: ids increase per client id (the hub answers a lower one as a resend). */
  private generateOperationId(): number {
    this.lastOperationId += 1;
    return this.lastOperationId;
  }

  /** Not in the seed: the browser's idea of being online. */
  private isOnline(): boolean {
    return typeof navigator === "undefined" || navigator.onLine;
  }
}
