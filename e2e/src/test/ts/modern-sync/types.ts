// The operation-sync contract's types, as ../shared/seeds/004 (Kalphite API Specifications, "Layer 4
// Evolution: Operation-Based Sync") gives them; comments marked "Entangle:" name what the hub adds.

// Layer 4 (legacy WebSocket) types the modern engine builds on.
export type EntityId = string;
export interface Entity {
  id: EntityId;
  [field: string]: any;
}

export interface SyncConfig {
  wsUrl: string;
  roomId: string;
  userId: string;
  authToken?: string;
  reconnectAttempts?: number;
  heartbeatInterval?: number;
}

export interface SyncChange {
  type: "upsert" | "delete";
  entityType: string;
  entityId: string;
  entity?: any;
  operationId: string;
  timestamp: number;
  userId: string;
}

export interface ModernSyncConfig {
  // HTTP endpoints
  baseUrl: string; // http://api.example.com
  operationsEndpoint?: string; // /sync/operations (default)
  stateEndpoint?: string; // /sync/state (default)

  // WebSocket notifications (optional)
  notificationUrl?: string; // ws://api.example.com/sync/notify

  // Client identification
  clientId: string; // Unique client identifier
  userId: string; // User identifier

  // Configuration
  authToken?: string;
  batchSize?: number; // Default: 10
  stateVersionKey?: string; // Default: "stateVersion"
  offlineQueueLimit?: number; // Default: 1000
}

export interface PendingOperation {
  name: string; // addTodo, completeTodo, updateTitle
  args: any[]; // Operation parameters
  id: number; // Sequential per client
  clientId: string; // Client identification
  timestamp: number; // When operation was created
}

export interface OperationConfirmation {
  operationId: number; // Matches PendingOperation.id
  clientId: string; // Client that sent operation
  success: boolean; // Operation succeeded
  error?: string; // Error message if failed
  serverTimestamp: number; // Server processing time
  code?: string; // Entangle: the refusal's stable code (mutation_refused, unknown_mutator, ...)
}

export interface StateSyncRequest {
  stateVersion?: string; // Client's current state version
  entityTypes?: string[]; // Optional: limit sync scope
  lastSyncTimestamp?: number; // For delta sync
}

export interface ValidatedEntity<TSchema> {
  id: string;
  type: string;
  data: any;
  schema?: TSchema; // Entangle: the hub has no client schema to send
  isValid: boolean;
}

export interface StateSyncResponse<TSchema> {
  stateVersion: string; // New state version
  entities: ValidatedEntity<TSchema>[]; // Full or delta entities
  deletedEntityIds?: string[]; // Entities to remove
  syncTimestamp: number; // Server sync time
  deletedEntities?: { type: string; id: string }[]; // Entangle: the removed entities with their types
  full?: boolean; // Entangle: the whole state; drop what it does not list
}

export interface StatePatch {
  stateVersion: string; // New version after patch
  operations: ConfirmedOperation[]; // Operations that caused changes
  entities: Entity[]; // Entities modified/added
  deletedEntityIds: string[]; // Entities removed
  timestamp: number; // When patch was created
  deletedEntities?: { type: string; id: string }[]; // Entangle: as in StateSyncResponse
}

export interface ConfirmedOperation {
  name: string;
  args: any[];
  id: number;
  clientId: string;
  serverTimestamp: number;
  result?: any; // Operation result if any
}

// HTTP Client abstraction
export interface HttpClient {
  post<TRequest, TResponse>(endpoint: string, data: TRequest, options?: RequestOptions): Promise<TResponse>;

  get<TResponse>(endpoint: string, options?: RequestOptions): Promise<TResponse>;
}

export interface RequestOptions {
  timeout?: number;
  retries?: number;
  headers?: Record<string, string>;
}

// WebSocket notification types
export interface NotificationMessage {
  type: "state_changed" | "operation_confirmed" | "client_connected" | "client_disconnected";
  payload: any;
  timestamp: number;
}

export interface StateChangedNotification extends NotificationMessage {
  type: "state_changed";
  payload: {
    stateVersion: string;
    affectedEntityTypes: string[];
    triggerClientId?: string;
  };
}

export interface OperationConfirmedNotification extends NotificationMessage {
  type: "operation_confirmed";
  payload: OperationConfirmation;
}
