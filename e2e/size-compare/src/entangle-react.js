import { Entangle } from '@entangle/client';
import * as EntangleReact from '@entangle/react';
globalThis.entangleReact = { Entangle, EntangleReact };
