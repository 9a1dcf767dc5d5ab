// electron-vite's ambient modules (`*?modulePath`) and ELECTRON_RENDERER_URL.
/// <reference types="electron-vite/node" />
