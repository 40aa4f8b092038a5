import { Entangle } from '@entangle/client';
globalThis.entangleFull = Entangle;
