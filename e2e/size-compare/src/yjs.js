import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
globalThis.yjs = { Y, WebsocketProvider };
