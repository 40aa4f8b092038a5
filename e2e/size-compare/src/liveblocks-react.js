import { createClient } from '@liveblocks/client';
import * as LiveblocksReact from '@liveblocks/react';
globalThis.liveblocks = { createClient, LiveblocksReact };
