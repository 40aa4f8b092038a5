// The seed names HttpClientImpl without giving it: a minimal one on fetch. A non-2xx answer
// rejects with the hub's {code, message} (Entangle's refusal body) on the error.
import type { HttpClient, ModernSyncConfig, RequestOptions } from "./types.js";

export class HttpError extends Error {
  constructor(readonly status: number, readonly code: string | undefined, message: string) {
    super(message);
  }
}

export class HttpClientImpl implements HttpClient {
  constructor(private readonly config: ModernSyncConfig) {}

  post<TRequest, TResponse>(endpoint: string, data: TRequest, options?: RequestOptions): Promise<TResponse> {
    return this.send<TResponse>("POST", endpoint, JSON.stringify(data), options);
  }

  get<TResponse>(endpoint: string, options?: RequestOptions): Promise<TResponse> {
    return this.send<TResponse>("GET", endpoint, undefined, options);
  }

  private async send<TResponse>(method: string, endpoint: string, body: string | undefined,
      options?: RequestOptions): Promise<TResponse> {
    const headers: Record<string, string> = { "Content-Type": "application/json", ...(options?.headers || {}) };
    if (this.config.authToken) headers["Authorization"] = "Bearer " + this.config.authToken;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options?.timeout ?? 10_000);
    try {
      const response = await fetch(this.config.baseUrl + endpoint, { method, headers, body, signal: controller.signal });
      const text = await response.text();
      if (!response.ok) {
        let refusal: { code?: string; message?: string } = {};
        try {
          refusal = JSON.parse(text);
        } catch {
          // not the hub's JSON: the status says enough
        }
        throw new HttpError(response.status, refusal.code, `${method} ${endpoint}: ${response.status} `
            + `${refusal.code || ""} ${refusal.message || text}`.trim());
      }
      return JSON.parse(text) as TResponse;
    } finally {
      clearTimeout(timer);
    }
  }
}
