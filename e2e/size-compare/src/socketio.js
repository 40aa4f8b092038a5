import { io } from 'socket.io-client';
globalThis.socketIo = io;
