import { Entangle } from '@entangle/client/lite';
globalThis.entangleLite = Entangle;
